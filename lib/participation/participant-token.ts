import 'server-only';
// Participant identity: "<participantId>.<HMAC>" in an httpOnly cookie, one cookie per study.
// Without the secret nobody can forge another participant's id.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { getSessionSecret } from '@/lib/secrets';

export function participantCookieName(slug: string): string {
  return `p_${slug}`;
}

function mac(value: string): string {
  return createHmac('sha256', getSessionSecret()).update(`participant:${value}`).digest('base64url');
}

export function signParticipantId(participantId: string): string {
  return `${participantId}.${mac(participantId)}`;
}

/** The participant id, or null for a missing, malformed or forged token. */
export function verifyParticipantToken(token: string | undefined): string | null {
  if (!token) return null;
  const dot = token.lastIndexOf('.');
  if (dot <= 0) return null;
  const id = token.slice(0, dot);
  const given = Buffer.from(token.slice(dot + 1));
  const expected = Buffer.from(mac(id));
  return given.length === expected.length && timingSafeEqual(given, expected) ? id : null;
}
