// The type of an upload comes from its bytes. Each accepted signature is recognised, and the common
// look-alikes are refused with their real name, so the researcher learns what they actually sent.
import { describe, expect, it } from 'vitest';
import { sniffImageType, unsupportedTypeMessage } from '@/lib/images/sniff-image-type';

const bytes = (...parts: (string | number[])[]) => Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'utf8') : Buffer.from(p))));

describe('sniffImageType', () => {
  it('accepts JPEG, PNG and WebP by their magic bytes only', () => {
    expect(sniffImageType(bytes([0xff, 0xd8, 0xff, 0xe0], 'rest'))).toMatchObject({ accepted: true, type: 'jpeg', mimeType: 'image/jpeg', extension: 'jpg' });
    expect(sniffImageType(bytes([0x89], 'PNG\r\n\x1a\n', 'IHDR'))).toMatchObject({ accepted: true, type: 'png', mimeType: 'image/png' });
    expect(sniffImageType(bytes('RIFF', [1, 2, 3, 4], 'WEBPVP8 '))).toMatchObject({ accepted: true, type: 'webp', mimeType: 'image/webp' });
    // RIFF alone is also WAV and AVI.
    expect(sniffImageType(bytes('RIFF', [1, 2, 3, 4], 'WAVEfmt '))).toEqual({ accepted: false, kind: null });
    expect(sniffImageType(bytes([0xff, 0xd8]))).toMatchObject({ accepted: false });
  });

  it('names the kinds people upload by mistake', () => {
    const kind = (b: Buffer) => {
      const r = sniffImageType(b);
      return r.accepted ? r.type : r.kind;
    };
    expect(kind(bytes('GIF89a', [1, 0, 1, 0]))).toBe('a GIF image');
    expect(kind(bytes([0, 0, 0, 0x18], 'ftypheic', [0, 0, 0, 0]))).toBe('a HEIC image');
    expect(kind(bytes([0, 0, 0, 0x1c], 'ftypavif', [0, 0, 0, 0]))).toBe('an AVIF image');
    expect(kind(bytes([0, 0, 0, 0x18], 'ftypmp42', [0, 0, 0, 0]))).toBe('a video');
    expect(kind(bytes('%PDF-1.7\n'))).toBe('a PDF document');
    expect(kind(bytes('<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"/>'))).toBe('an SVG drawing');
    expect(kind(bytes('<!DOCTYPE html><html></html>'))).toBe('an HTML page');
    expect(kind(bytes('name,age\nada,36\n'))).toBe('a text file');
    expect(kind(bytes('Gesicht – ', [0xc3]))).toBe('a text file'); // a character cut at the end is still text
    expect(kind(bytes([0, 1, 2, 3, 0xfe]))).toBeNull();
  });

  it('says what the file is and what is accepted', () => {
    expect(unsupportedTypeMessage('a GIF image')).toBe('This file is a GIF image, whatever its name says. Upload a photo as JPEG, PNG or WebP.');
    expect(unsupportedTypeMessage(null)).toMatch(/^This file is not an image we can read/);
  });
});
