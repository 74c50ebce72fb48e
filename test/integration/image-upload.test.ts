// Uploading face photos against a real database and a real uploads directory: a good photo is stored
// once, and every kind of bad file is refused with a message a researcher understands while nothing
// (no row, no file, no temporary file) is left behind.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from './helpers/test-db';
import { bombPng, flatGif, gradientJpeg } from './helpers/image-fixtures';
import { getDb } from '@/lib/db';
import type { Actor } from '@/lib/auth/roles';
import { createUser } from '@/lib/users/manage-users';
import { getFaceLibrary } from '@/lib/faces/face-library';
import { uploadSourceImage } from '@/lib/images/upload-source-image';
import { listSourceImages } from '@/lib/images/list-source-images';
import { readSourceImage } from '@/lib/images/read-source-image';
import { findUploadKey, readUpload } from '@/lib/images/source-image-path';
import { storedUploadNames } from './helpers/stored-uploads';

let cleanup: () => Promise<void>;
const actors = {} as Record<'owner' | 'other' | 'analyst' | 'admin', Actor>;
let facePhoto: Buffer;
let secondFace: Buffer;

async function makeActor(email: string, role: Actor['role']): Promise<Actor> {
  const u = await createUser({ actor: null, input: { email, role, password: 'long-enough-password' } });
  return { id: u.id, email: u.email, role };
}

/** What is stored: rows and every stored upload (on SQLite every file in the directory, temporary files included). */
async function stored(): Promise<{ rows: number; files: string[] }> {
  return { rows: await getDb().sourceImage.count(), files: await storedUploadNames() };
}

/** Runs an upload that must fail, and checks it stored nothing at all. */
async function refused(fileName: string, bytes: Uint8Array, actor = actors.owner): Promise<{ code: string; status: number; message: string }> {
  const before = await stored();
  const error: unknown = await uploadSourceImage({ actor, fileName, bytes }).then(() => null, (e: unknown) => e);
  expect(error, 'the upload should have been refused').toBeInstanceOf(Error);
  expect(await stored()).toEqual(before);
  const { code, status, message } = error as { code: string; status: number; message: string };
  return { code, status, message };
}

beforeAll(async () => {
  ({ cleanup } = await createTestDatabase());
  actors.owner = await makeActor('owner@img.test', 'researcher');
  actors.other = await makeActor('other@img.test', 'researcher');
  actors.analyst = await makeActor('analyst@img.test', 'analyst');
  actors.admin = await makeActor('admin@img.test', 'admin');
  const lib = getFaceLibrary();
  const [first, second] = lib.files;
  if (!first || !second) throw new Error(`need two face photos in ${lib.dir}`);
  facePhoto = fs.readFileSync(path.join(lib.dir, first));
  secondFace = fs.readFileSync(path.join(lib.dir, second));
});
afterAll(async () => cleanup());

describe('uploading a face photo', () => {
  it('stores it once under the hash of its bytes', async () => {
    const t0 = performance.now();
    const first = await uploadSourceImage({ actor: actors.owner, fileName: 'C:\\Users\\me\\portrait.jpg', bytes: facePhoto });
    const coldMs = performance.now() - t0;
    const hash = createHash('sha256').update(facePhoto).digest('hex');
    const meta = await sharp(facePhoto).metadata();
    expect(first).toEqual({ id: hash, ref: `upload:${hash}`, width: meta.autoOrient.width, height: meta.autoOrient.height, faceCount: expect.any(Number), created: true });
    expect(first.faceCount).toBeGreaterThanOrEqual(1);
    expect((await readUpload({ ref: first.ref })).bytes.equals(facePhoto)).toBe(true);
    const row = await getDb().sourceImage.findUniqueOrThrow({ where: { id: hash }, include: { owners: true } });
    expect(row).toMatchObject({ mimeType: 'image/jpeg', byteSize: facePhoto.length, owners: [{ ownerId: actors.owner.id, originalName: 'portrait.jpg' }] });

    const t1 = performance.now();
    const again = await uploadSourceImage({ actor: actors.owner, fileName: 'copy.jpg', bytes: facePhoto });
    const repeatMs = performance.now() - t1;
    expect(again).toEqual({ ...first, created: false });
    expect(await stored()).toEqual({ rows: 1, files: [`${hash}.jpg`] });
    expect(await getDb().auditEvent.count({ where: { action: 'image.upload' } })).toBe(2);

    const t2 = performance.now();
    const second = await uploadSourceImage({ actor: actors.owner, fileName: 'second.jpg', bytes: secondFace });
    const warmMs = performance.now() - t2;
    expect(second.created).toBe(true);
    console.info(`[image-upload] first upload (cold backend) ${coldMs.toFixed(0)} ms, warm ${warmMs.toFixed(0)} ms, repeat ${repeatMs.toFixed(0)} ms`);
  });

  it('applies EXIF orientation: a sideways-stored photo tagged upright is found and reported upright', async () => {
    // A portrait (taller than wide) so a wrong orientation would show in the reported size.
    const portrait = await sharp(facePhoto).resize(480, 480).extend({ top: 80, bottom: 80, background: '#808080' }).jpeg().toBuffer();
    // Pixels turned 90° clockwise; orientation 8 tells viewers to turn them back.
    const sideways = await sharp(portrait).rotate(90).withMetadata({ orientation: 8 }).jpeg().toBuffer();
    const raw = await sharp(sideways).metadata();
    expect([raw.width, raw.height, raw.orientation]).toEqual([640, 480, 8]);
    const up = await uploadSourceImage({ actor: actors.owner, fileName: 'phone.jpg', bytes: sideways });
    expect([up.width, up.height]).toEqual([480, 640]);
    expect(up.faceCount).toBeGreaterThanOrEqual(1);
  });

  it('refuses a truncated JPEG as corrupt', async () => {
    const r = await refused('cut.jpg', facePhoto.subarray(0, Math.floor(facePhoto.length * 0.6)));
    expect(r).toMatchObject({ code: 'BAD_INPUT', status: 400 });
    expect(r.message).toMatch(/JPEG file could not be read: it is probably truncated or corrupt/);
  });

  it('refuses other kinds by their bytes whatever the extension says (415)', async () => {
    const gif = await refused('photo.jpg', await flatGif());
    expect(gif).toMatchObject({ code: 'UNSUPPORTED_MEDIA', status: 415 });
    expect(gif.message).toMatch(/^This file is a GIF image, whatever its name says\. Upload a photo as JPEG, PNG or WebP\.$/);
    expect((await refused('photo.jpg', Buffer.from('just some notes\nnot a photo\n'))).message).toMatch(/^This file is a text file/);
    expect((await refused('photo.png', Buffer.from([0x00, 0x01, 0x02, 0x03, 0xfe, 0xff, 0x10]))).message).toMatch(/^This file is not an image we can read/);
  });

  it('refuses a 20000 × 20000 PNG from its header, without decoding it', async () => {
    const png = bombPng(20_000, 20_000);
    expect(png.length).toBeLessThan(1024 * 1024);
    const t0 = performance.now();
    const r = await refused('huge.png', png);
    expect(performance.now() - t0).toBeLessThan(1500);
    expect(r).toMatchObject({ code: 'TOO_LARGE', status: 413 });
    expect(r.message).toMatch(/^20000 × 20000 pixels is too large; the limit is 40 megapixels/);
  });

  it('refuses a file over the byte limit before looking inside', async () => {
    const big = Buffer.alloc(15 * 1024 * 1024 + 1);
    big.set([0xff, 0xd8, 0xff]);
    expect(await refused('big.jpg', big)).toMatchObject({ code: 'TOO_LARGE', message: 'This file is 15 MB; the limit is 15 MB.' });
    expect(await refused('empty.jpg', Buffer.alloc(0))).toMatchObject({ code: 'BAD_INPUT', message: 'The file is empty.' });
  });

  it('refuses a photo without a face', async () => {
    const r = await refused('sky.jpg', await gradientJpeg(640, 480));
    expect(r).toMatchObject({ code: 'BAD_INPUT', status: 400 });
    expect(r.message).toMatch(/^No face was found in this photo/);
  });

  it('removes the written file when the database write fails', async () => {
    const fresh = await sharp(secondFace).flop().jpeg().toBuffer();
    // A missing audit table makes the transaction fail after the file was written.
    await getDb().$executeRawUnsafe('ALTER TABLE "AuditEvent" RENAME TO "AuditEventAway"');
    try {
      const r = await refused('mirror.jpg', fresh);
      expect(r.status, 'an unexpected error, not an AppError').toBeUndefined();
    } finally {
      await getDb().$executeRawUnsafe('ALTER TABLE "AuditEventAway" RENAME TO "AuditEvent"');
    }
  });

  it('lets only researchers and admins upload', async () => {
    expect(await refused('portrait.jpg', facePhoto, actors.analyst)).toMatchObject({ code: 'FORBIDDEN', status: 403 });
  });
});

describe('the image library', () => {
  it('lists a researcher\'s own uploads, and every upload for an admin', async () => {
    const own = await listSourceImages({ actor: actors.owner });
    expect(own.map((i) => i.originalName).sort()).toEqual(['phone.jpg', 'portrait.jpg', 'second.jpg']);
    expect(await listSourceImages({ actor: actors.other })).toEqual([]);
    expect((await listSourceImages({ actor: actors.admin })).length).toBe(3);
    await expect(listSourceImages({ actor: actors.analyst })).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('serves the stored bytes with the sniffed type, to the researcher who uploaded them and admins only', async () => {
    const [img] = await listSourceImages({ actor: actors.owner });
    if (!img) throw new Error('expected an upload');
    const read = await readSourceImage({ actor: actors.owner, id: img.id });
    expect(read.mimeType).toBe('image/jpeg');
    expect(read.etag).toBe(createHash('sha256').update(read.bytes).digest('hex'));
    expect((await readSourceImage({ actor: actors.admin, id: img.id })).bytes.equals(read.bytes)).toBe(true);
    // Another researcher who knows the hash but never uploaded the photo: the same answer as no such image.
    await expect(readSourceImage({ actor: actors.other, id: img.id })).rejects.toMatchObject({ code: 'NOT_FOUND', message: 'Image not found.' });
    await expect(readSourceImage({ actor: actors.analyst, id: img.id })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(readSourceImage({ actor: actors.admin, id: 'f'.repeat(64) })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(readSourceImage({ actor: actors.admin, id: '../../etc/passwd' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('resolves upload: references only for well-formed hashes of stored files', async () => {
    await expect(findUploadKey({ ref: 'upload:../../app.db' })).rejects.toMatchObject({ code: 'BAD_INPUT' });
    await expect(findUploadKey({ ref: `upload:${'A'.repeat(64)}` })).rejects.toMatchObject({ code: 'BAD_INPUT' });
    await expect(findUploadKey({ ref: `upload:${'0'.repeat(64)}` })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
