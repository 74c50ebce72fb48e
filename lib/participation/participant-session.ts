import 'server-only';
// Reads the participant cookie through Next's request context; the cookie's options live here too.
import { cookies } from 'next/headers';
import { getEnv } from '@/lib/env';
import { participantCookieName, verifyParticipantToken } from '@/lib/participation/participant-token';

export async function currentParticipantId(slug: string): Promise<string | null> {
  const jar = await cookies();
  return verifyParticipantToken(jar.get(participantCookieName(slug))?.value);
}

export function participantCookieOptions() {
  return { httpOnly: true, sameSite: 'lax' as const, secure: getEnv().PUBLIC_URL.startsWith('https://'), path: '/', maxAge: 60 * 60 * 24 * 60 };
}
