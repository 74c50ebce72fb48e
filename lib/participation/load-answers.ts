import 'server-only';
// A participant's answers so far, decoded from their stored JSON.
import type { Db } from '@/lib/db';
import type { AnswerMap } from '@/lib/participation/plan-sequence';

type Reader = Pick<Db, 'response'>;

/** Decodes stored rows; for callers that read the rows together with the participant (one query, not two). */
export function decodeAnswers(rows: readonly { itemId: string; value: string }[]): Map<string, unknown> {
  const answers = new Map<string, unknown>();
  for (const r of rows) answers.set(r.itemId, JSON.parse(r.value) as unknown);
  return answers;
}

export async function loadAnswers(db: Reader, participantId: string): Promise<Map<string, unknown>> {
  return decodeAnswers(await db.response.findMany({ where: { participantId }, select: { itemId: true, value: true } }));
}

export type { AnswerMap };
