// `npm run explain` as a user runs it (a tsx process): it accepts and refuses the same files as an
// upload, with the same words, and names its outputs so that runs do not overwrite each other; a run
// that would overwrite stops before computing anything (security issue #11).
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { flatGif } from './helpers/image-fixtures';
import { getFaceLibrary } from '@/lib/faces/face-library';
import { checkImageFile } from '@/lib/images/check-image-file';
import { explainOutputFiles } from '@/scripts/explain-output-files';

const run = promisify(execFile);
const tsx = path.join(process.cwd(), 'node_modules', '.bin', 'tsx');

async function explainCli(args: string[]): Promise<{ code: number; stderr: string }> {
  try {
    const { stderr } = await run(tsx, ['scripts/explain.ts', ...args], { cwd: process.cwd(), timeout: 120_000 });
    return { code: 0, stderr };
  } catch (e) {
    const failed = e as { code?: number; stderr?: string };
    return { code: failed.code ?? -1, stderr: failed.stderr ?? '' };
  }
}

let dir: string;
let face: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'facexai-explain-'));
  const lib = getFaceLibrary();
  const [first] = lib.files;
  if (!first) throw new Error(`no face photos in ${lib.dir}`);
  face = path.join(lib.dir, first);
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('npm run explain', () => {
  it('refuses a GIF and an SVG with the message an upload gets, before loading any model', async () => {
    const inputs = {
      'photo.gif': await flatGif(),
      'drawing.jpg': Buffer.from('<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64"><rect width="64" height="64"/></svg>\n'),
    };
    for (const [name, bytes] of Object.entries(inputs)) {
      const file = path.join(dir, name);
      fs.writeFileSync(file, bytes);
      // What the upload path says for these bytes (it calls the same check).
      const uploadMessage = await checkImageFile({ bytes }).then(() => 'accepted', (e: unknown) => (e as Error).message);
      expect(uploadMessage).toMatch(/^This file is (a GIF image|an SVG drawing), whatever its name says\. Upload a photo as JPEG, PNG or WebP\.$/);
      const r = await explainCli(['--image', file, '--model', 'expression', '--method', 'occlusion', '--out', path.join(dir, 'out')]);
      expect(r).toEqual({ code: 2, stderr: `error: ${uploadMessage} (${file})\n` });
    }
    expect(fs.existsSync(path.join(dir, 'out'))).toBe(false);
  }, 120_000);

  it('names outputs by photo, model, face, target, seed and method, and refuses to overwrite them without --force', async () => {
    const out = path.join(dir, 'runs');
    const args = ['--image', face, '--model', 'expression', '--method', 'occlusion', '--fast', '--out', out];
    const first = await explainCli(args);
    expect(first.code, first.stderr).toBe(0);
    const named = explainOutputFiles({ out, image: face, model: 'expression', face: 0, target: 'predicted', seed: 1 });
    const stem = `${path.parse(face).name}_expression_face0`;
    expect(fs.readdirSync(out).sort()).toEqual([
      `${stem}.png`,
      `${stem}_predicted_seed1_occlusion-heatmap.png`,
      `${stem}_predicted_seed1_occlusion.json`,
      `${stem}_predicted_seed1_occlusion.png`,
    ]);
    expect(path.basename(named.method('occlusion').png)).toBe(`${stem}_predicted_seed1_occlusion.png`);
    const before = fs.readFileSync(named.method('occlusion').png);

    // The same run again (say with other --params) would overwrite: refused, nothing touched.
    const again = await explainCli([...args, '--params', '{"window":8}']);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain(`would be overwritten: ${named.method('occlusion').png}`);
    expect(again.stderr).toContain('Pass --force to overwrite, or choose another --out.');
    expect(fs.readFileSync(named.method('occlusion').png).equals(before)).toBe(true);
    expect(fs.readdirSync(out)).toHaveLength(4);

    // Any other seed, target, face, model or photo is another file.
    const other = (o: Partial<Parameters<typeof explainOutputFiles>[0]>) => explainOutputFiles({ out, image: face, model: 'expression', face: 0, target: 'predicted', seed: 1, ...o }).method('occlusion').png;
    const variants = [other({}), other({ seed: 2 }), other({ target: 'happy' }), other({ face: 1 }), other({ model: 'gender' }), other({ image: '/elsewhere/another.jpg' })];
    expect(new Set(variants).size).toBe(variants.length);
  }, 240_000);
});
