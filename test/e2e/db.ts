// Direct reads of the e2e server's SQLite file, to check what the browser flows stored.
import path from 'node:path';
import { createClient } from '@libsql/client';

export function e2eDb() {
  const dir = process.env.E2E_DATA_DIR;
  if (!dir) throw new Error('E2E_DATA_DIR is not set (playwright.config.ts sets it)');
  return createClient({ url: `file:${path.join(dir, 'app.db')}` });
}

export async function participantByExternalId(externalId: string) {
  const db = e2eDb();
  try {
    const p = await db.execute({ sql: 'SELECT id, status, condition, completionCode FROM Participant WHERE externalId = ?', args: [externalId] });
    const row = p.rows[0];
    if (!row) return null;
    const r = await db.execute({ sql: 'SELECT itemId, value, position, responseTimeMs FROM Response WHERE participantId = ? ORDER BY position', args: [String(row.id)] });
    return {
      status: String(row.status),
      condition: row.condition === null ? null : String(row.condition),
      completionCode: row.completionCode === null ? null : String(row.completionCode),
      responses: r.rows.map((x) => ({ itemId: String(x.itemId), value: JSON.parse(String(x.value)) as unknown, position: Number(x.position), responseTimeMs: x.responseTimeMs === null ? null : Number(x.responseTimeMs) })),
    };
  } finally {
    db.close();
  }
}
