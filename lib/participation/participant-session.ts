import 'server-only';
// Reads the participant cookie through Next's request context; the cookie's options live here too.
import { cookies } from 'next/headers';
import { getDb } from '@/lib/db';
import { getEnv } from '@/lib/env';
import { participantCookieName, verifyParticipantToken } from '@/lib/participation/participant-token';

/** The participant of this study named by its cookie, or null (no cookie, forged, or another study's). */
export async function currentParticipantId(slug: string): Promise<string | null> {
  const jar = await cookies();
  const token = verifyParticipantToken(jar.get(participantCookieName(slug))?.value, slug);
  if (!token) return null;
  if (token.bound) return token.participantId;
  // A token from before tokens named their study: honoured only for a participant of this study.
  const p = await getDb().participant.findUnique({ where: { id: token.participantId }, select: { study: { select: { slug: true } } } });
  return p?.study.slug === slug ? token.participantId : null;
}

export function participantCookieOptions() {
  return { httpOnly: true, sameSite: 'lax' as const, secure: getEnv().PUBLIC_URL.startsWith('https://'), path: '/', maxAge: 60 * 60 * 24 * 60 };
}
