// The same photo uploaded by two researchers (security issue #11): each gets it in their own library,
// the bytes are stored once, the answers do not reveal that someone else had it, and only uploaders
// (and admins) can read it: a third researcher who knows the hash is refused. Through the HTTP routes,
// with a real database and uploads directory; only the session lookup is replaced.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestDatabase } from './helpers/test-db';
import type { Actor } from '@/lib/auth/roles';
import { getDb } from '@/lib/db';
import { getFaceLibrary } from '@/lib/faces/face-library';
import { storedUploadNames } from './helpers/stored-uploads';
import { createUser } from '@/lib/users/manage-users';

const session = vi.hoisted(() => ({ actor: null as Actor | null }));
vi.mock('@/lib/auth/current-actor', () => ({ getActor: async () => session.actor }));

const { GET: list, POST: upload } = await import('@/app/api/images/route');
const { GET: serve } = await import('@/app/api/images/[id]/route');

let cleanup: () => Promise<void>;
const actors = {} as Record<'a' | 'b' | 'c' | 'admin', Actor>;
let photo: Buffer;
let other: Buffer;
let third: Buffer;
let hash: string;

function uploadAs(actor: Actor, bytes: Buffer, name: string): Promise<Response> {
  session.actor = actor;
  const form = new FormData();
  form.append('file', new File([new Uint8Array(bytes)], name, { type: 'image/jpeg' }));
  return upload(new Request('http://test/api/images', { method: 'POST', body: form }), undefined);
}
function serveAs(actor: Actor, id: string): Promise<Response> {
  session.actor = actor;
  return serve(new Request(`http://test/api/images/${id}`), { params: Promise.resolve({ id }) });
}
async function libraryOf(actor: Actor): Promise<{ id: string; originalName: string | null }[]> {
  session.actor = actor;
  const body = (await (await list(new Request('http://test/api/images'), undefined)).json()) as { images: { id: string; originalName: string | null }[] };
  return body.images.map(({ id, originalName }) => ({ id, originalName }));
}

beforeAll(async () => {
  ({ cleanup } = await createTestDatabase());
  for (const [who, role] of [['a', 'researcher'], ['b', 'researcher'], ['c', 'researcher'], ['admin', 'admin']] as const) {
    const u = await createUser({ actor: null, input: { email: `${who}@own.test`, role, password: 'long-enough-password' } });
    actors[who] = { id: u.id, email: u.email, role };
  }
  const lib = getFaceLibrary();
  const [first, second, extra] = lib.files;
  if (!first || !second || !extra) throw new Error(`need three face photos in ${lib.dir}`);
  photo = fs.readFileSync(path.join(lib.dir, first));
  other = fs.readFileSync(path.join(lib.dir, second));
  third = fs.readFileSync(path.join(lib.dir, extra));
  hash = createHash('sha256').update(photo).digest('hex');
});
afterAll(async () => cleanup());

describe('one photo, two uploaders', () => {
  it('answers B\'s first upload of A\'s bytes exactly like a new upload, and B\'s repeat as a repeat', async () => {
    const first = await uploadAs(actors.a, photo, 'a-portrait.jpg');
    expect(first.status).toBe(201);
    const aBody: unknown = await first.json();
    expect(aBody).toMatchObject({ id: hash, created: true });

    const bFirst = await uploadAs(actors.b, photo, 'b-copy.jpg');
    // Same status and the very same body A got: nothing says the bytes were already stored.
    expect([bFirst.status, await bFirst.json()]).toEqual([201, aBody]);

    const bAgain = await uploadAs(actors.b, photo, 'b-again.jpg');
    expect([bAgain.status, await bAgain.json()]).toEqual([200, { ...(aBody as object), created: false }]);

    // Storage stays content addressed: one file, one content row, two owners.
    expect(await storedUploadNames()).toEqual([`${hash}.jpg`]);
    expect(await getDb().sourceImage.count()).toBe(1);
    expect((await getDb().sourceImageOwner.findMany({ orderBy: { createdAt: 'asc' } })).map((o) => [o.ownerId, o.originalName])).toEqual([
      [actors.a.id, 'a-portrait.jpg'],
      [actors.b.id, 'b-copy.jpg'],
    ]);
  });

  it('puts the photo in each uploader\'s own library, under their own file name, and in nobody else\'s', async () => {
    await uploadAs(actors.a, other, 'a-second.jpg');
    expect(await libraryOf(actors.a)).toEqual([
      { id: createHash('sha256').update(other).digest('hex'), originalName: 'a-second.jpg' },
      { id: hash, originalName: 'a-portrait.jpg' },
    ]);
    expect(await libraryOf(actors.b)).toEqual([{ id: hash, originalName: 'b-copy.jpg' }]);
    expect(await libraryOf(actors.c)).toEqual([]);
    // An admin sees every stored image once.
    expect((await libraryOf(actors.admin)).map((i) => i.id).sort()).toEqual([hash, createHash('sha256').update(other).digest('hex')].sort());
  });

  it('serves the bytes to both uploaders and admins; a third researcher gets the same 404 as for no image', async () => {
    for (const who of [actors.a, actors.b, actors.admin]) {
      const res = await serveAs(who, hash);
      expect(res.status, who.email).toBe(200);
      expect(Buffer.from(await res.arrayBuffer()).equals(photo)).toBe(true);
    }
    const refused = await serveAs(actors.c, hash);
    const unknown = await serveAs(actors.c, 'e'.repeat(64));
    expect([refused.status, await refused.json()]).toEqual([404, { error: 'Image not found.' }]);
    expect([unknown.status, await unknown.json()]).toEqual([404, { error: 'Image not found.' }]);
    // B's access comes from B's own upload only: A's second photo stays A's.
    expect((await serveAs(actors.b, createHash('sha256').update(other).digest('hex'))).status).toBe(404);
  });

  it('gives both researchers their own entry when they upload the same new photo at the same moment', async () => {
    const [a, b] = await Promise.all([uploadAs(actors.a, third, 'a-third.jpg'), uploadAs(actors.b, third, 'b-third.jpg')]);
    expect([a.status, b.status]).toEqual([201, 201]);
    const id = createHash('sha256').update(third).digest('hex');
    expect(await getDb().sourceImage.count({ where: { id } })).toBe(1);
    expect((await getDb().sourceImageOwner.findMany({ where: { imageId: id } })).map((o) => o.ownerId).sort()).toEqual([actors.a.id, actors.b.id].sort());
    expect((await storedUploadNames()).filter((f) => f.startsWith(id))).toEqual([`${id}.jpg`]);
  });

  it('keeps B\'s copy when A is removed, and removing B leaves the bytes for admins', async () => {
    await getDb().user.delete({ where: { id: actors.a.id } });
    expect((await serveAs(actors.b, hash)).status).toBe(200);
    await getDb().user.delete({ where: { id: actors.b.id } });
    expect(await getDb().sourceImageOwner.count({ where: { imageId: hash } })).toBe(0);
    expect((await serveAs(actors.admin, hash)).status).toBe(200);
    expect((await serveAs(actors.c, hash)).status).toBe(404);
  });
});
