import { afterAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from './helpers/test-db';
import { checkHealth } from '@/lib/health';
import { resetEnvForTests } from '@/lib/env';
import { resetDb } from '@/lib/db';

describe('health', () => {
  let cleanup: (() => Promise<void>) | undefined;
  afterAll(async () => cleanup?.());

  it('reports ok and the database kind when the database answers', async () => {
    ({ cleanup } = await createTestDatabase());
    // No worker pool in a test process: said in words, never null (issue #16).
    expect(await checkHealth()).toMatchObject({ ok: true, database: 'sqlite', tensorflowBackend: 'none' });
  });

  it('reports the reason when the database is unreachable', async () => {
    process.env.DATABASE_URL = 'file:/nonexistent-dir/for/sure/app.db';
    resetEnvForTests();
    await resetDb();
    const h = await checkHealth();
    expect(h.ok).toBe(false);
    expect(h.reason).toMatch(/^database unreachable/);
  });
});
