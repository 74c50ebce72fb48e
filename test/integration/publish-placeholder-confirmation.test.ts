// A template's placeholder consent text could be published without a word while the editor said
// "valid" (issue #16 item 4). Publishing now asks first, naming the fields, publishes nothing until
// confirmed, and records the confirmation in the audit trail.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from './helpers/test-db';
import { getDb } from '@/lib/db';
import type { Actor } from '@/lib/auth/roles';
import { createUser } from '@/lib/users/manage-users';
import { createStudy } from '@/lib/studies/create-study';
import { saveStudyDraft } from '@/lib/studies/save-study-draft';
import { publishStudyDraft } from '@/lib/studies/publish-study-draft';

let cleanup: () => Promise<void>;
let owner: Actor;

beforeAll(async () => {
  ({ cleanup } = await createTestDatabase());
  const u = await createUser({ actor: null, input: { email: 'owner@p.test', role: 'researcher', password: 'long-enough-password' } });
  owner = { id: u.id, email: u.email, role: 'researcher' };
});
afterAll(async () => cleanup());

async function blankStudy(slug: string): Promise<string> {
  const created = await createStudy({ actor: owner, input: { from: 'template', template: 'blank', slug, title: 'Sleep and faces' } });
  if (!created.ok) throw new Error(JSON.stringify(created.issues));
  return created.studyId;
}

describe('publishing placeholder text', () => {
  it('asks first, naming the fields, publishes nothing, then publishes when confirmed and records it', async () => {
    const studyId = await blankStudy('placeholder-draft');
    const first = await publishStudyDraft({ actor: owner, studyId });
    expect(first).toEqual({
      outcome: 'needs-confirmation',
      weak: [],
      notGenerated: 0,
      placeholders: [
        { path: 'consent.body', field: 'Consent text', found: "the template's text" },
        { path: 'blocks.0.items.0.prompt', field: 'Item "q1": question', found: "the template's text" },
      ],
    });
    expect(await getDb().studyVersion.count({ where: { studyId } })).toBe(0);
    // Confirming something else (weak images) does not confirm the placeholders.
    expect(await publishStudyDraft({ actor: owner, studyId, confirmWeak: true })).toMatchObject({ outcome: 'needs-confirmation' });

    const second = await publishStudyDraft({ actor: owner, studyId, confirmPlaceholders: true });
    expect(second).toMatchObject({ outcome: 'published', version: 1, created: true });
    const audit = await getDb().auditEvent.findFirstOrThrow({ where: { studyId, action: 'study.publish' } });
    expect(JSON.parse(audit.detail)).toEqual({ version: 1, created: true, confirmedPlaceholders: ['consent.body', 'blocks.0.items.0.prompt'] });

    // Publishing the unchanged draft again creates nothing, so there is nothing to confirm.
    expect(await publishStudyDraft({ actor: owner, studyId })).toMatchObject({ outcome: 'published', version: 1, created: false });
  });

  it('publishes at once once the texts are written', async () => {
    const studyId = await blankStudy('written-draft');
    const row = await getDb().study.findUniqueOrThrow({ where: { id: studyId } });
    const draft = JSON.parse(row.draft ?? '{}');
    draft.consent.body = 'We ask how you slept. It takes two minutes; you may stop at any time.';
    draft.blocks[0].items[0].prompt = 'Did you sleep well?';
    expect((await saveStudyDraft({ actor: owner, studyId, draft })).issues).toEqual([]);
    expect(await publishStudyDraft({ actor: owner, studyId })).toMatchObject({ outcome: 'published', version: 1, created: true });
  });
});
