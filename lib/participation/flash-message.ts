import 'server-only';
// A message for the participant's next page view (e.g. "Please choose an answer."), carried in a
// short-lived cookie across the POST → 303 → GET of a form submission, and tied to the item it is about
// so it never shows on another question.
import { cookies } from 'next/headers';
import { z } from 'zod';

const flashSchema = z.object({ itemId: z.string(), message: z.string().max(500) });
export type Flash = z.infer<typeof flashSchema>;

export function flashCookieName(slug: string): string {
  return `f_${slug}`;
}

export async function readFlash(slug: string): Promise<Flash | null> {
  const raw = (await cookies()).get(flashCookieName(slug))?.value;
  if (!raw) return null;
  try {
    const parsed = flashSchema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
