import { afterAll, describe, expect, it } from 'vitest';
import { createTestDatabase, testDatabaseKind } from './helpers/test-db';
import { checkHealth } from '@/lib/health';
import { resetEnvForTests } from '@/lib/env';
import { resetDb } from '@/lib/db';

describe('health', () => {
  let cleanup: (() => Promise<void>) | undefined;
  afterAll(async () => cleanup?.());

  it('reports ok and the database kind when the database answers', async () => {
    ({ cleanup } = await createTestDatabase());
    // No worker pool in a test process: said in words, never null (issue #16).
    // `database` names the database this run uses: 'sqlite', or 'postgresql' under npm run test:postgresql.
    expect(await checkHealth()).toMatchObject({ ok: true, database: testDatabaseKind(), tensorflowBackend: 'none' });
  });

  it('reports the reason when the database is unreachable', async () => {
    process.env.DATABASE_URL = 'file:/nonexistent-dir/for/sure/app.db';
    resetEnvForTests();
    await resetDb();
    const h = await checkHealth();
    expect(h.ok).toBe(false);
    expect(h.reason).toMatch(/^database unreachable/);
  });

  it('reports an unreachable PostgreSQL server as postgresql, with the reason', async () => {
    // Port 9 (discard) has no PostgreSQL server: the client must fail, not hang or crash the process.
    process.env.DATABASE_URL = 'postgresql://nobody@127.0.0.1:9/none';
    resetEnvForTests();
    await resetDb();
    const h = await checkHealth();
    expect(h).toMatchObject({ ok: false, database: 'postgresql' });
    expect(h.reason).toMatch(/^database unreachable/);
    await resetDb();
  });
});
