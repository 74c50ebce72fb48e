// `npm run db:copy` against real databases: a SQLite database with rows in every table (a published
// study with its queued images, the example respondents, an upload, a finished image, a cached
// visualisation, sign-in records) and its DATA_DIR files is copied into a fresh PostgreSQL database
// (TEST_POSTGRES_URL set), or into a second SQLite file otherwise, so the test runs either way. Every
// row must arrive identical (dates, BigInt and Bytes columns included) and every file as a StoredBlob row.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPostgresqlDatabase, createTestDatabase, testDatabaseKind } from './helpers/test-db';
import { finishStimulus, measure, noisePng, report } from './helpers/finish-stimulus';
import type { Actor } from '@/lib/auth/roles';
import { recordAudit } from '@/lib/audit/record-audit';
import { getDb, type Db } from '@/lib/db';
import { copyDatabase, type CopyProgress } from '@/lib/db-copy/copy-database';
import { COPY_TABLES, delegateOf } from '@/lib/db-copy/copy-tables';
import { openClient } from '@/lib/db-copy/open-client';
import { loadExampleData } from '@/lib/example-data/load-example-data';
import { getFaceLibrary } from '@/lib/faces/face-library';
import { uploadSourceImage } from '@/lib/images/upload-source-image';
import { classCacheFile, writeClassCache } from '@/lib/stimuli/stimulus-store';
import { publishStudyVersion } from '@/lib/studies/publish-study';
import { studySchema } from '@/lib/studies/study-schema';
import { createUser } from '@/lib/users/manage-users';
import faceExplanations from '@/studies/face-explanations';

let cleanupSource: () => Promise<void>;
let sourceUrl = '';
let dataDir = '';
let target: { url: string; drop: () => Promise<void> };
const allBytes = Buffer.from(Array.from({ length: 1024 }, (_, i) => (i * 7) % 256));
// Epoch milliseconds (what the BigInt columns hold) far above 2^32, so a 32-bit column would not hold it.
// (libsql reads integers as JavaScript numbers, so the app's SQLite cannot hold values above 2^53 at all.)
const BIG = 4_102_444_800_123n;
let uploadId = '';
let finishedId = '';

async function seedEveryTable(): Promise<void> {
  const db = getDb();
  const u = await createUser({ actor: null, input: { email: 'owner@copy.test', role: 'researcher', password: 'long-enough-password' } });
  const actor: Actor = { id: u.id, email: u.email, role: 'researcher' };
  const analyst = await createUser({ actor: null, input: { email: 'analyst@copy.test', role: 'analyst', password: 'long-enough-password' } });
  const published = await publishStudyVersion({ study: studySchema.parse(faceExplanations) });
  await db.study.update({ where: { id: published.studyId }, data: { ownerId: actor.id, source: 'ui' } });
  await db.studyCollaborator.create({ data: { studyId: published.studyId, userId: analyst.id, role: 'analyst' } });
  await recordAudit(db, { actor, action: 'study.share', studyId: published.studyId, detail: { with: analyst.email } });
  await loadExampleData();
  await db.signInAttempt.create({ data: { email: 'owner@copy.test', ip: '203.0.113.9', success: false, createdAt: new Date('2026-01-02T03:04:05.678Z') } });
  await db.signInThrottle.create({ data: { key: 'account:owner@copy.test', failures: 3, blockedUntil: BIG, lastFailureAt: 1_767_323_045_678n } });
  const lib = getFaceLibrary();
  uploadId = (await uploadSourceImage({ actor, fileName: 'portrait.jpg', bytes: fs.readFileSync(path.join(lib.dir, lib.files[0] ?? '')) })).id;
  const stimulus = await db.stimulus.findFirstOrThrow({ where: { method: 'face' }, orderBy: { id: 'asc' } });
  finishedId = stimulus.id;
  await finishStimulus(finishedId, { png: await noisePng('copy'), quality: report('saliency', [measure('a', true)]) });
  await writeClassCache(classCacheFile('f'.repeat(64)), { png: await noisePng('class'), explanation: { method: 'visualization-tv' }, quality: report('visualization', [measure('b', false)]) });
  // A SQLite deployment keeps its files in DATA_DIR, so StoredBlob is empty there unless written directly.
  await db.storedBlob.create({ data: { key: 'uploads/direct.bin', bytes: new Uint8Array(allBytes), size: allBytes.length, createdAt: new Date('2025-12-31T23:59:59.999Z') } });
}

async function allRows(client: Db, model: (typeof COPY_TABLES)[number]): Promise<unknown[]> {
  return delegateOf(client, model.model).findMany({ orderBy: model.key.map((k) => ({ [k]: 'asc' })), take: 1_000_000 });
}

beforeAll(async () => {
  // The source is SQLite in every run: db:copy exists to move a SQLite deployment onto PostgreSQL.
  const source = await createTestDatabase({ kind: 'sqlite' });
  ({ cleanup: cleanupSource, url: sourceUrl, dir: dataDir } = source);
  await seedEveryTable();
  if (testDatabaseKind() === 'postgresql') {
    target = await createPostgresqlDatabase();
  } else {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'facexai-copy-target-'));
    target = { url: `file:${path.join(dir, 'target.db')}`, drop: async () => fs.rmSync(dir, { recursive: true, force: true }) };
  }
}, 180_000);
afterAll(async () => {
  await target?.drop();
  await cleanupSource();
});

describe('db:copy', () => {
  it('copies every row and every file, identically, and reports equal counts', async () => {
    const progress: CopyProgress[] = [];
    // copyFiles: on by default only for a PostgreSQL target; forced here so the SQLite run checks it too.
    const result = await copyDatabase({ from: sourceUrl, to: target.url, dataDir, batchSize: 37, copyFiles: true }, (p) => progress.push(p));
    expect(result.migrationsApplied.length).toBeGreaterThan(0);
    // 1 stimulus PNG, 2 class-cache files, 1 upload.
    expect(result.files).toBe(4);
    for (const t of result.tables) {
      expect(t.target, t.model).toBe(t.source);
      expect(t.source, `${t.model} should have been seeded`).toBeGreaterThan(0);
    }
    expect(result.tables.find((t) => t.model === 'Response')?.source).toBeGreaterThan(1000);
    expect(progress.at(-1)).toMatchObject({ done: progress.at(-1)?.total });

    const source = openClient(sourceUrl);
    const copy = openClient(target.url);
    try {
      for (const table of COPY_TABLES) {
        if (table.model === 'StoredBlob') continue;
        expect(await allRows(copy, table), table.model).toEqual(await allRows(source, table));
      }
      const throttle = await copy.signInThrottle.findUniqueOrThrow({ where: { key: 'account:owner@copy.test' } });
      expect([throttle.blockedUntil, throttle.lastFailureAt]).toEqual([BIG, 1_767_323_045_678n]);
      const attempt = await copy.signInAttempt.findFirstOrThrow();
      expect(attempt.createdAt.toISOString()).toBe('2026-01-02T03:04:05.678Z');
      const direct = await copy.storedBlob.findUniqueOrThrow({ where: { key: 'uploads/direct.bin' } });
      expect([Buffer.from(direct.bytes).equals(allBytes), direct.size, direct.createdAt.toISOString()]).toEqual([true, allBytes.length, '2025-12-31T23:59:59.999Z']);
      // Each DATA_DIR file became the row its key names, byte for byte.
      const keys = [`stimuli-store/${finishedId}.png`, `visualization-cache/${'f'.repeat(64)}.png`, `visualization-cache/${'f'.repeat(64)}.json`, `uploads/${uploadId}.jpg`];
      for (const key of keys) {
        const row = await copy.storedBlob.findUniqueOrThrow({ where: { key } });
        const file = fs.readFileSync(path.join(dataDir, key));
        expect(Buffer.from(row.bytes).equals(file), key).toBe(true);
        expect(row.size).toBe(file.length);
      }
      expect(await copy.storedBlob.count()).toBe(keys.length + 1);
    } finally {
      await Promise.all([source.$disconnect(), copy.$disconnect()]);
    }
  }, 180_000);

  it('refuses a target that has rows, and replaces them all with --force', async () => {
    await expect(copyDatabase({ from: sourceUrl, to: target.url, dataDir })).rejects.toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(/already has rows: User \(2\).*--force/) });
    const copy = openClient(target.url);
    try {
      await copy.signInAttempt.create({ data: { email: 'extra@copy.test', ip: '198.51.100.1', success: true } });
      const result = await copyDatabase({ from: sourceUrl, to: target.url, dataDir, force: true, copyFiles: true });
      expect(result.tables.every((t) => t.source === t.target)).toBe(true);
      expect(await copy.signInAttempt.count({ where: { email: 'extra@copy.test' } })).toBe(0);
      expect(await copy.storedBlob.count()).toBe(5);
    } finally {
      await copy.$disconnect();
    }
  }, 180_000);

  it('refuses bad options before touching either database', async () => {
    await expect(copyDatabase({ from: sourceUrl, to: sourceUrl, dataDir })).rejects.toThrow(/same database/);
    await expect(copyDatabase({ from: 'mysql://x', to: target.url, dataDir })).rejects.toThrow(/file:<path> \(SQLite\) or postgresql/);
  });
});
