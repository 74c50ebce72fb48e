import 'server-only';
// Reads and writes the participant cookie through Next's request context.
import { cookies } from 'next/headers';
import { getEnv } from '@/lib/env';
import { participantCookieName, signParticipantId, verifyParticipantToken } from '@/lib/participation/participant-token';

export async function currentParticipantId(slug: string): Promise<string | null> {
  const jar = await cookies();
  return verifyParticipantToken(jar.get(participantCookieName(slug))?.value);
}

export async function setParticipantCookie(slug: string, participantId: string): Promise<void> {
  const jar = await cookies();
  jar.set(participantCookieName(slug), signParticipantId(participantId), {
    httpOnly: true,
    sameSite: 'lax',
    secure: getEnv().PUBLIC_URL.startsWith('https://'),
    path: '/',
    maxAge: 60 * 60 * 24 * 60,
  });
}
