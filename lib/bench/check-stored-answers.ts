import 'server-only';
// The benchmark's database check: did every answer the server acknowledged reach the database, exactly
// once, and did every participant who reached the end get marked complete? Read from the same database
// the server writes (DATA_DIR / DATABASE_URL must match the server's).
import { getDb } from '@/lib/db';

export interface TrackedParticipant {
  id: string;
  acknowledged: readonly string[];
}

export interface StoredCheck {
  participantsTracked: number;
  participantsFound: number;
  completed: number;
  acknowledged: number;
  stored: number;
  /** Acknowledged answers with no stored row: lost. */
  lost: number;
  /** Stored rows the benchmark saw no acknowledgement for (e.g. committed, then the response timed out). */
  storedUnacknowledged: number;
  /** More than one row for one participant and item. */
  duplicates: number;
}

const CHUNK = 500;

export async function checkStoredAnswers(tracked: readonly TrackedParticipant[]): Promise<StoredCheck> {
  const db = getDb();
  const ids = tracked.map((t) => t.id);
  const rows: { participantId: string; itemId: string }[] = [];
  const participants: { id: string; status: string }[] = [];
  for (let i = 0; i < ids.length; i += CHUNK) {
    const chunk = ids.slice(i, i + CHUNK);
    rows.push(...(await db.response.findMany({ where: { participantId: { in: chunk } }, select: { participantId: true, itemId: true } })));
    participants.push(...(await db.participant.findMany({ where: { id: { in: chunk } }, select: { id: true, status: true } })));
  }
  const storedCount = new Map<string, number>();
  for (const r of rows) storedCount.set(`${r.participantId}\u0000${r.itemId}`, (storedCount.get(`${r.participantId}\u0000${r.itemId}`) ?? 0) + 1);
  const acked = new Set(tracked.flatMap((t) => t.acknowledged.map((item) => `${t.id}\u0000${item}`)));
  return {
    participantsTracked: tracked.length,
    participantsFound: participants.length,
    completed: participants.filter((p) => p.status === 'completed').length,
    acknowledged: acked.size,
    stored: rows.length,
    lost: [...acked].filter((k) => !storedCount.has(k)).length,
    storedUnacknowledged: [...storedCount.keys()].filter((k) => !acked.has(k)).length,
    duplicates: [...storedCount.values()].filter((n) => n > 1).length,
  };
}
