// Face preparation on real photos: upright, eyes level, model-sized, in [0,1]; and a clear coded
// error for every expected failure (no face, unreadable file, enormous image, missing face index).
import * as tf from '@tensorflow/tfjs';
import { readFileSync } from 'node:fs';
import { crc32, deflateSync } from 'node:zlib';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '@/lib/explainers/backend';
import { FacePrepError } from '@/lib/explainers/faces/face-prep-error';
import { prepareFace } from '@/lib/explainers/faces/prepare-face';
import { faceFiles } from './helpers/face-files';

let photo: Buffer;
beforeAll(async () => {
  await initBackend();
  photo = readFileSync(faceFiles(3)[1] ?? '');
  // Loads the detector's weights (they stay resident), so tensor counts below measure leaks only.
  (await prepareFace({ image: photo })).face.dispose();
});

async function expectCode(p: Promise<unknown>, code: string) {
  const error = await p.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(FacePrepError);
  expect((error as FacePrepError).code).toBe(code);
  expect((error as FacePrepError).message.length).toBeGreaterThan(10);
}

/** A PNG whose header claims width×height; the body is a stub, so only a header check can be cheap. */
function pngHeader(width: number, height: number): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([len, body, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 2, 0, 0, 0], 8); // 8-bit RGB
  return Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(Buffer.alloc(16))), chunk('IEND', Buffer.alloc(0))]);
}

describe('prepareFace', () => {
  it('returns an upright, eye-levelled face of the model size in [0,1] without leaking tensors', async () => {
    // The photo's own roll (sample photos are not always level), measured before tilting it further.
    const level = await prepareFace({ image: photo });
    const ownRoll = level.angleDeg;
    level.face.dispose();
    const before = tf.memory().numTensors;
    // Tilt the photo by 15° so alignment has work to do.
    const tilted = await sharp(photo).rotate(15, { background: '#808080' }).jpeg().toBuffer();
    const prepared = await prepareFace({ image: tilted });
    expect(prepared.face.shape).toEqual([112, 112, 3]);
    const [min, max] = tf.tidy(() => [tf.min(prepared.face).dataSync()[0] ?? NaN, tf.max(prepared.face).dataSync()[0] ?? NaN]);
    expect(min).toBeGreaterThanOrEqual(0);
    expect(max).toBeLessThanOrEqual(1);
    expect(max - min).toBeGreaterThan(0.3);
    expect(Math.abs(prepared.angleDeg - (ownRoll + 15))).toBeLessThan(5);
    expect(prepared.landmarks).toHaveLength(68);
    // The aligned face, scaled up and re-detected, has level eyes.
    const pixels = Uint8Array.from(tf.tidy(() => tf.mul(prepared.face, 255).dataSync()));
    const big = await sharp(Buffer.from(pixels),
      { raw: { width: 112, height: 112, channels: 3 } }).resize(336, 336).extend({ top: 168, bottom: 168, left: 168, right: 168, background: '#808080' }).png().toBuffer();
    prepared.face.dispose();
    const again = await prepareFace({ image: big, margin: 0.3 });
    again.face.dispose();
    expect(Math.abs(again.angleDeg)).toBeLessThan(4);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('honours a requested output size and refuses a face index that does not exist', async () => {
    const p = await prepareFace({ image: photo, size: [64, 48] });
    expect(p.face.shape).toEqual([64, 48, 3]);
    p.face.dispose();
    await expectCode(prepareFace({ image: photo, faceIndex: p.faceCount }), 'FACE_INDEX_OUT_OF_RANGE');
  });

  it('NO_FACE for an image without a face', async () => {
    const noise = Buffer.from(Array.from({ length: 160 * 160 * 3 }, (_, i) => (i * 7919) % 251));
    const png = await sharp(noise, { raw: { width: 160, height: 160, channels: 3 } }).png().toBuffer();
    await expectCode(prepareFace({ image: png }), 'NO_FACE');
  });

  it('UNREADABLE_IMAGE for bytes that are not an image and for a truncated JPEG', async () => {
    await expectCode(prepareFace({ image: Buffer.from('this is not an image at all') }), 'UNREADABLE_IMAGE');
    await expectCode(prepareFace({ image: photo.subarray(0, Math.floor(photo.length / 3)) }), 'UNREADABLE_IMAGE');
    await expectCode(prepareFace({ image: '/nonexistent/face.jpg' }), 'UNREADABLE_IMAGE');
  });

  it('IMAGE_TOO_LARGE from the header alone, before decoding', async () => {
    const started = Date.now();
    await expectCode(prepareFace({ image: pngHeader(100_000, 100_000) }), 'IMAGE_TOO_LARGE');
    expect(Date.now() - started).toBeLessThan(1000);
    await expectCode(prepareFace({ image: photo, maxPixels: 10_000 }), 'IMAGE_TOO_LARGE');
  });
});
