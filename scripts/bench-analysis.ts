// `npm run bench:analysis`: seeds 5 000 participants × 20 answers into a temporary SQLite database (or,
// with BENCH_POSTGRES_URL=postgresql://…/postgres, a fresh database on that PostgreSQL server), then times every dashboard view (median of several runs) and the full CSV export (rows per second,
// retained memory as it goes), and prints each figure against its target. A benchmark, not a timed test: the
// numbers depend on the machine and what else runs on it.
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createClient, type InStatement } from '@libsql/client';
import pg from 'pg';
import { isPostgresqlUrl } from '@/lib/database-url';
import { createPostgresqlDatabase } from '@/lib/db-create-postgresql';
import { getEnv, resetEnvForTests } from '@/lib/env';
import { migrateDatabase } from '@/lib/db-migrate';
import { getDb, resetDb } from '@/lib/db';
import { getFaceLibrary } from '@/lib/faces/face-library';
import { studySchema, type StudyInput } from '@/lib/studies/study-schema';
import { publishStudyVersion } from '@/lib/studies/publish-study';
import { createUser } from '@/lib/users/manage-users';
import type { Actor } from '@/lib/auth/roles';
import { loadAnalysisScope } from '@/lib/analysis/load-analysis-scope';
import { computeExclusions } from '@/lib/analysis/compute-exclusions';
import { getFunnel } from '@/lib/analysis/get-funnel';
import { getItemTimes } from '@/lib/analysis/get-item-times';
import { getSampleComposition } from '@/lib/analysis/get-sample-composition';
import { getPreferenceSplit } from '@/lib/analysis/get-preference-split';
import { getPooledPreference } from '@/lib/analysis/get-pooled-preference';
import { getQuestionBreakdown } from '@/lib/analysis/get-question-breakdown';
import { getResultsDashboard } from '@/lib/analysis/get-results-dashboard';
import { getAccuracy } from '@/lib/analysis/get-accuracy';
import { getAgreement } from '@/lib/analysis/get-agreement';
import { exportChunks } from '@/lib/analysis/export-responses';
import { dashboardQuerySchema, exportQuerySchema } from '@/lib/analysis/analysis-query-schema';

const PARTICIPANTS = 5_000;
// Issue #12: every view (the pooled preference with 2000 bootstrap resamples per group and 2000
// permutations included) under 300 ms at this size, and the whole results page under 800 ms.
const VIEW_TARGET_MS = 300;
const PAGE_TARGET_MS = 800;
const EXPORT_TARGET_ROWS_PER_S = 50_000;
const RUNS = 5;

function benchStudy(): StudyInput {
  const faces = getFaceLibrary().files;
  const methods = ['saliency', 'inversion', 'visualization'];
  const options = methods.map((m, k) => ({ value: `o${k + 1}`, src: `faces:${faces[k % faces.length] ?? ''}`, alt: m, method: m }));
  return {
    slug: 'bench',
    title: 'Analysis benchmark',
    consent: { body: 'Benchmark.' },
    blocks: [{
      id: 'all',
      items: [
        { id: 'practitioner', type: 'single-choice', background: true, prompt: 'Deep learning practitioner?', options: [{ value: 'yes', label: 'Yes' }, { value: 'no', label: 'No' }] },
        { id: 'used_xai', type: 'multiple-choice', background: true, prompt: 'XAI methods used', options: methods.map((m) => ({ value: m, label: m })).concat([{ value: 'none', label: 'None' }]) },
        { id: 'trust', type: 'likert', background: true, prompt: 'Trust', anchors: { min: 'low', max: 'high' } },
        ...[1, 2, 3].map((k) => ({ id: `l${k}`, type: 'likert' as const, prompt: `Likert ${k}`, anchors: { min: 'low', max: 'high' } })),
        ...[1, 2, 3, 4, 5, 6, 7].map((k) => ({ id: `pref${k}`, type: 'image-choice' as const, prompt: `Preference ${k}`, options })),
        ...[1, 2].map((k) => ({ id: `int${k}`, type: 'intruder' as const, prompt: `Odd one out ${k}`, probe: { layer: 'dense2', unit: String(k) }, correct: 'o3', options })),
        { id: 'coh1', type: 'coherency', prompt: 'In common?', probe: { layer: 'dense2', unit: '1' }, images: options, options: methods.map((m) => ({ value: m, label: m })) },
        ...[1, 2].map((k) => ({ id: `multi${k}`, type: 'image-choice' as const, prompt: `Useful ${k}`, options, multiple: true, minSelected: 0 })),
        { id: 'att', type: 'attention-check', prompt: 'Choose blue', correct: 'blue', options: [{ value: 'red', label: 'Red' }, { value: 'blue', label: 'Blue' }] },
        { id: 'comments', type: 'free-text', prompt: 'Comments', required: false },
      ],
    }],
  };
}

/** A deterministic stream of pseudo-random numbers, so every run seeds the same data. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

/** Runs one batch of `?`-parameter statements in one transaction, on SQLite or PostgreSQL. */
type BatchWriter = { write(statements: InStatement[]): Promise<void>; close(): Promise<void> };

async function batchWriter(url: string): Promise<BatchWriter> {
  if (!isPostgresqlUrl(url)) {
    const client = createClient({ url });
    return { write: async (st) => void (await client.batch(st, 'write')), close: async () => client.close() };
  }
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  return {
    async write(statements) {
      await client.query('BEGIN');
      for (const st of statements) {
        if (typeof st === 'string') throw new Error('statements carry parameters');
        let n = 0;
        await client.query(st.sql.replace(/\?/g, () => `$${++n}`), st.args as unknown[]);
      }
      await client.query('COMMIT');
    },
    // Planner statistics for the freshly loaded tables, as autovacuum would gather them shortly after.
    close: async () => {
      await client.query('ANALYZE');
      await client.end();
    },
  };
}

async function seed(url: string, studyId: string, versionId: string): Promise<number> {
  const client = await batchWriter(url);
  const random = rng(42);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)] ?? (xs[0] as T);
  const iso = (ms: number) => new Date(ms).toISOString().replace('Z', '+00:00');
  const t0 = Date.UTC(2026, 0, 1);
  let answers = 0;
  for (let start = 0; start < PARTICIPANTS; start += 500) {
    const statements: InStatement[] = [];
    for (let k = start; k < Math.min(PARTICIPANTS, start + 500); k++) {
      const id = `bench${String(k).padStart(6, '0')}`;
      const consented = t0 + k * 60_000;
      const duration = 200_000 + Math.floor(random() * 400_000) * (random() < 0.05 ? 0.1 : 1);
      statements.push({ sql: 'INSERT INTO "Participant" ("id", "studyId", "studyVersionId", "status", "condition", "seed", "startedAt", "consentedAt", "completedAt", "lastSeenAt") VALUES (?, ?, ?, ?, NULL, ?, ?, ?, ?, ?)', args: [id, studyId, versionId, 'completed', k, iso(consented), iso(consented), iso(consented + duration), iso(consented + duration)] });
      const straight = random() < 0.03 ? String(1 + Math.floor(random() * 5)) : null;
      const values: [string, unknown][] = [
        ['practitioner', pick(['yes', 'no'])],
        ['used_xai', random() < 0.3 ? ['none'] : ['saliency', 'inversion', 'visualization'].filter(() => random() < 0.5)],
        ['trust', Number(straight ?? 1 + Math.floor(random() * 5))],
        ...[1, 2, 3].map((i): [string, unknown] => [`l${i}`, Number(straight ?? 1 + Math.floor(random() * 5))]),
        ...[1, 2, 3, 4, 5, 6, 7].map((i): [string, unknown] => [`pref${i}`, pick(['o1', 'o2', 'o3'])]),
        ...[1, 2].map((i): [string, unknown] => [`int${i}`, random() < 0.6 ? 'o3' : pick(['o1', 'o2'])]),
        ['coh1', random() < 0.5 ? 'saliency' : pick(['inversion', 'visualization'])],
        ...[1, 2].map((i): [string, unknown] => [`multi${i}`, ['o1', 'o2', 'o3'].filter(() => random() < 0.5)]),
        ['att', random() < 0.04 ? 'red' : 'blue'],
        ['comments', random() < 0.5 ? 'Interesting, "quoted", with a comma' : null],
      ];
      values.forEach(([itemId, value], position) => {
        statements.push({
          sql: 'INSERT INTO "Response" ("id", "participantId", "itemId", "value", "optionOrder", "position", "responseTimeMs", "idempotencyKey", "answeredAt") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
          args: [randomUUID(), id, itemId, JSON.stringify(value), /^(pref|multi|int)/.test(itemId) ? '["o2","o1","o3"]' : null, position, 500 + Math.floor(random() * 9000), randomUUID(), iso(consented + position * 10_000)],
        });
        answers++;
      });
    }
    await client.write(statements);
  }
  await client.close();
  return answers;
}

async function median(fn: () => Promise<unknown>): Promise<number> {
  await fn(); // warm-up: statement preparation, first-touch page cache
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    await fn();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)] ?? Number.NaN;
}

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'facexai-bench-'));
  // Scripts configure lib/ through the environment it reads, as the test helper does.
  process.env.DATA_DIR = dir;
  const postgresql = process.env.BENCH_POSTGRES_URL ? await createPostgresqlDatabase(process.env.BENCH_POSTGRES_URL, 'facexai_bench') : null;
  process.env.DATABASE_URL = postgresql ? postgresql.url : `file:${path.join(dir, 'bench.db')}`;
  resetEnvForTests();
  const url = getEnv().DATABASE_URL;
  console.log(`Database: ${postgresql ? 'PostgreSQL (a fresh database on BENCH_POSTGRES_URL\'s server)' : 'SQLite (a temporary file)'}`);
  try {
    await migrateDatabase({ url });
    const user = await createUser({ actor: null, input: { email: 'bench@example.org', role: 'researcher', password: 'long-enough-password' } });
    const actor: Actor = { id: user.id, email: user.email, role: 'researcher' };
    const published = await publishStudyVersion({ study: studySchema.parse(benchStudy()) });
    await getDb().study.update({ where: { id: published.studyId }, data: { ownerId: actor.id } });
    const t = performance.now();
    const answers = await seed(url, published.studyId, published.versionId);
    console.log(`Seeded ${PARTICIPANTS} participants, ${answers} answers in ${((performance.now() - t) / 1000).toFixed(1)} s`);
    await resetDb();

    const scope = await loadAnalysisScope({ actor, studyId: published.studyId, version: 'pooled', permission: 'results' });
    const exclusions = await computeExclusions({ scope });
    const kept = { scope, exclusions, include: 'kept' as const };
    const all = { scope, exclusions, include: 'all' as const };
    const views: [string, () => Promise<unknown>, number?][] = [
      ['exclusion rules', () => computeExclusions({ scope })],
      ['funnel', () => getFunnel({ scope, exclusions })],
      ['times per item (all)', () => getItemTimes(all)],
      ['times per item (without excluded)', () => getItemTimes(kept)],
      ['sample composition', () => getSampleComposition(kept)],
      ['preference, no split', () => getPreferenceSplit({ ...all, itemId: 'pref1', splitItemIds: [] })],
      ['preference by practitioner', () => getPreferenceSplit({ ...kept, itemId: 'pref1', splitItemIds: ['practitioner'] })],
      ['preference by practitioner × XAI used', () => getPreferenceSplit({ ...kept, itemId: 'pref1', splitItemIds: ['practitioner', 'used_xai'] })],
      ['multi-select selection rates by practitioner', () => getPreferenceSplit({ ...kept, itemId: 'multi1', splitItemIds: ['practitioner'] })],
      ['pooled preference, no split', () => getPooledPreference({ ...all, splitItemIds: [], model: null })],
      ['pooled preference by practitioner', () => getPooledPreference({ ...kept, splitItemIds: ['practitioner'], model: null })],
      ['pooled preference by practitioner × XAI used', () => getPooledPreference({ ...kept, splitItemIds: ['practitioner', 'used_xai'], model: null })],
      ['per-question breakdown', () => getQuestionBreakdown(kept)],
      ['intruder accuracy per unit and layer', () => getAccuracy(kept)],
      ['coherency agreement', () => getAgreement(kept)],
      ['whole dashboard page (all views)', () => getResultsDashboard({ actor, studyId: published.studyId, query: dashboardQuerySchema.parse({ item: 'pref1', split: ['practitioner', 'used_xai'], include: 'kept' }) }), PAGE_TARGET_MS],
    ];
    console.log(`\nDashboard views (median of ${RUNS}, target < ${VIEW_TARGET_MS} ms each)`);
    for (const [name, fn, target = VIEW_TARGET_MS] of views) {
      const ms = await median(fn);
      console.log(`  ${ms < target ? 'PASS' : 'MISS'}  ${ms.toFixed(0).padStart(5)} ms  ${name}${target === VIEW_TARGET_MS ? '' : ` (target < ${target} ms)`}`);
    }

    // Pass 1, speed: the whole export as the route streams it, nothing else in the loop.
    const started = performance.now();
    let bytes = 0;
    let lines = 0;
    for await (const chunk of exportChunks({ scope, exclusions, query: exportQuerySchema.parse({ format: 'csv' }) })) {
      bytes += chunk.length;
      // Rows, not lines: quoted fields here never contain line breaks.
      for (let i = chunk.indexOf('\n'); i >= 0; i = chunk.indexOf('\n', i + 1)) lines++;
    }
    const seconds = (performance.now() - started) / 1000;
    const rows = lines - 1;
    const rate = rows / seconds;
    console.log(`\nCSV export (long): ${rows} rows, ${(bytes / 1e6).toFixed(1)} MB in ${seconds.toFixed(2)} s`);
    console.log(`  ${rate >= EXPORT_TARGET_ROWS_PER_S ? 'PASS' : 'MISS'}  ${Math.round(rate).toLocaleString('en')} rows/s (target ≥ ${EXPORT_TARGET_ROWS_PER_S.toLocaleString('en')})`);

    // Pass 2, memory: what the export keeps alive, i.e. the heap (and buffers) still reachable after a
    // full collection, sampled after every batch. RSS would mostly show garbage not yet collected.
    // Flat memory means the retained size does not grow with the rows exported so far.
    const gc = global.gc;
    if (!gc) {
      console.log('  info  run with NODE_OPTIONS=--expose-gc (npm run bench:analysis does) to measure retained memory');
    } else {
      const retained = () => {
        gc();
        const m = process.memoryUsage();
        return m.heapUsed + m.external + m.arrayBuffers;
      };
      const baseline = retained();
      const samples: { rows: number; bytes: number }[] = [];
      let exported = 0;
      for await (const chunk of exportChunks({ scope, exclusions, query: exportQuerySchema.parse({ format: 'csv' }) })) {
        for (let i = chunk.indexOf('\n'); i >= 0; i = chunk.indexOf('\n', i + 1)) exported++;
        samples.push({ rows: exported, bytes: retained() - baseline });
      }
      const mb = (x: number) => `${(x / 1e6).toFixed(1)} MB`;
      const early = samples[Math.floor(samples.length / 10)] ?? samples[0];
      const last = samples.at(-1);
      const peak = Math.max(...samples.map((x) => x.bytes));
      const growth = (last?.bytes ?? 0) - (early?.bytes ?? 0);
      // "Flat": from a tenth of the way to the end, retained memory grows by less than 5 MB while ten
      // times as many rows pass through (a study held in memory would grow by tens of MB here).
      console.log(`  ${growth < 5e6 ? 'PASS' : 'MISS'}  retained memory after ${early?.rows ?? 0} rows ${mb(early?.bytes ?? 0)}, after ${last?.rows ?? 0} rows ${mb(last?.bytes ?? 0)} (growth ${mb(growth)}; peak ${mb(peak)} above the baseline; flat = growth < 5 MB)`);
    }
  } finally {
    await resetDb();
    if (postgresql && !process.env.BENCH_KEEP_DB) await postgresql.drop();
    if (process.env.BENCH_KEEP_DB) console.log(`kept ${dir}`); else fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
