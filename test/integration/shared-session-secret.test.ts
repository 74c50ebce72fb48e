// Web servers on one database sign cookies with one secret: concurrent starts agree on it, and a server
// on PostgreSQL without one refuses to sign rather than issue cookies the other servers reject.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from './helpers/test-db';
import { getDb } from '@/lib/db';
import { resetEnvForTests } from '@/lib/env';
import { getSessionSecret } from '@/lib/secrets';
import { loadSharedSessionSecret } from '@/lib/shared-session-secret';

let cleanup: () => Promise<void>;
beforeAll(async () => {
  ({ cleanup } = await createTestDatabase());
});
afterAll(async () => cleanup());

describe('shared session secret', () => {
  it('is created once and the same for every concurrent caller', async () => {
    const secrets = await Promise.all(Array.from({ length: 6 }, () => loadSharedSessionSecret(getDb())));
    expect(new Set(secrets).size).toBe(1);
    expect(secrets[0]?.length).toBeGreaterThanOrEqual(64);
    expect(await loadSharedSessionSecret(getDb())).toBe(secrets[0]);
  });

  it('is required of a server on PostgreSQL', async () => {
    const saved = { url: process.env.DATABASE_URL, secret: process.env.SESSION_SECRET };
    process.env.DATABASE_URL = 'postgresql://u@127.0.0.1:9/none';
    delete process.env.SESSION_SECRET;
    resetEnvForTests();
    try {
      // Nothing in this file asked for the secret before, so the module has none cached.
      expect(() => getSessionSecret()).toThrow(/SESSION_SECRET is not set: with PostgreSQL/);
    } finally {
      process.env.DATABASE_URL = saved.url;
      if (saved.secret !== undefined) process.env.SESSION_SECRET = saved.secret;
      resetEnvForTests();
    }
  });
});
