// Images made on the spot for upload tests: no binary fixtures in the repository.
import { crc32, deflateSync } from 'node:zlib';
import sharp from 'sharp';

function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'ascii');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])) >>> 0, 0);
  return Buffer.concat([head, data, crc]);
}

/**
 * A valid, all-black 1-bit grayscale PNG of the given size: 20000² is ~50 MB of scanlines that
 * deflate to ~50 KB, i.e. a real decompression bomb in miniature.
 */
export function bombPng(width: number, height: number): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([1, 0, 0, 0, 0], 8); // bit depth 1, grayscale, deflate, filter 0, no interlace
  const rowBytes = 1 + Math.ceil(width / 8); // filter byte + packed pixels, all zero
  const idat = deflateSync(Buffer.alloc(rowBytes * height), { level: 9 });
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', idat), chunk('IEND', Buffer.alloc(0))]);
}

export function flatGif(): Promise<Buffer> {
  return sharp({ create: { width: 64, height: 64, channels: 3, background: '#c08040' } }).gif().toBuffer();
}

/** A smooth colour gradient: photo-like statistics, no face. */
export function gradientJpeg(width: number, height: number): Promise<Buffer> {
  const px = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 3;
      px[i] = Math.round((255 * x) / width);
      px[i + 1] = Math.round((255 * y) / height);
      px[i + 2] = 160;
    }
  }
  return sharp(px, { raw: { width, height, channels: 3 } }).jpeg().toBuffer();
}
