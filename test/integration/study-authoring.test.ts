import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from './helpers/test-db';
import { getDb } from '@/lib/db';
import { createUser } from '@/lib/users/manage-users';
import { createStudy } from '@/lib/studies/create-study';
import { saveStudyDraft } from '@/lib/studies/save-study-draft';
import { publishStudyDraft } from '@/lib/studies/publish-study-draft';
import { exportStudy } from '@/lib/studies/export-study';
import { studySchema } from '@/lib/studies/study-schema';
import { decideConsent } from '@/lib/participation/decide-consent';
import { recordResponse } from '@/lib/participation/record-response';
import type { Actor } from '@/lib/auth/roles';

let cleanup: () => Promise<void>;
let owner: Actor;
beforeAll(async () => {
  ({ cleanup } = await createTestDatabase());
  const u = await createUser({ actor: null, input: { email: 'o@t.test', role: 'researcher', password: 'long-enough-password' } });
  owner = { id: u.id, email: u.email, role: 'researcher' };
});
afterAll(async () => cleanup());

// These studies keep the templates' placeholder texts, so publishing confirms them (confirmPlaceholders);
// publish-placeholder-confirmation.test.ts covers the question itself.
describe('authoring', () => {
  it('export then import gives the same study', async () => {
    const created = await createStudy({ actor: owner, input: { from: 'template', template: 'explanation-preference', slug: 'roundtrip', title: 'Round trip' } });
    if (!created.ok) throw new Error('create failed');
    await publishStudyDraft({ actor: owner, studyId: created.studyId, confirmPlaceholders: true });
    const file = await exportStudy({ actor: owner, studyId: created.studyId, version: 1 });
    expect(file.fileName).toBe('roundtrip-v1.json');

    // Importing needs a free address; everything else must come back identical.
    const text = file.json.replace('"slug": "roundtrip"', '"slug": "roundtrip-copy"');
    const imported = await createStudy({ actor: owner, input: { from: 'import', fileText: text } });
    if (!imported.ok) throw new Error(JSON.stringify(imported.issues));
    await publishStudyDraft({ actor: owner, studyId: imported.studyId, confirmPlaceholders: true });
    const again = await exportStudy({ actor: owner, studyId: imported.studyId, version: 1 });
    expect(JSON.parse(again.json)).toEqual({ ...JSON.parse(file.json), slug: 'roundtrip-copy' });
    // And an exported file is a valid study file, defaults included.
    expect(studySchema.parse(JSON.parse(file.json))).toEqual(JSON.parse(file.json));
  });

  it('reports import problems by field and creates nothing', async () => {
    const before = await getDb().study.count();
    const bad = await createStudy({ actor: owner, input: { from: 'import', fileText: JSON.stringify({ slug: 'x', title: '', consent: { body: 'ok' }, blocks: [] }) } });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.issues.map((i) => i.path)).toEqual(expect.arrayContaining(['slug', 'title', 'blocks']));
    const notJson = await createStudy({ actor: owner, input: { from: 'import', fileText: '{ nope' } });
    expect(notJson.ok).toBe(false);
    expect(await getDb().study.count()).toBe(before);
  });

  it('saves invalid drafts with issues by path, refuses to publish them, and keeps published versions immutable', async () => {
    const created = await createStudy({ actor: owner, input: { from: 'template', template: 'blank', slug: 'immutable', title: 'Immutable' } });
    if (!created.ok) throw new Error('create failed');
    const v1 = await publishStudyDraft({ actor: owner, studyId: created.studyId, confirmPlaceholders: true });
    if (v1.outcome !== 'published') throw new Error('a study without generated images publishes at once');
    const { participantId } = await decideConsent({ input: { slug: 'immutable', decision: 'agree' }, currentParticipantId: null });

    const row = await getDb().study.findUniqueOrThrow({ where: { id: created.studyId } });
    const draft = JSON.parse(row.draft ?? '{}');
    draft.blocks[0].items[0].prompt = '';
    const saved = await saveStudyDraft({ actor: owner, studyId: created.studyId, draft });
    expect(saved.issues).toEqual([{ path: 'blocks.0.items.0.prompt', message: 'must not be empty' }]);
    await expect(publishStudyDraft({ actor: owner, studyId: created.studyId })).rejects.toMatchObject({ code: 'BAD_INPUT' });

    draft.blocks[0].items[0].prompt = 'A changed question';
    expect((await saveStudyDraft({ actor: owner, studyId: created.studyId, draft })).issues).toEqual([]);
    const v2 = await publishStudyDraft({ actor: owner, studyId: created.studyId, confirmPlaceholders: true });
    expect(v2).toMatchObject({ outcome: 'published', version: 2 });

    const first = await getDb().studyVersion.findUniqueOrThrow({ where: { id: v1.versionId } });
    expect(JSON.parse(first.definition).blocks[0].items[0].prompt).toBe('Your first question');
    await recordResponse({ participantId, input: { itemId: 'q1', idempotencyKey: randomUUID(), answer: ['yes'] } });
    const p = await getDb().participant.findUniqueOrThrow({ where: { id: participantId } });
    expect(p.studyVersionId).toBe(v1.versionId);

    const actions = (await getDb().auditEvent.findMany({ where: { studyId: created.studyId }, orderBy: { createdAt: 'asc' } })).map((e) => e.action);
    expect(actions).toEqual(['study.create', 'study.publish', 'study.save-draft', 'study.save-draft', 'study.publish']);
  });

  it('cannot change the address of a study', async () => {
    const created = await createStudy({ actor: owner, input: { from: 'template', template: 'blank', slug: 'fixed-slug', title: 'Fixed' } });
    if (!created.ok) throw new Error('create failed');
    const row = await getDb().study.findUniqueOrThrow({ where: { id: created.studyId } });
    const saved = await saveStudyDraft({ actor: owner, studyId: created.studyId, draft: { ...JSON.parse(row.draft ?? '{}'), slug: 'other-slug' } });
    expect(saved.issues).toContainEqual({ path: 'slug', message: 'The address cannot change; it is "fixed-slug".' });
  });
});
