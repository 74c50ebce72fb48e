import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import { createTestDatabase } from './helpers/test-db';
import { getDb } from '@/lib/db';
import { syncStudyFiles } from '@/lib/studies/sync-study-files';
import { decideConsent } from '@/lib/participation/decide-consent';
import { getParticipantView } from '@/lib/participation/get-participant-view';
import { recordResponse } from '@/lib/participation/record-response';
import type { AppError } from '@/lib/errors';
import type { Item } from '@/lib/studies/study-schema';

let cleanup: () => Promise<void>;

beforeAll(async () => {
  ({ cleanup } = await createTestDatabase());
  const sync = await syncStudyFiles({ dir: path.join(process.cwd(), 'studies') });
  expect(sync.errors).toEqual([]);
});
afterAll(async () => cleanup());

/** A valid answer for any item, as the form would send it. */
function validAnswer(item: Item, order: string[] | null): string[] {
  switch (item.type) {
    case 'page': return [];
    case 'attention-check': return [item.correct];
    case 'multiple-choice': return [order?.[0] ?? ''];
    case 'image-choice': return [order?.[0] ?? ''];
    case 'likert': return ['3'];
    case 'free-text': return ['fine'];
    default: return [order?.[0] ?? ''];
  }
}

async function answerCurrent(participantId: string, key = randomUUID()) {
  const view = await getParticipantView({ slug: 'demo', participantId });
  if (view.state !== 'item') throw new Error(`expected an item, got ${view.state}`);
  const { item, optionOrder } = view.planned;
  const result = await recordResponse({ participantId, input: { itemId: item.id, idempotencyKey: key, responseTimeMs: 1200, answer: validAnswer(item, optionOrder) } });
  return { item, result, key };
}

async function rejection(p: Promise<unknown>): Promise<AppError> {
  try {
    await p;
  } catch (e) {
    return e as AppError;
  }
  throw new Error('expected a rejection');
}

describe('participation against a real SQLite database', () => {
  it('records every answer as given and completes with a code', async () => {
    const { participantId } = await decideConsent({ input: { slug: 'demo', decision: 'agree' }, currentParticipantId: null });
    let guard = 0;
    for (;;) {
      const view = await getParticipantView({ slug: 'demo', participantId });
      if (view.state === 'completed') {
        expect(view.code).toMatch(/^[A-Z0-9]{8}$/);
        break;
      }
      const before = await getDb().response.count({ where: { participantId } });
      await answerCurrent(participantId);
      expect(await getDb().response.count({ where: { participantId } })).toBe(before + 1);
      if (++guard > 30) throw new Error('study never completed');
    }
    const p = await getDb().participant.findUniqueOrThrow({ where: { id: participantId } });
    expect(p.status).toBe('completed');
    expect(p.completedAt).not.toBeNull();
    expect(['a', 'b']).toContain(p.condition);
  });

  it('resumes where the participant left off', async () => {
    const { participantId } = await decideConsent({ input: { slug: 'demo', decision: 'agree' }, currentParticipantId: null });
    const first = await answerCurrent(participantId);
    const second = await answerCurrent(participantId);
    const view = await getParticipantView({ slug: 'demo', participantId });
    expect(view.state).toBe('item');
    if (view.state !== 'item') return;
    expect([first.item.id, second.item.id]).not.toContain(view.planned.item.id);
    expect(view.answered).toBe(2);
  });

  it('stores a repeated submission once, including two concurrent ones', async () => {
    const { participantId } = await decideConsent({ input: { slug: 'demo', decision: 'agree' }, currentParticipantId: null });
    const view = await getParticipantView({ slug: 'demo', participantId });
    if (view.state !== 'item') throw new Error('no item');
    const input = { itemId: view.planned.item.id, idempotencyKey: randomUUID(), answer: validAnswer(view.planned.item, view.planned.optionOrder) };
    const results = await Promise.all([recordResponse({ participantId, input }), recordResponse({ participantId, input })]);
    expect(results.map((r) => r.outcome).sort()).toEqual(['duplicate', 'recorded']);
    const again = await recordResponse({ participantId, input });
    expect(again.outcome).toBe('duplicate');
    // A second click that generated a new key for the same item also stores nothing.
    const otherKey = await recordResponse({ participantId, input: { ...input, idempotencyKey: randomUUID() } });
    expect(otherKey.outcome).toBe('duplicate');
    expect(await getDb().response.count({ where: { participantId } })).toBe(1);
  });

  it('takes many consents at once while others answer, every one stored (PostgreSQL: no exhausted retries)', async () => {
    const busy = await Promise.all(Array.from({ length: 8 }, () => decideConsent({ input: { slug: 'demo', decision: 'agree' }, currentParticipantId: null })));
    const consents = Array.from({ length: 48 }, () => decideConsent({ input: { slug: 'demo', decision: 'agree' }, currentParticipantId: null }));
    const answers = busy.map((b) => answerCurrent(b.participantId));
    const [people, answered] = await Promise.all([Promise.all(consents), Promise.all(answers)]);
    expect(new Set(people.map((p) => p.participantId)).size).toBe(48);
    expect(answered.every((a) => a.result.outcome === 'recorded')).toBe(true);
    expect(await getDb().participant.count({ where: { id: { in: people.map((p) => p.participantId) }, status: 'consented' } })).toBe(48);
  });

  it('refuses an invalid answer with a clear message and stores nothing', async () => {
    const { participantId } = await decideConsent({ input: { slug: 'demo', decision: 'agree' }, currentParticipantId: null });
    await answerCurrent(participantId); // instructions page
    const view = await getParticipantView({ slug: 'demo', participantId });
    if (view.state !== 'item') throw new Error('no item');
    expect(view.planned.item.id).toBe('dl_practitioner');
    const bad = await rejection(recordResponse({ participantId, input: { itemId: 'dl_practitioner', idempotencyKey: randomUUID(), answer: ['maybe'] } }));
    expect(bad.code).toBe('BAD_INPUT');
    expect(bad.message).toContain('Not an option');
    const empty = await rejection(recordResponse({ participantId, input: { itemId: 'dl_practitioner', idempotencyKey: randomUUID(), answer: [] } }));
    expect(empty.message).toBe('Please choose an answer.');
    const wrongItem = await rejection(recordResponse({ participantId, input: { itemId: 'comments', idempotencyKey: randomUUID(), answer: ['hi'] } }));
    expect(wrongItem.code).toBe('CONFLICT');
    expect(await getDb().response.count({ where: { participantId } })).toBe(1);
  });

  /** Answers validly until `itemId` is the current item (the faces block is shuffled per participant). */
  async function answerUntil(participantId: string, itemId: string) {
    for (let guard = 0; guard < 30; guard++) {
      const view = await getParticipantView({ slug: 'demo', participantId });
      if (view.state !== 'item') break;
      if (view.planned.item.id === itemId) return view;
      await answerCurrent(participantId);
    }
    throw new Error(`never reached ${itemId}`);
  }

  it('takes "none of these" on a select-all-that-apply item with minSelected 0, and resumes after it', async () => {
    const { participantId } = await decideConsent({ input: { slug: 'demo', decision: 'agree' }, currentParticipantId: null });
    const before = await answerUntil(participantId, 'older_than_40');
    // A form post with no box ticked carries no "answer" field at all: the route reads it as [].
    const result = await recordResponse({ participantId, input: { itemId: 'older_than_40', idempotencyKey: randomUUID(), answer: [] } });
    expect(result.outcome).toBe('recorded');
    const stored = await getDb().response.findFirstOrThrow({ where: { participantId, itemId: 'older_than_40' } });
    expect(stored.value).toBe('[]');
    // Reloading the page (a fresh view from the database) moves on instead of asking again.
    const after = await getParticipantView({ slug: 'demo', participantId });
    expect(after.state === 'item' && after.planned.item.id).not.toBe('older_than_40');
    expect(after.state === 'item' && after.answered).toBe(before.answered + 1);
  });

  it('still refuses an empty selection where at least one is required', async () => {
    const { participantId } = await decideConsent({ input: { slug: 'demo', decision: 'agree' }, currentParticipantId: null });
    await answerCurrent(participantId); // instructions
    await recordResponse({ participantId, input: { itemId: 'dl_practitioner', idempotencyKey: randomUUID(), answer: ['yes'] } });
    const err = await rejection(recordResponse({ participantId, input: { itemId: 'xai_methods', idempotencyKey: randomUUID(), answer: [] } }));
    expect([err.code, err.message]).toEqual(['BAD_INPUT', 'Please choose at least one option.']);
  });

  it('refuses free text with control characters, saying so, and stores clean text', async () => {
    const { participantId } = await decideConsent({ input: { slug: 'demo', decision: 'agree' }, currentParticipantId: null });
    await answerUntil(participantId, 'comments');
    const err = await rejection(recordResponse({ participantId, input: { itemId: 'comments', idempotencyKey: randomUUID(), answer: ['fine\u0000'] } }));
    expect([err.code, err.message]).toEqual(['BAD_INPUT', 'Your answer contains control characters (e.g. NUL); please remove them.']);
    expect(await getDb().response.count({ where: { participantId, itemId: 'comments' } })).toBe(0);
    await recordResponse({ participantId, input: { itemId: 'comments', idempotencyKey: randomUUID(), answer: ['line one\r\nline two'] } });
    expect((await getDb().response.findFirstOrThrow({ where: { participantId, itemId: 'comments' } })).value).toBe(JSON.stringify('line one\nline two'));
  });

  it('shows the conditional item only when its trigger matches', async () => {
    const { participantId } = await decideConsent({ input: { slug: 'demo', decision: 'agree' }, currentParticipantId: null });
    await answerCurrent(participantId); // instructions
    await recordResponse({ participantId, input: { itemId: 'dl_practitioner', idempotencyKey: randomUUID(), answer: ['no'] } });
    const view = await getParticipantView({ slug: 'demo', participantId });
    expect(view.state === 'item' && view.planned.item.id).toBe('trust_ai');
  });

  it('stores only the decision when consent is declined', async () => {
    const { participantId } = await decideConsent({ input: { slug: 'demo', decision: 'decline', externalId: 'DECLINER1' }, currentParticipantId: null });
    const p = await getDb().participant.findUniqueOrThrow({ where: { id: participantId } });
    expect(p.status).toBe('declined');
    expect(p.condition).toBeNull();
    const err = await rejection(recordResponse({ participantId, input: { itemId: 'instructions', idempotencyKey: randomUUID(), answer: [] } }));
    expect(err.code).toBe('FORBIDDEN');
    expect(await getDb().response.count({ where: { participantId } })).toBe(0);
  });

  it('refuses a second participation with the same external id, politely', async () => {
    await decideConsent({ input: { slug: 'demo', decision: 'agree', externalId: 'PROLIFIC42' }, currentParticipantId: null });
    const err = await rejection(decideConsent({ input: { slug: 'demo', decision: 'agree', externalId: 'PROLIFIC42' }, currentParticipantId: null }));
    expect(err.code).toBe('CONFLICT');
    expect(err.message).toMatch(/already taken part/);
  });

  it('keeps one participant from answering for another', async () => {
    const a = await decideConsent({ input: { slug: 'demo', decision: 'agree' }, currentParticipantId: null });
    const b = await decideConsent({ input: { slug: 'demo', decision: 'agree' }, currentParticipantId: null });
    const { key } = await answerCurrent(a.participantId);
    const err = await rejection(recordResponse({ participantId: b.participantId, input: { itemId: 'instructions', idempotencyKey: key, answer: [] } }));
    expect(err.code).toBe('CONFLICT');
    expect(await getDb().response.count({ where: { participantId: b.participantId } })).toBe(0);
  });
});
