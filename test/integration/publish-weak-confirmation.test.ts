// Publishing a draft whose already generated images include weak ones asks for confirmation first,
// names them, and records the confirmation in the audit trail; images not generated yet do not block.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from './helpers/test-db';
import { finishStimulus, measure, noisePng, report } from './helpers/finish-stimulus';
import { getDb } from '@/lib/db';
import type { Actor } from '@/lib/auth/roles';
import { createUser } from '@/lib/users/manage-users';
import { getFaceLibrary } from '@/lib/faces/face-library';
import { createStudy } from '@/lib/studies/create-study';
import { saveStudyDraft } from '@/lib/studies/save-study-draft';
import { getStudyPreview } from '@/lib/studies/get-study-preview';
import { publishStudyDraft } from '@/lib/studies/publish-study-draft';

let cleanup: () => Promise<void>;
let owner: Actor;
const face = () => `faces:${getFaceLibrary().files[0]}`;

beforeAll(async () => {
  ({ cleanup } = await createTestDatabase());
  const u = await createUser({ actor: null, input: { email: 'owner@t.test', role: 'researcher', password: 'long-enough-password' } });
  owner = { id: u.id, email: u.email, role: 'researcher' };
});
afterAll(async () => cleanup());

/** A draft study with one image choice (face, occlusion, inversion, visualisation) whose images the preview requested. */
async function previewedDraft(slug: string, model: string): Promise<{ studyId: string; ids: Record<string, string> }> {
  const created = await createStudy({ actor: owner, input: { from: 'template', template: 'blank', slug, title: slug } });
  if (!created.ok) throw new Error(JSON.stringify(created.issues));
  const row = await getDb().study.findUniqueOrThrow({ where: { id: created.studyId } });
  const draft = JSON.parse(row.draft ?? '{}');
  // Real texts instead of the template's placeholders, which would need their own confirmation.
  draft.consent.body = 'You will compare explanations of a face model for about five minutes.';
  draft.blocks[0].items[0].prompt = 'Have you used face analysis software?';
  draft.blocks[0].items.push({
    id: 'q_img', type: 'image-choice', prompt: 'Which explanation helps?', explain: { image: face(), model },
    options: [
      { value: 'saliency', alt: 'One', generate: { method: 'occlusion' } },
      { value: 'inversion', alt: 'Two', generate: { method: 'inversion-tv' } },
      { value: 'visualization', alt: 'Three', generate: { method: 'visualization-tv' } },
    ],
  });
  expect((await saveStudyDraft({ actor: owner, studyId: created.studyId, draft })).issues).toEqual([]);
  const preview = await getStudyPreview({ actor: owner, studyId: created.studyId });
  if ('issues' in preview) throw new Error(JSON.stringify(preview.issues));
  const ids = Object.fromEntries(Object.entries(preview.imageUrls).filter(([k]) => k.startsWith('q_img/')).map(([k, url]) => [k.split('/')[1] ?? '', url.split('/').pop() ?? '']));
  return { studyId: created.studyId, ids };
}

describe('publishing with weak stimuli', () => {
  it('asks first, naming the weak image, publishes nothing, then publishes when confirmed and records it', async () => {
    const { studyId, ids } = await previewedDraft('weak-draft', 'gender');
    await finishStimulus(ids.context ?? '', { png: await noisePng('face'), quality: report('face', [measure('faceFound', true)]) });
    await finishStimulus(ids.inversion ?? '', { png: await noisePng('inv'), quality: report('inversion', [measure('faceDetected', false, 0.2)]) });
    // Occlusion and the visualisation are still queued: they cannot be judged yet.

    const first = await publishStudyDraft({ actor: owner, studyId });
    expect(first).toEqual({
      outcome: 'needs-confirmation',
      weak: [{ key: 'q_img/inversion', name: `q_img · inversion (${face()})`, stimulusId: ids.inversion, reasons: ['Measure faceDetected: 0.200 (needs ≥ 0.5)'] }],
      notGenerated: 2,
      placeholders: [],
    });
    expect(await getDb().studyVersion.count({ where: { studyId } })).toBe(0);
    expect(await getDb().auditEvent.count({ where: { studyId, action: 'study.publish' } })).toBe(0);

    const second = await publishStudyDraft({ actor: owner, studyId, confirmWeak: true });
    expect(second).toMatchObject({ outcome: 'published', version: 1, created: true, confirmedWeak: [ids.inversion], notGenerated: 2 });
    const audit = await getDb().auditEvent.findFirstOrThrow({ where: { studyId, action: 'study.publish' } });
    expect(JSON.parse(audit.detail)).toEqual({ version: 1, created: true, confirmedWeak: [ids.inversion] });
    expect((await getDb().study.findUniqueOrThrow({ where: { id: studyId } })).status).toBe('published');

    // Publishing the unchanged draft again creates nothing, so there is nothing to confirm.
    expect(await publishStudyDraft({ actor: owner, studyId })).toMatchObject({ outcome: 'published', version: 1, created: false });
  });

  it('publishes at once when no generated image is weak, saying how many are not generated yet', async () => {
    const { studyId, ids } = await previewedDraft('fine-draft', 'expression');
    await finishStimulus(ids.context ?? '', { png: await noisePng('face2'), prediction: 'happy', quality: report('face', [measure('faceFound', true)]) });
    await finishStimulus(ids.inversion ?? '', { png: await noisePng('inv2'), prediction: 'happy', quality: report('inversion', [measure('faceDetected', true)]) });
    const r = await publishStudyDraft({ actor: owner, studyId });
    expect(r).toMatchObject({ outcome: 'published', version: 1, created: true, confirmedWeak: [], notGenerated: 2 });
    const audit = await getDb().auditEvent.findFirstOrThrow({ where: { studyId, action: 'study.publish' } });
    expect(JSON.parse(audit.detail)).toEqual({ version: 1, created: true });
  });
});
