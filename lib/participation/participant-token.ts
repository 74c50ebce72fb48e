import 'server-only';
// Participant identity: "<participantId>.<HMAC>" in an httpOnly cookie, one cookie per study. The MAC
// covers the study's slug as well as the id, so a cookie from one study is worthless under another
// study's name (issue #11: the demo cookie sent as p_face-explanations stored answers). Without the
// secret nobody can forge another participant's id.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { getSessionSecret } from '@/lib/secrets';

export function participantCookieName(slug: string): string {
  return `p_${slug}`;
}

function mac(material: string): string {
  return createHmac('sha256', getSessionSecret()).update(material).digest('base64url');
}

// NUL cannot occur in a slug or an id, so (slug, id) pairs cannot collide.
const boundMac = (slug: string, id: string) => mac(`participant\u0000${slug}\u0000${id}`);
/** The format before tokens named their study; still read, but only with a database check (below). */
const legacyMac = (id: string) => mac(`participant:${id}`);

export function signParticipantId(participantId: string, slug: string): string {
  return `${participantId}.${boundMac(slug, participantId)}`;
}

function macMatches(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

export type VerifiedToken = { participantId: string; bound: true } | { participantId: string; bound: false };

/**
 * The participant id, or null for a missing, malformed, forged or other-study token. A token issued before
 * tokens were bound to their study comes back with `bound: false`: the caller must check in the database
 * that the participant belongs to this study (participant-session.ts does).
 */
export function verifyParticipantToken(token: string | undefined, slug: string): VerifiedToken | null {
  if (!token) return null;
  const dot = token.lastIndexOf('.');
  if (dot <= 0) return null;
  const id = token.slice(0, dot);
  const given = token.slice(dot + 1);
  if (macMatches(given, boundMac(slug, id))) return { participantId: id, bound: true };
  if (macMatches(given, legacyMac(id))) return { participantId: id, bound: false };
  return null;
}
