// Where `npm run explain` writes. Names carry everything that makes one run's images differ from
// another's (photo, model, face, target, seed, method), so runs on other photos or settings never
// replace each other's files; a run that would replace a file anyway (same names, e.g. other --params,
// or another photo with the same file name) is refused unless --force, before anything is computed.
import fs from 'node:fs';
import path from 'node:path';

export interface ExplainOutputFiles {
  /** The aligned face: the same for every method, target and seed, so shared by their runs. */
  face: string;
  /** One method's stimulus PNG, its provenance JSON and (saliency methods) the bare heat map. */
  method: (method: string) => { png: string; json: string; heatmap: string };
  /** The labelled sheet of `--method all`. */
  comparison: string;
}

/** Keeps names portable: anything but letters, digits, dot, dash and underscore becomes a dash. */
const safe = (s: string) => s.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[.-]+/, '') || 'x';

export function explainOutputFiles(options: { out: string; image: string; model: string; face: number; target: string; seed: number }): ExplainOutputFiles {
  const photo = `${safe(path.parse(options.image).name)}_${safe(options.model)}_face${options.face}`;
  const stem = path.join(options.out, `${photo}_${safe(options.target.trim().toLowerCase())}_seed${options.seed}`);
  return {
    face: path.join(options.out, `${photo}.png`),
    method: (method) => ({ png: `${stem}_${safe(method)}.png`, json: `${stem}_${safe(method)}.json`, heatmap: `${stem}_${safe(method)}-heatmap.png` }),
    comparison: `${stem}_comparison.png`,
  };
}

/** Files a run of `methods` could write that already exist (the shared aligned face is checked by content later). */
export function existingExplainOutputs(files: ExplainOutputFiles, methods: readonly string[]): string[] {
  const planned = methods.flatMap((m) => Object.values(files.method(m)));
  if (methods.length > 1) planned.push(files.comparison);
  return planned.filter((f) => fs.existsSync(f));
}

/**
 * Writes the aligned face unless an identical file is there. A different one (another photo with the
 * same file name) is only replaced with `force`; returns false when it was left alone for that reason.
 */
export function writeFaceFile(file: string, png: Buffer, force: boolean): boolean {
  if (fs.existsSync(file) && !force) return fs.readFileSync(file).equals(png);
  fs.writeFileSync(file, png);
  return true;
}
