// Uploaded faces are shown by name and thumbnail instead of `upload:<sha256>` (issue #16 item 3).
// Through the thumbnail route with a real database and uploads directory; only the session lookup is
// replaced. The thumbnail answers exactly those who may see the photo: its uploaders, admins, and
// whoever may preview a study that refers to it; the face library to researchers.
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestDatabase } from './helpers/test-db';
import type { Actor } from '@/lib/auth/roles';
import { getDb } from '@/lib/db';
import { getFaceLibrary } from '@/lib/faces/face-library';
import { uploadSourceImage } from '@/lib/images/upload-source-image';
import { describeImageRefs, imageRefsIn, labelImageRefs } from '@/lib/images/image-ref-labels';
import { createStudy } from '@/lib/studies/create-study';
import { saveStudyDraft } from '@/lib/studies/save-study-draft';
import { addCollaborator } from '@/lib/studies/manage-collaborators';
import { createUser } from '@/lib/users/manage-users';

const session = vi.hoisted(() => ({ actor: null as Actor | null }));
vi.mock('@/lib/auth/current-actor', () => ({ getActor: async () => session.actor }));

const { GET: thumbnail } = await import('@/app/api/images/thumbnail/route');

let cleanup: () => Promise<void>;
const actors = {} as Record<'owner' | 'editor' | 'analyst' | 'stranger', Actor>;
let ref: string;
let studyId: string;
let otherStudyId: string;

function thumbnailAs(actor: Actor, query: Record<string, string>): Promise<Response> {
  session.actor = actor;
  return thumbnail(new Request(`http://test/api/images/thumbnail?${new URLSearchParams(query)}`), undefined);
}

beforeAll(async () => {
  ({ cleanup } = await createTestDatabase());
  for (const [who, role] of [['owner', 'researcher'], ['editor', 'researcher'], ['analyst', 'analyst'], ['stranger', 'researcher']] as const) {
    const u = await createUser({ actor: null, input: { email: `${who}@thumb.test`, role, password: 'long-enough-password' } });
    actors[who] = { id: u.id, email: u.email, role };
  }
  const lib = getFaceLibrary();
  const bytes = fs.readFileSync(path.join(lib.dir, lib.files[0] ?? ''));
  const uploaded = await uploadSourceImage({ actor: actors.owner, fileName: 'C:\\photos\\portrait of Ada.jpg', bytes });
  ref = uploaded.ref;

  const created = await createStudy({ actor: actors.owner, input: { from: 'template', template: 'blank', slug: 'thumbs', title: 'Thumbs' } });
  const other = await createStudy({ actor: actors.owner, input: { from: 'template', template: 'blank', slug: 'no-upload', title: 'No upload' } });
  if (!created.ok || !other.ok) throw new Error('create failed');
  studyId = created.studyId;
  otherStudyId = other.studyId;
  await addCollaborator({ actor: actors.owner, studyId, input: { email: actors.editor.email, role: 'editor' } });
  await addCollaborator({ actor: actors.owner, studyId: otherStudyId, input: { email: actors.editor.email, role: 'editor' } });
  const row = await getDb().study.findUniqueOrThrow({ where: { id: studyId } });
  const draft = JSON.parse(row.draft ?? '{}');
  // An unfinished image choice: drafts that do not validate yet still name their photos.
  draft.blocks[0].items.push({ id: 'q_img', type: 'image-choice', prompt: 'Which?', explain: { image: ref, model: 'gender' }, options: [] });
  await saveStudyDraft({ actor: actors.owner, studyId, draft });
});
afterAll(async () => cleanup());

describe('face photo thumbnails', () => {
  it('serves the uploader a small JPEG of the photo', async () => {
    const res = await thumbnailAs(actors.owner, { ref });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/jpeg');
    const meta = await sharp(Buffer.from(await res.arrayBuffer())).metadata();
    expect(meta.format).toBe('jpeg');
    expect(Math.max(meta.width ?? 0, meta.height ?? 0)).toBeLessThanOrEqual(160);
  });

  it("serves a collaborator the owner's upload through a study that uses it, and nothing else", async () => {
    expect((await thumbnailAs(actors.editor, { ref, study: studyId })).status).toBe(200);
    expect((await thumbnailAs(actors.editor, { ref })).status).toBe(404);
    expect((await thumbnailAs(actors.editor, { ref, study: otherStudyId })).status).toBe(404);
  });

  it('answers "not found" to anyone else, as for a photo nobody uploaded', async () => {
    const unknown = `upload:${'0'.repeat(64)}`;
    const [stranger, strangerViaStudy, nobody] = await Promise.all([
      thumbnailAs(actors.stranger, { ref }),
      thumbnailAs(actors.stranger, { ref, study: studyId }),
      thumbnailAs(actors.owner, { ref: unknown }),
    ]);
    expect([stranger.status, strangerViaStudy.status, nobody.status]).toEqual([404, 404, 404]);
    expect(await stranger.json()).toEqual(await nobody.json());
    expect((await thumbnailAs(actors.owner, { ref: 'faces:../../etc/passwd' })).status).toBe(404);
  });

  it('serves the face library to researchers, not to analysts outside a study', async () => {
    const face = `faces:${getFaceLibrary().files[0]}`;
    expect((await thumbnailAs(actors.stranger, { ref: face })).status).toBe(200);
    expect((await thumbnailAs(actors.analyst, { ref: face })).status).toBe(404);
  });
});

describe('face photo labels', () => {
  it("names an upload by its file name and hash start, and a library photo by its reference", async () => {
    const face = `faces:${getFaceLibrary().files[0]}`;
    const labels = await labelImageRefs({ refs: [ref, face] });
    expect(labels.get(ref)).toBe(`portrait of Ada.jpg (upload ${ref.slice('upload:'.length, 'upload:'.length + 8)})`);
    expect(labels.get(face)).toBe(face);
    const described = await describeImageRefs({ refs: [ref], studyId });
    expect(described[ref]?.thumbnailUrl).toBe(`/api/images/thumbnail?ref=${encodeURIComponent(ref)}&study=${studyId}`);
  });

  it("prefers the actor's own name for bytes two researchers uploaded", async () => {
    const bytes = fs.readFileSync(path.join(getFaceLibrary().dir, getFaceLibrary().files[0] ?? ''));
    await uploadSourceImage({ actor: actors.stranger, fileName: 'my copy.jpg', bytes });
    expect((await labelImageRefs({ refs: [ref], preferOwnerId: actors.stranger.id })).get(ref)).toMatch(/^my copy\.jpg /);
    expect((await labelImageRefs({ refs: [ref], preferOwnerId: actors.owner.id })).get(ref)).toMatch(/^portrait of Ada\.jpg /);
  });

  it('finds the photos a draft names wherever they sit', () => {
    expect(imageRefsIn({ blocks: [{ items: [{ explain: { image: ref }, context: { src: 'stimuli:a.png' }, options: [{ src: 'faces:x.jpg' }, { src: 'not a ref' }] }] }], title: 'faces:y.jpg' })).toEqual([ref, 'stimuli:a.png', 'faces:x.jpg']);
  });
});
