// The SQL dialect layer of the aggregations (lib/analysis/sql-dialect.ts) on whichever database the run
// uses: SQLite by default, PostgreSQL with TEST_POSTGRES_URL (npm run test:postgresql). Every fragment
// must give SQLite's values on both, so the expectations here are the same for both runs: json_each on
// scalar and array answers, canonical answers and other text in SQLite's byte order, empty aggregates,
// and exact millisecond durations (the "too fast" cut at exactly a third of the median).
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from './helpers/test-db';
import { getDb } from '@/lib/db';
import { Prisma } from '@/lib/generated/prisma/client';
import type { Actor } from '@/lib/auth/roles';
import { createUser } from '@/lib/users/manage-users';
import { getFaceLibrary } from '@/lib/faces/face-library';
import { studySchema } from '@/lib/studies/study-schema';
import { publishStudyVersion } from '@/lib/studies/publish-study';
import { loadAnalysisScope } from '@/lib/analysis/load-analysis-scope';
import { computeExclusions } from '@/lib/analysis/compute-exclusions';
import { chosenPerItem, loadChoiceCounts } from '@/lib/analysis/load-choice-counts';
import { binaryText, epochMs, groupConcat, jsonEach, jsonGroupArray, jsonInteger, jsonItem } from '@/lib/analysis/sql-dialect';
import { canonicalAnswer, countSchema, nullableNumberSchema } from '@/lib/analysis/sql-fragments';
import { analysisStudy } from '../support/analysis-fixture';

let cleanup: () => Promise<void>;
let actor: Actor;
let studyId = '';
const start = Date.UTC(2026, 10, 1, 9, 0, 0, 123);

// Durations in ms: the median is 600 000, a third of it 200 000; 200 000 itself is not under the cut.
const people: { ms: number; pref: unknown; multi: unknown }[] = [
  { ms: 600_000, pref: 'o1', multi: ['o3', 'o1'] },
  { ms: 600_001, pref: 'o2', multi: ['o1'] },
  { ms: 600_000, pref: 'o1', multi: [] },
  { ms: 200_000, pref: 'o3', multi: 'o2' }, // a scalar where an array is expected: one json_each row
  { ms: 199_999, pref: 'o1', multi: ['o2', null] },
];

beforeAll(async () => {
  ({ cleanup } = await createTestDatabase());
  const u = await createUser({ actor: null, input: { email: 'owner@d.test', role: 'researcher', password: 'long-enough-password' } });
  actor = { id: u.id, email: u.email, role: 'researcher' };
  const published = await publishStudyVersion({ study: studySchema.parse(analysisStudy('dialect', getFaceLibrary().files)) });
  studyId = published.studyId;
  await getDb().study.update({ where: { id: studyId }, data: { ownerId: actor.id, source: 'ui' } });
  for (const [k, person] of people.entries()) {
    const consentedAt = new Date(start + k * 3_600_000);
    await getDb().participant.create({
      data: {
        studyId, studyVersionId: published.versionId, status: 'completed', seed: k + 1, startedAt: consentedAt, consentedAt,
        completedAt: new Date(consentedAt.getTime() + person.ms),
        responses: {
          create: [['pref', person.pref], ['pref_multi', person.multi]].map(([itemId, value], position) => ({
            itemId: String(itemId), value: JSON.stringify(value), position, responseTimeMs: 1000 + k, idempotencyKey: randomUUID(), answeredAt: consentedAt,
          })),
        },
      },
    });
  }
});
afterAll(async () => cleanup());

const query = (sql: Prisma.Sql) => getDb().$queryRaw<Record<string, unknown>[]>(sql);
const text = (v: string | null) => Prisma.sql`${v}`;

describe('SQL dialect fragments', () => {
  it('json_each: an array gives one row per element with its index, a scalar one row, SQL NULL none', async () => {
    const each = async (json: string | null) =>
      (await query(Prisma.sql`SELECT j.key AS k, CAST(j.value AS TEXT) AS v FROM ${jsonEach(text(json), 'j')}`)).map((r) => [r.k === null ? null : countSchema.parse(r.k), r.v]);
    expect(await each('["b","a",null,3,["x"]]')).toEqual([[0, 'b'], [1, 'a'], [2, null], [3, '3'], [4, '["x"]']]);
    expect(await each('"yes"')).toEqual([[null, 'yes']]);
    expect(await each('5')).toEqual([[null, '5']]);
    expect(await each('null')).toEqual([[null, null]]);
    expect(await each('[]')).toEqual([]);
    expect(await each(null)).toEqual([]);
  });

  it('canonical answers: selections sorted by their bytes and joined by "+", scalars as themselves, nothing as NULL', async () => {
    const canonical = async (json: string | null) => (await query(Prisma.sql`SELECT ${canonicalAnswer(text(json))} AS c`))[0]?.c;
    expect(await canonical('["b","a","B","ä","_",null]')).toBe('B+_+a+b+ä');
    expect(await canonical('"yes"')).toBe('yes');
    expect(await canonical('4')).toBe('4');
    expect(await canonical('[]')).toBeNull();
    expect(await canonical('null')).toBeNull();
  });

  it('array elements by index, as text or integer', async () => {
    const [row] = await query(Prisma.sql`SELECT ${jsonItem(text('["a","[1,2]",7]'), 0)} AS a, ${jsonItem(text('["a","[1,2]",7]'), 1)} AS b, ${jsonInteger(text('["a","[1,2]",7]'), 2)} AS n`);
    expect([row?.a, row?.b, countSchema.parse(row?.n)]).toEqual(['a', '[1,2]', 7]);
  });

  it('aggregates in the order asked, and empty ones as SQLite gives them', async () => {
    const values = Prisma.sql`(SELECT 30 AS t UNION ALL SELECT 4 UNION ALL SELECT 100) v`;
    const [ordered] = await query(Prisma.sql`SELECT ${groupConcat(Prisma.sql`v.t`, "','", Prisma.sql`v.t`)} AS s FROM ${values}`);
    expect(ordered?.s).toBe('4,30,100');
    const [empty] = await query(Prisma.sql`SELECT ${groupConcat(Prisma.sql`v.t`, "','")} AS s, ${jsonGroupArray(Prisma.sql`v.t`)} AS a FROM ${values} WHERE v.t < 0`);
    expect([empty?.s, empty?.a]).toEqual([null, '[]']);
    // SQLite takes the order of an ordered subquery; PostgreSQL the order given to the aggregate.
    const [grouped] = await query(Prisma.sql`SELECT ${jsonGroupArray(Prisma.sql`o.t`, Prisma.sql`o.t`)} AS a FROM (SELECT v.t AS t FROM ${values} ORDER BY v.t) o`);
    expect(JSON.parse(String(grouped?.a))).toEqual([4, 30, 100]);
  });

  it('orders text by its bytes, as SQLite does', async () => {
    const rows = await query(Prisma.sql`SELECT w FROM (SELECT 'b' AS w UNION ALL SELECT 'B' UNION ALL SELECT 'ä' UNION ALL SELECT '_' UNION ALL SELECT 'a') v ORDER BY ${binaryText(Prisma.sql`w`)}`);
    expect(rows.map((r) => r.w)).toEqual(['B', '_', 'a', 'b', 'ä']);
  });

  it('epoch milliseconds of stored dates, exact', async () => {
    const rows = await query(Prisma.sql`SELECT ${epochMs(Prisma.sql`p."consentedAt"`)} AS c, ${epochMs(Prisma.sql`p."completedAt"`)} - ${epochMs(Prisma.sql`p."consentedAt"`)} AS d
      FROM "Participant" p WHERE p."studyId" = ${studyId} ORDER BY p.seed`);
    expect(rows.map((r) => [nullableNumberSchema.parse(r.c), nullableNumberSchema.parse(r.d)])).toEqual(people.map((p, k) => [start + k * 3_600_000, p.ms]));
  });
});

describe('aggregations through the dialect', () => {
  it('flags under a third of the exact median completion time, and not at it', async () => {
    const scope = await loadAnalysisScope({ actor, studyId, version: 'pooled', permission: 'results' });
    const exclusions = await computeExclusions({ scope });
    expect(exclusions.medianCompletionMs).toBe(600_000);
    expect(exclusions.fastThresholdMs).toBe(200_000);
    expect(exclusions.rules.find((r) => r.id === 'too-fast')?.count).toBe(1);
    expect(exclusions.excluded).toBe(1);
  });

  it('counts scalar and array answers alike, in SQLite order, with or without the excluded', async () => {
    const scope = await loadAnalysisScope({ actor, studyId, version: 'pooled', permission: 'results' });
    const exclusions = await computeExclusions({ scope });
    const all = await loadChoiceCounts({ scope, exclusions, include: 'all', itemIds: ['pref_multi', 'pref'], withAnswers: true });
    expect(all.answered.map((r) => [r.itemId, r.n])).toEqual([['pref', 5], ['pref_multi', 5]]);
    expect(chosenPerItem(all).map((r) => [r.itemId, r.choice, r.n])).toEqual([
      ['pref', 'o1', 3], ['pref', 'o2', 1], ['pref', 'o3', 1],
      ['pref_multi', 'o1', 2], ['pref_multi', 'o2', 2], ['pref_multi', 'o3', 1],
    ]);
    expect(all.answers?.values.length).toBe(10);
    const kept = await loadChoiceCounts({ scope, exclusions, include: 'kept', itemIds: ['pref_multi'] });
    expect(chosenPerItem(kept).map((r) => [r.choice, r.n])).toEqual([['o1', 2], ['o2', 1], ['o3', 1]]);
  });
});
