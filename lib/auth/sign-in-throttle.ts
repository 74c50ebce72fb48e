import 'server-only';
// Sign-in throttling (README "Sign-in throttling"). Every attempt is counted as a failure *before* the
// password is checked, by one conditional upsert per key that also refuses the attempt while the key is
// in its delay. Parallel attempts are therefore serialised by the database: 100 wrong passwords sent at
// once get at most `free + 1` password checks, not 73 (issue #11). A correct password takes its attempt
// back (the pair is reset, the wider counters decremented).
//
// Keys and their limits (failures within WINDOW_MS; after `free` failures each further attempt must wait
// a delay that doubles from 1 s up to 15 min):
// - (account, address): 5 free. The limit an attacker guessing one account from one address meets; a
//   colleague on another address, or behind the same NAT signing into another account, is unaffected.
// - account over all addresses: 50 free. Slows guessing one account from many addresses, without letting
//   five wrong guesses lock the owner out.
// - address over all accounts: 100 free. Slows one address spraying passwords over many accounts, high
//   enough that a lab behind one NAT does not lock itself out.
import { Prisma } from '@/lib/generated/prisma/client';
import { databaseKind, getDb } from '@/lib/db';

export const WINDOW_MS = 15 * 60_000;
const BASE_DELAY_MS = 1000;
const MAX_DELAY_MS = 15 * 60_000;

export interface ThrottleRule {
  scope: 'pair' | 'account' | 'address';
  free: number;
}

export const THROTTLE_RULES: readonly ThrottleRule[] = [
  { scope: 'pair', free: 5 },
  { scope: 'account', free: 50 },
  { scope: 'address', free: 100 },
];

/** Delay after the `failures`-th failure under a rule: none while free, then 1 s, 2 s, 4 s … ≤ 15 min. */
export function delayAfter(failures: number, free: number): number {
  if (failures <= free) return 0;
  return Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** Math.min(failures - free - 1, 20));
}

function keyFor(scope: ThrottleRule['scope'], email: string, address: string): string {
  if (scope === 'pair') return `pair:${email}|${address}`;
  return scope === 'account' ? `account:${email}` : `address:${address}`;
}

/**
 * Counts one attempt under one key, unless the key is in its delay. One statement: the upsert's WHERE makes
 * the check and the increment atomic, on SQLite and PostgreSQL alike. The delay expression mirrors
 * delayAfter() (the shift is capped so it cannot overflow). Columns are qualified with the table name
 * because PostgreSQL finds a bare "failures" ambiguous between the row and EXCLUDED; the scalar minimum
 * is MIN() on SQLite and LEAST() on PostgreSQL, whose parameters also need explicit bigint types.
 */
async function countAttempt(key: string, free: number, now: number): Promise<boolean> {
  const windowStart = now - WINDOW_MS;
  const pg = databaseKind() === 'postgresql';
  const least = pg ? Prisma.raw('LEAST') : Prisma.raw('MIN');
  const n = (v: number) => (pg ? Prisma.sql`CAST(${v} AS BIGINT)` : Prisma.sql`${v}`);
  const failures = Prisma.raw('"SignInThrottle"."failures"');
  const lastFailureAt = Prisma.raw('"SignInThrottle"."lastFailureAt"');
  const counted = Prisma.sql`(CASE WHEN ${lastFailureAt} < ${n(windowStart)} THEN 1 ELSE ${failures} + 1 END)`;
  const rows = await getDb().$queryRaw<{ failures: number | bigint }[]>`
    INSERT INTO "SignInThrottle" ("key", "failures", "blockedUntil", "lastFailureAt")
    VALUES (${key}, 1, ${n(now + delayAfter(1, free))}, ${n(now)})
    ON CONFLICT ("key") DO UPDATE SET
      "failures" = ${counted},
      "blockedUntil" = ${n(now)} + CASE
        WHEN ${counted} <= ${free} THEN 0
        ELSE ${least}(${n(MAX_DELAY_MS)}, ${n(BASE_DELAY_MS)} << ${least}(${failures} - ${free}, 20)) END,
      "lastFailureAt" = ${n(now)}
    WHERE "SignInThrottle"."blockedUntil" <= ${n(now)}
    RETURNING "failures"`;
  return rows.length === 1;
}

/**
 * Reserves an attempt for (email, address): true when the password may be checked. Keys are tried
 * narrowest first; a refusal by a wider key leaves the narrower ones counted (an attempt was made).
 */
export async function reserveSignInAttempt(options: { email: string; address: string; now?: number }): Promise<boolean> {
  const now = options.now ?? Date.now();
  for (const rule of THROTTLE_RULES) {
    if (!(await countAttempt(keyFor(rule.scope, options.email, options.address), rule.free, now))) return false;
  }
  return true;
}

/** A correct password: the pair starts afresh and the wider counters take this attempt back. */
export async function releaseSignInAttempt(options: { email: string; address: string }): Promise<void> {
  const db = getDb();
  const pair = keyFor('pair', options.email, options.address);
  const wider = [keyFor('account', options.email, options.address), keyFor('address', options.email, options.address)];
  await db.$transaction([
    db.signInThrottle.deleteMany({ where: { key: pair } }),
    db.signInThrottle.updateMany({ where: { key: { in: wider }, failures: { gt: 0 } }, data: { failures: { decrement: 1 } } }),
  ]);
}
