import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from './helpers/test-db';
import { getDb } from '@/lib/db';
import { studySchema } from '@/lib/studies/study-schema';
import { publishStudyVersion } from '@/lib/studies/publish-study';
import { decideConsent } from '@/lib/participation/decide-consent';
import { getParticipantView } from '@/lib/participation/get-participant-view';
import { recordResponse } from '@/lib/participation/record-response';

let cleanup: () => Promise<void>;
beforeAll(async () => {
  ({ cleanup } = await createTestDatabase());
});
afterAll(async () => cleanup());

function study(prompt: string) {
  return studySchema.parse({
    slug: 'versions',
    title: 'Versions',
    consent: { body: 'ok' },
    conditions: [{ id: 'a', label: 'A' }, { id: 'b', label: 'B' }],
    blocks: [{ id: 'b1', items: [
      { id: 'q1', type: 'single-choice', prompt, options: [{ value: 'y', label: 'Yes' }, { value: 'n', label: 'No' }] },
      { id: 'q2', type: 'free-text', prompt: 'More?', required: false },
    ] }],
  });
}

describe('published versions', () => {
  it('are immutable: re-publishing the same definition is a no-op, a change makes a new version', async () => {
    const v1 = await publishStudyVersion({ study: study('First wording') });
    const again = await publishStudyVersion({ study: study('First wording') });
    expect(again).toEqual({ ...v1, created: false });
    const v2 = await publishStudyVersion({ study: study('Second wording') });
    expect(v2.version).toBe(2);
    expect(await getDb().studyVersion.count({ where: { studyId: v1.studyId } })).toBe(2);
  });

  it('keep a participant on the version they consented to; responses reference it', async () => {
    const { participantId } = await decideConsent({ input: { slug: 'versions', decision: 'agree' }, currentParticipantId: null });
    await publishStudyVersion({ study: study('Third wording') });
    const view = await getParticipantView({ slug: 'versions', participantId });
    expect(view.state === 'item' && view.planned.item.type === 'single-choice' && view.planned.item.prompt).toBe('Second wording');
    await recordResponse({ participantId, input: { itemId: 'q1', idempotencyKey: randomUUID(), answer: ['y'] } });
    const row = await getDb().response.findFirstOrThrow({ where: { participantId }, include: { participant: { include: { studyVersion: true } } } });
    expect(row.participant.studyVersion.version).toBe(2);
    const newcomer = await decideConsent({ input: { slug: 'versions', decision: 'agree' }, currentParticipantId: null });
    const p = await getDb().participant.findUniqueOrThrow({ where: { id: newcomer.participantId }, include: { studyVersion: true } });
    expect(p.studyVersion.version).toBe(3);
  });
});

describe('condition assignment against the database', () => {
  it('balances new participants and ignores abandoned ones', async () => {
    await getDb().participant.deleteMany({});
    const assigned: string[] = [];
    for (let i = 0; i < 6; i++) {
      const { participantId } = await decideConsent({ input: { slug: 'versions', decision: 'agree' }, currentParticipantId: null });
      assigned.push((await getDb().participant.findUniqueOrThrow({ where: { id: participantId } })).condition ?? '');
    }
    expect(assigned.filter((c) => c === 'a')).toHaveLength(3);
    expect(assigned.filter((c) => c === 'b')).toHaveLength(3);

    // Two of condition a walked away hours ago: they no longer count, so a is refilled first.
    const stale = await getDb().participant.findMany({ where: { condition: 'a' }, take: 2 });
    await getDb().participant.updateMany({ where: { id: { in: stale.map((s) => s.id) } }, data: { lastSeenAt: new Date(Date.now() - 5 * 3600_000) } });
    const next = await decideConsent({ input: { slug: 'versions', decision: 'agree' }, currentParticipantId: null });
    expect((await getDb().participant.findUniqueOrThrow({ where: { id: next.participantId } })).condition).toBe('a');
    // Declined participants never take a condition.
    const declined = await decideConsent({ input: { slug: 'versions', decision: 'decline' }, currentParticipantId: null });
    expect((await getDb().participant.findUniqueOrThrow({ where: { id: declined.participantId } })).condition).toBeNull();
  });

  it('stores one row when many identical submissions race', async () => {
    const { participantId } = await decideConsent({ input: { slug: 'versions', decision: 'agree' }, currentParticipantId: null });
    const input = { itemId: 'q1', idempotencyKey: randomUUID(), answer: ['n'] };
    const results = await Promise.all(Array.from({ length: 8 }, () => recordResponse({ participantId, input })));
    expect(results.filter((r) => r.outcome === 'recorded')).toHaveLength(1);
    expect(await getDb().response.count({ where: { participantId } })).toBe(1);
  });
});
