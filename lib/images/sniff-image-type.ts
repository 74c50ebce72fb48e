// What a file really is, from its first bytes. The name and the browser's content type are chosen by
// the uploader and prove nothing; the magic bytes decide whether the decoder is ever reached. Common
// other kinds are named so the refusal can say what the file is instead of a bare "unsupported".

export type AcceptedImageType = 'jpeg' | 'png' | 'webp';

export type SniffResult =
  | { accepted: true; type: AcceptedImageType; mimeType: string; extension: string }
  | { accepted: false; kind: string | null };

export const acceptedImageTypes: Record<AcceptedImageType, { mimeType: string; extension: string }> = {
  jpeg: { mimeType: 'image/jpeg', extension: 'jpg' },
  png: { mimeType: 'image/png', extension: 'png' },
  webp: { mimeType: 'image/webp', extension: 'webp' },
};

const startsWith = (b: Uint8Array, sig: readonly number[], at = 0) => b.length >= at + sig.length && sig.every((v, i) => b[at + i] === v);
const ascii = (b: Uint8Array, from: number, to: number) => String.fromCharCode(...b.subarray(from, to));

/** Other kinds, for a refusal that names the file's real kind ("a GIF image"). */
const otherKinds: { kind: string; test: (b: Uint8Array) => boolean }[] = [
  { kind: 'a GIF image', test: (b) => ascii(b, 0, 6) === 'GIF87a' || ascii(b, 0, 6) === 'GIF89a' },
  { kind: 'a BMP image', test: (b) => ascii(b, 0, 2) === 'BM' && b.length >= 26 },
  { kind: 'a TIFF image', test: (b) => startsWith(b, [0x49, 0x49, 0x2a, 0x00]) || startsWith(b, [0x4d, 0x4d, 0x00, 0x2a]) },
  { kind: 'an AVIF image', test: (b) => ascii(b, 4, 8) === 'ftyp' && /^avi[fs]/.test(ascii(b, 8, 12)) },
  { kind: 'a HEIC image', test: (b) => ascii(b, 4, 8) === 'ftyp' && /^(hei[cxms]|hev[cx]|mif1|msf1)/.test(ascii(b, 8, 12)) },
  { kind: 'a video', test: (b) => ascii(b, 4, 8) === 'ftyp' || startsWith(b, [0x1a, 0x45, 0xdf, 0xa3]) },
  { kind: 'a JPEG XL image', test: (b) => startsWith(b, [0xff, 0x0a]) || startsWith(b, [0, 0, 0, 0x0c, 0x4a, 0x58, 0x4c, 0x20]) },
  { kind: 'an icon file', test: (b) => startsWith(b, [0, 0, 1, 0]) },
  { kind: 'a Photoshop document', test: (b) => ascii(b, 0, 4) === '8BPS' },
  { kind: 'a PDF document', test: (b) => ascii(b, 0, 5) === '%PDF-' },
  { kind: 'a ZIP archive (or an Office document)', test: (b) => startsWith(b, [0x50, 0x4b, 0x03, 0x04]) },
  { kind: 'a gzip archive', test: (b) => startsWith(b, [0x1f, 0x8b]) },
  { kind: 'an SVG drawing', test: (b) => /^\s*(<\?xml[^>]*>\s*)?(<!--[\s\S]*?-->\s*)*<svg[\s>]/i.test(textHead(b)) },
  { kind: 'an HTML page', test: (b) => /^\s*<(!doctype html|html)[\s>]/i.test(textHead(b)) },
  { kind: 'a text file', test: (b) => isText(b) },
];

function textHead(b: Uint8Array): string {
  return new TextDecoder('utf-8', { fatal: false }).decode(b.subarray(0, 512)).replace(/^\uFEFF/, '');
}

/** Valid UTF-8 with no control characters other than whitespace, in the first 4 KB. */
function isText(b: Uint8Array): boolean {
  if (b.length === 0) return false;
  let s: string;
  try {
    // stream: a multi-byte character cut at the 4 KB edge is not evidence of binary data.
    s = new TextDecoder('utf-8', { fatal: true }).decode(b.subarray(0, 4096), { stream: true });
  } catch {
    return false;
  }
  return !/[\u0000-\u0008\u000e-\u001f\u007f]/.test(s);
}

export function sniffImageType(bytes: Uint8Array): SniffResult {
  let type: AcceptedImageType | null = null;
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) type = 'jpeg';
  else if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) type = 'png';
  else if (ascii(bytes, 0, 4) === 'RIFF' && ascii(bytes, 8, 12) === 'WEBP') type = 'webp';
  if (type) return { accepted: true, type, ...acceptedImageTypes[type] };
  return { accepted: false, kind: otherKinds.find((k) => k.test(bytes))?.kind ?? null };
}

/** The refusal a user sees for a file that is not JPEG, PNG or WebP. */
export function unsupportedTypeMessage(kind: string | null): string {
  const what = kind ? `This file is ${kind}` : 'This file is not an image we can read';
  return `${what}, whatever its name says. Upload a photo as JPEG, PNG or WebP.`;
}
