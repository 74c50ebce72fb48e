import 'server-only';
// Stores one answer the moment it is given. Rules: only the participant's current item can be
// answered; the value is validated against the item before anything is written; the same
// submission twice (same idempotency key, or a second answer to an answered item) stores nothing new;
// the answer, the activity timestamp and, after the last item, the completion are one transaction.
import { z } from 'zod';
import { getDb, isUniqueViolation, withTransaction } from '@/lib/db';
import { AppError } from '@/lib/errors';
import { getStudyVersionContent } from '@/lib/studies/get-study-version';
import { planSequence, sequenceState } from '@/lib/participation/plan-sequence';
import { decodeAnswers } from '@/lib/participation/load-answers';
import { parseAnswer } from '@/lib/participation/answer-schema';
import { newCompletionCode } from '@/lib/participation/completion';

export const responseInputSchema = z.object({
  itemId: z.string().min(1).max(64),
  idempotencyKey: z.uuid('idempotency key must be a UUID'),
  /** Client-measured time from showing the item to submitting it. */
  responseTimeMs: z.coerce.number().int().min(0).max(86_400_000).optional(),
  answer: z.array(z.string().max(20_000)).max(100),
});
export type ResponseInput = z.infer<typeof responseInputSchema>;

export type RecordResult = { outcome: 'recorded' | 'duplicate'; completed: boolean };


export async function recordResponse(options: { participantId: string; input: ResponseInput }): Promise<RecordResult> {
  const { participantId, input } = options;
  const db = getDb();

  // The participant with their answers in one read (issue #13: each read is a round through Prisma).
  const participant = await db.participant.findUnique({
    where: { id: participantId },
    select: { status: true, seed: true, condition: true, studyVersionId: true, responses: { select: { itemId: true, value: true, idempotencyKey: true } } },
  });
  if (!participant) throw new AppError('NOT_FOUND', 'We could not find your session. Please open the study link again.');
  const completed = participant.status === 'completed';
  if (participant.responses.some((r) => r.idempotencyKey === input.idempotencyKey)) return { outcome: 'duplicate', completed };
  if (participant.status === 'declined') throw new AppError('FORBIDDEN', 'You chose not to take part, so no answers are recorded.');

  const { definition } = await getStudyVersionContent(participant.studyVersionId);
  const answers = decodeAnswers(participant.responses);
  if (answers.has(input.itemId)) return { outcome: 'duplicate', completed };
  if (completed) throw new AppError('CONFLICT', 'You have already completed this study.');

  const plan = planSequence(definition, participant.seed, participant.condition);
  const state = sequenceState(plan, answers);
  if (!state.next || state.next.item.id !== input.itemId) {
    throw new AppError('CONFLICT', 'This page was out of date, so we took you to your current question.');
  }
  const parsed = parseAnswer(state.next.item, input.answer);
  if (!parsed.ok) throw new AppError('BAD_INPUT', parsed.message, { answer: parsed.message });

  const after = new Map(answers).set(input.itemId, parsed.value);
  const finished = sequenceState(plan, after).next === null;
  const now = new Date();
  try {
    await withTransaction(async (tx) => {
      await tx.response.create({
        data: {
          participantId,
          itemId: input.itemId,
          value: JSON.stringify(parsed.value),
          optionOrder: state.next?.optionOrder ? JSON.stringify(state.next.optionOrder) : null,
          position: state.position,
          responseTimeMs: input.responseTimeMs ?? null,
          idempotencyKey: input.idempotencyKey,
          answeredAt: now,
        },
      });
      await tx.participant.update({
        where: { id: participantId },
        data: finished
          ? { lastSeenAt: now, status: 'completed', completedAt: now, completionCode: newCompletionCode(definition) }
          : { lastSeenAt: now },
      });
    });
  } catch (e) {
    if (isUniqueViolation(e)) {
      // A key of someone else's answer (checked only here, on the rare failed insert, not before every
      // answer), or a concurrent twin of this submission that won the race: its row is the answer.
      const owner = await db.response.findUnique({ where: { idempotencyKey: input.idempotencyKey }, select: { participantId: true } });
      if (owner && owner.participantId !== participantId) throw new AppError('CONFLICT', 'This answer key belongs to someone else.');
      return { outcome: 'duplicate', completed: finished };
    }
    throw e;
  }
  return { outcome: 'recorded', completed: finished };
}
