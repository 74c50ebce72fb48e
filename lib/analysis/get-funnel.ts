import 'server-only';
// Recruitment and completion funnel: everyone who decided on consent, those who agreed, those who
// finished, and the finishers an exclusion rule flags. Counted in the database.
import { Prisma } from '@/lib/generated/prisma/client';
import { z } from 'zod';
import { getDb } from '@/lib/db';
import type { AnalysisScope } from '@/lib/analysis/load-analysis-scope';
import type { Exclusions } from '@/lib/analysis/compute-exclusions';
import { countSchema, inVersions, parseRows } from '@/lib/analysis/sql-fragments';

export type Funnel = { started: number; consented: number; completed: number; declined: number; excluded: number };

export async function getFunnel(options: { scope: AnalysisScope; exclusions: Exclusions }): Promise<Funnel> {
  const versions = inVersions(options.scope.versionIds);
  const rows = parseRows(
    z.object({ status: z.string(), n: countSchema, excluded: countSchema }),
    await getDb().$queryRaw(Prisma.sql`SELECT p.status AS status, COUNT(*) AS n,
      SUM(CASE WHEN p.status = 'completed' AND p.id IN (${options.exclusions.excludedIdsSql}) THEN 1 ELSE 0 END) AS excluded
      FROM "Participant" p WHERE ${versions} GROUP BY p.status`),
  );
  const n = (status: string) => rows.find((r) => r.status === status)?.n ?? 0;
  return {
    started: rows.reduce((sum, r) => sum + r.n, 0),
    consented: n('consented') + n('completed'),
    completed: n('completed'),
    declined: n('declined'),
    excluded: rows.reduce((sum, r) => sum + r.excluded, 0),
  };
}
