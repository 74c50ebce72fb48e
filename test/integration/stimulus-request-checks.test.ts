// POST /api/stimuli checks the request against the photo itself (security issue #11): a face index the
// photo does not have, or a photo without a face, is a 400 naming the problem, and no job is queued
// (it used to be accepted with 202 and then fail three times in the worker). Real database and face
// detection; only the session lookup is replaced.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestDatabase } from './helpers/test-db';
import { gradientJpeg } from './helpers/image-fixtures';
import type { Actor } from '@/lib/auth/roles';
import { getDb } from '@/lib/db';
import { getFaceLibrary } from '@/lib/faces/face-library';
import { initBackend } from '@/lib/explainers/backend';
import { decodeImage } from '@/lib/explainers/faces/decode-image';
import { detectFaces } from '@/lib/explainers/faces/detect-faces';
import { uploadSourceImage } from '@/lib/images/upload-source-image';
import { createStudy } from '@/lib/studies/create-study';
import { createUser } from '@/lib/users/manage-users';

const session = vi.hoisted(() => ({ actor: null as Actor | null }));
vi.mock('@/lib/auth/current-actor', () => ({ getActor: async () => session.actor }));

const { POST: requestStimulusRoute } = await import('@/app/api/stimuli/route');

let cleanup: () => Promise<void>;
let facesDir: string;
let researcher: Actor;
let studyId: string;
let portrait: Buffer;
/** How many faces the portrait has: 1 in the licensed demo set, more in the npm fallback photos. */
let portraitFaces = 0;
/** The request-time message for a face index past the last face, as check-source-face.ts words it. */
const tooFar = (ref: string, faceIndex: number) =>
  `The image ${ref} has ${portraitFaces === 1 ? '1 face' : `${portraitFaces} faces`}; faceIndex ${faceIndex} does not exist (faces are numbered from 0, largest first: ${portraitFaces === 1 ? 'use 0' : `use 0 to ${portraitFaces - 1}`}).`;

function post(body: Record<string, unknown>): Promise<Response> {
  return requestStimulusRoute(new Request('http://test/api/stimuli', { method: 'POST', body: JSON.stringify({ studyId, model: 'gender', method: 'face', ...body }), headers: { 'content-type': 'application/json' } }), undefined);
}

beforeAll(async () => {
  // A face library of our own: one portrait (the library's first photo) and one photo without a face.
  const demo = getFaceLibrary();
  const [first] = demo.files;
  if (!first) throw new Error(`no face photos in ${demo.dir}`);
  portrait = fs.readFileSync(path.join(demo.dir, first));
  await initBackend();
  portraitFaces = (await detectFaces(await decodeImage(portrait))).length;
  if (portraitFaces < 1) throw new Error(`the first library photo ${first} has no detectable face`);
  facesDir = fs.mkdtempSync(path.join(os.tmpdir(), 'facexai-faces-'));
  fs.writeFileSync(path.join(facesDir, 'portrait.jpg'), portrait);
  fs.writeFileSync(path.join(facesDir, 'sky.jpg'), await gradientJpeg(320, 240));
  process.env.FACES_DIR = facesDir;
  ({ cleanup } = await createTestDatabase()); // resets the env, so FACES_DIR is read from here on
  const u = await createUser({ actor: null, input: { email: 'r@checks.test', role: 'researcher', password: 'long-enough-password' } });
  researcher = { id: u.id, email: u.email, role: 'researcher' };
  const study = await createStudy({ actor: researcher, input: { from: 'template', template: 'blank', slug: 'checks', title: 'Checks' } });
  if (!study.ok) throw new Error('create failed');
  studyId = study.studyId;
  session.actor = researcher;
});
afterAll(async () => {
  await cleanup();
  fs.rmSync(facesDir, { recursive: true, force: true });
  delete process.env.FACES_DIR;
});

describe('POST /api/stimuli against the photo', () => {
  it('refuses a face index the photo does not have, saying how many faces it has, and queues nothing', async () => {
    const res = await post({ ref: 'faces:portrait.jpg', faceIndex: 1_000_000_000 });
    expect([res.status, await res.json()]).toEqual([400, { error: tooFar('faces:portrait.jpg', 1_000_000_000) }]);
    expect((await post({ ref: 'faces:portrait.jpg', faceIndex: portraitFaces })).status).toBe(400);
    expect(await getDb().explanationJob.count()).toBe(0);
  });

  it('refuses a photo in which no face is found', async () => {
    const res = await post({ ref: 'faces:sky.jpg' });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: 'No face was found in faces:sky.jpg. Choose a photo in which a face is clearly visible and roughly front-facing.' });
    expect(await getDb().explanationJob.count()).toBe(0);
  });

  it('accepts a face the photo has', async () => {
    const res = await post({ ref: 'faces:portrait.jpg', faceIndex: 0 });
    expect(res.status).toBe(202);
    expect(await getDb().explanationJob.count()).toBe(1);
  });

  it('checks uploads against the face count found when they were uploaded', async () => {
    const up = await uploadSourceImage({ actor: researcher, fileName: 'p.jpg', bytes: portrait });
    expect(up.faceCount).toBe(portraitFaces);
    const res = await post({ ref: up.ref, faceIndex: portraitFaces });
    expect([res.status, await res.json()]).toEqual([400, { error: tooFar(up.ref, portraitFaces) }]);
    // The stored count decides, not a new detection: a row that says two more faces lets the next index through.
    await getDb().sourceImage.update({ where: { id: up.id }, data: { faceCount: portraitFaces + 2 } });
    expect((await post({ ref: up.ref, faceIndex: portraitFaces + 1 })).status).toBe(202);
  });
});
