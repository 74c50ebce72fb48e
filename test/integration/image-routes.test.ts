// The /api/images routes as HTTP: real multipart requests, real database and files. Only the session
// lookup is replaced (next-auth needs a Next request scope); who is signed in is set per test.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestDatabase } from './helpers/test-db';
import { flatGif } from './helpers/image-fixtures';
import type { Actor } from '@/lib/auth/roles';
import { createUser } from '@/lib/users/manage-users';
import { getFaceLibrary } from '@/lib/faces/face-library';

const session = vi.hoisted(() => ({ actor: null as Actor | null }));
vi.mock('@/lib/auth/current-actor', () => ({ getActor: async () => session.actor }));

const { GET: list, POST: upload } = await import('@/app/api/images/route');
const { GET: serve } = await import('@/app/api/images/[id]/route');

let cleanup: () => Promise<void>;
let researcher: Actor;
let analyst: Actor;
let facePhoto: Buffer;

function uploadRequest(bytes: Uint8Array, name: string, type = 'image/jpeg'): Request {
  const form = new FormData();
  form.append('file', new File([new Uint8Array(bytes)], name, { type }));
  return new Request('http://test/api/images', { method: 'POST', body: form });
}
const serveRequest = (id: string, headers: Record<string, string> = {}) =>
  [new Request(`http://test/api/images/${id}`, { headers }), { params: Promise.resolve({ id }) }] as const;

beforeAll(async () => {
  ({ cleanup } = await createTestDatabase());
  const r = await createUser({ actor: null, input: { email: 'r@routes.test', role: 'researcher', password: 'long-enough-password' } });
  const a = await createUser({ actor: null, input: { email: 'a@routes.test', role: 'analyst', password: 'long-enough-password' } });
  researcher = { id: r.id, email: r.email, role: 'researcher' };
  analyst = { id: a.id, email: a.email, role: 'analyst' };
  const lib = getFaceLibrary();
  const [first] = lib.files;
  if (!first) throw new Error(`no face photos in ${lib.dir}`);
  facePhoto = fs.readFileSync(path.join(lib.dir, first));
});
afterAll(async () => cleanup());

describe('POST /api/images and GET /api/images', () => {
  it('answers 401 with a JSON error when nobody is signed in', async () => {
    session.actor = null;
    const res = await upload(uploadRequest(facePhoto, 'face.jpg'));
    expect([res.status, await res.json()]).toEqual([401, { error: 'Please sign in.' }]);
    expect((await list(new Request('http://test/api/images'))).status).toBe(401);
    expect((await serve(...serveRequest('0'.repeat(64)))).status).toBe(401);
  });

  it('creates (201), then finds the same photo again (200), and lists it', async () => {
    session.actor = researcher;
    const res = await upload(uploadRequest(facePhoto, 'face.jpg'));
    expect(res.status).toBe(201);
    const body: unknown = await res.json();
    const hash = createHash('sha256').update(facePhoto).digest('hex');
    expect(body).toMatchObject({ id: hash, ref: `upload:${hash}`, created: true });
    const again = await upload(uploadRequest(facePhoto, 'face-again.jpg'));
    expect([again.status, await again.json()]).toMatchObject([200, { id: hash, created: false }]);
    const listed: unknown = await (await list(new Request('http://test/api/images'))).json();
    expect(listed).toMatchObject({ images: [{ id: hash, originalName: 'face.jpg', mimeType: 'image/jpeg' }] });
  });

  it('maps refusals to their status with the message as { error }', async () => {
    session.actor = researcher;
    const gif = await upload(uploadRequest(await flatGif(), 'photo.jpg'));
    expect([gif.status, await gif.json()]).toMatchObject([415, { error: expect.stringMatching(/^This file is a GIF image/) }]);

    const noFile = await upload(new Request('http://test/api/images', { method: 'POST', body: new FormData() }));
    expect([noFile.status, await noFile.json()]).toEqual([400, { error: 'Choose a file to upload (form field "file").' }]);

    const json = await upload(new Request('http://test/api/images', { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } }));
    expect(json.status).toBe(400);

    const declaredHuge = new Request('http://test/api/images', {
      method: 'POST', body: 'x', headers: { 'content-type': 'multipart/form-data; boundary=x', 'content-length': String(200 * 1024 * 1024) },
    });
    expect((await upload(declaredHuge)).status).toBe(413);

    // No Content-Length at all (a streamed body): cut off once it passes the limit.
    const stream = new ReadableStream<Uint8Array>({
      start(c) {
        for (let i = 0; i < 17; i++) c.enqueue(new Uint8Array(1024 * 1024));
        c.close();
      },
    });
    // Node requires duplex for a stream body; the DOM typings do not know the field yet.
    const init: RequestInit & { duplex: 'half' } = { method: 'POST', body: stream, duplex: 'half', headers: { 'content-type': 'multipart/form-data; boundary=x' } };
    const streamed = new Request('http://test/api/images', init);
    const cut = await upload(streamed);
    expect([cut.status, await cut.json()]).toMatchObject([413, { error: expect.stringMatching(/the limit is 15 MB/) }]);

    session.actor = analyst;
    expect((await upload(uploadRequest(facePhoto, 'face.jpg'))).status).toBe(403);
  });
});

describe('GET /api/images/[id]', () => {
  it('serves the bytes with the stored type, an immutable private cache and the hash as a strong ETag', async () => {
    session.actor = researcher;
    const hash = createHash('sha256').update(facePhoto).digest('hex');
    const res = await serve(...serveRequest(hash));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/jpeg');
    expect(res.headers.get('cache-control')).toBe('private, max-age=86400, immutable');
    expect(res.headers.get('etag')).toBe(`"${hash}"`);
    expect(Buffer.from(await res.arrayBuffer()).equals(facePhoto)).toBe(true);
    expect((await serve(...serveRequest(hash, { 'if-none-match': `"${hash}"` }))).status).toBe(304);
    expect((await serve(...serveRequest('f'.repeat(64)))).status).toBe(404);
    expect((await serve(...serveRequest('not-a-hash'))).status).toBe(404);
    session.actor = analyst;
    expect((await serve(...serveRequest(hash))).status).toBe(403);
  });
});
