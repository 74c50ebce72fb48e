// Transactions run on the libsql client's own connection (lib/db-shared-connection.ts, issue #13): the
// client used to open a new SQLite connection per transaction and never close it, so every answer left
// a file descriptor (and its memory) behind. Also: commits stick, a failed transaction leaves nothing,
// and concurrent transactions are serialised, not interleaved.
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from './helpers/test-db';
import { getDb, withTransaction } from '@/lib/db';

let cleanup: () => Promise<void>;
beforeAll(async () => {
  ({ cleanup } = await createTestDatabase());
});
afterAll(async () => cleanup());

const openFds = () => fs.readdirSync('/proc/self/fd').length;
const attempt = (email: string) => ({ email, ip: '127.0.0.1', success: false });

describe('transactions on the shared connection', () => {
  it('200 transactions leave no connections behind', async () => {
    await withTransaction((tx) => tx.signInAttempt.create({ data: attempt('warm@x') }));
    const before = openFds();
    for (let i = 0; i < 200; i++) await withTransaction((tx) => tx.signInAttempt.create({ data: attempt(`fd${i}@x`) }));
    // Was one descriptor per transaction (+200); allow a little slack for the runtime's own files.
    expect(openFds() - before).toBeLessThan(10);
    expect(await getDb().signInAttempt.count({ where: { email: { startsWith: 'fd' } } })).toBe(200);
  });

  it('a transaction that throws leaves nothing, and the next one works', async () => {
    await expect(withTransaction(async (tx) => {
      await tx.signInAttempt.create({ data: attempt('rolled-back@x') });
      throw new Error('boom');
    })).rejects.toThrow('boom');
    expect(await getDb().signInAttempt.count({ where: { email: 'rolled-back@x' } })).toBe(0);
    await withTransaction((tx) => tx.signInAttempt.create({ data: attempt('after@x') }));
    expect(await getDb().signInAttempt.count({ where: { email: 'after@x' } })).toBe(1);
  });

  it('concurrent transactions with reads in between are serialised and all commit', async () => {
    const n = 40;
    await Promise.all(Array.from({ length: n }, (_, i) => Promise.all([
      withTransaction(async (tx) => {
        const seen = await tx.signInAttempt.count({ where: { email: { startsWith: 'c' } } });
        await tx.signInAttempt.create({ data: { ...attempt(`c${i}@x`), ip: String(seen) } });
      }),
      getDb().signInAttempt.count(),
    ])));
    const rows = await getDb().signInAttempt.findMany({ where: { email: { startsWith: 'c' } } });
    expect(rows).toHaveLength(n);
    // Each transaction saw every earlier one: the counts read inside are 0…n−1, each once.
    expect(rows.map((r) => Number(r.ip)).sort((a, b) => a - b)).toEqual(Array.from({ length: n }, (_, i) => i));
  });
});
