import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from './helpers/test-db';
import { authenticate } from '@/lib/auth/authenticate';
import { delayAfter, reserveSignInAttempt, WINDOW_MS } from '@/lib/auth/sign-in-throttle';
import { createUser } from '@/lib/users/manage-users';

let cleanup: () => Promise<void>;
beforeAll(async () => {
  ({ cleanup } = await createTestDatabase());
  await createUser({ actor: null, input: { email: 'owner@example.org', role: 'researcher', password: 'owner-password' } });
  await createUser({ actor: null, input: { email: 'colleague@example.org', role: 'researcher', password: 'colleague-password' } });
});
afterAll(async () => cleanup());

const signIn = (email: string, password: string, ip: string) => authenticate({ credentials: { email, password }, ip });

describe('sign-in throttling', () => {
  it('lets parallel attempts past the limit no more often than serial ones (the check and the count are one step)', async () => {
    const now = Date.now();
    const granted = await Promise.all(Array.from({ length: 100 }, () => reserveSignInAttempt({ email: 'race@example.org', address: '9.9.9.9', now })));
    // 5 free failures, then one attempt that starts the first 1 s delay.
    expect(granted.filter(Boolean)).toHaveLength(6);
  });

  it('refuses the right password hidden among parallel wrong ones', async () => {
    // The probe's burst: 29 wrong passwords, then the right one, all sent at once.
    const burst = [...Array.from({ length: 29 }, (_, i) => `wrong-password-${i}`), 'owner-password'];
    const results = await Promise.all(burst.map((password) => signIn('owner@example.org', password, '7.7.7.7')));
    expect(results.every((r) => r === null)).toBe(true);
  });

  it('still signs the owner in from a clean address, and a colleague behind the same address', async () => {
    // 7.7.7.7 is now throttled for the owner's account (previous test) …
    expect(await signIn('owner@example.org', 'owner-password', '8.8.8.8')).toMatchObject({ email: 'owner@example.org' });
    // … and has failed 30 times in all; a colleague on the same NAT signs into their own account.
    expect(await signIn('colleague@example.org', 'colleague-password', '7.7.7.7')).toMatchObject({ email: 'colleague@example.org' });
  });

  it('ignores a forged address only as far as the caller lets it: the address is part of the key', async () => {
    for (let i = 0; i < 6; i++) await signIn('colleague@example.org', `wrong-password-${i}`, '6.6.6.6');
    expect(await signIn('colleague@example.org', 'colleague-password', '6.6.6.6')).toBeNull();
  });

  it('delays grow after the free attempts and run out', async () => {
    const t0 = 1_000_000_000_000;
    const at = (ms: number) => reserveSignInAttempt({ email: 'slow@example.org', address: '5.5.5.5', now: t0 + ms });
    for (let i = 0; i < 5; i++) expect(await at(0)).toBe(true);
    expect(await at(0)).toBe(true); // 6th failure: wait 1 s
    expect(await at(999)).toBe(false);
    expect(await at(1000)).toBe(true); // 7th: wait 2 s
    expect(await at(2999)).toBe(false);
    expect(await at(3000)).toBe(true);
    // After a quiet window the count starts again.
    expect(await at(3000 + WINDOW_MS + 1)).toBe(true);
    expect(await at(3000 + WINDOW_MS + 1)).toBe(true);
  });

  it('a correct password resets its pair', async () => {
    for (let i = 0; i < 4; i++) await signIn('colleague@example.org', `wrong-password-${i}`, '4.4.4.4');
    expect(await signIn('colleague@example.org', 'colleague-password', '4.4.4.4')).not.toBeNull();
    for (let i = 0; i < 5; i++) await signIn('colleague@example.org', `wrong-password-${i}`, '4.4.4.4');
    expect(await signIn('colleague@example.org', 'colleague-password', '4.4.4.4')).not.toBeNull();
  });

  it('delay schedule', () => {
    expect([5, 6, 7, 8, 30].map((n) => delayAfter(n, 5))).toEqual([0, 1000, 2000, 4000, 15 * 60_000]);
  });
});
