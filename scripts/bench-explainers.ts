// `npm run bench:explainers [-- --quick] [--models age,expression] [--backend wasm] [--image face.jpg]`
// Per face model on the current backend: forward and input-gradient cost per face (batch 1 and 32),
// the seed study's per-face explanations end to end (occlusion 8/4, IG, TV inversion 400 steps, TV
// visualisation), and the forward pass on the pure-JS cpu backend as a reference. Medians after warm-up.
// PASS/MISS compares with the targets for a 2-core CPU (issue "correct and fast on CPU").
import { existsSync, readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import cliProgress from 'cli-progress';
import * as tf from '@tensorflow/tfjs';
import { z } from 'zod';
import { backendChoiceSchema } from '@/lib/explainers/backend';
import { prepareFace } from '@/lib/explainers/faces/prepare-face';
import { gradientOf } from '@/lib/explainers/methods/gradient-source';
import { loadModel } from '@/lib/explainers/models/registry';
import { explain } from '@/lib/explainers/registry';
import { makeScoreFn, resolveTarget } from '@/lib/explainers/targets';
import type { ModelAdapter } from '@/lib/explainers/types';
import { initBackend } from '@/lib/explainers/backend';

const argsSchema = z.object({
  quick: z.boolean().default(false),
  models: z.string().default('gender,age,expression').transform((s) => s.split(',').map((m) => m.trim()).filter(Boolean)),
  backend: backendChoiceSchema.optional(),
  image: z.string().optional(),
});

/** Targets on this project's 2-core reference machine; null = reported without a target. */
const TARGET_MS = {
  forward: 15,
  gradient: 60,
  occlusion: 8000,
  ig: null,
  inversion: 30000,
  visualization: null,
} as const satisfies Record<string, number | null>;
type Metric = keyof typeof TARGET_MS;

interface Row {
  model: string;
  what: string;
  ms: number;
  metric: Metric | 'reference';
  note?: string;
}

const log = (message: string) => process.stderr.write(`${message}\n`);

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] ?? NaN) : ((s[mid - 1] ?? NaN) + (s[mid] ?? NaN)) / 2;
}

/** Median wall time of `fn` after `warmup` unmeasured runs (first runs compile kernels, grow the heap). */
function timeMedian(fn: () => void, runs: number, warmup = 1): number {
  for (let i = 0; i < warmup; i++) fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    fn();
    times.push(performance.now() - t0);
  }
  return median(times);
}

/** Read results outside tidy: tidy walks a returned typed array element by element. */
function forwardOnce(model: ModelAdapter, x: tf.Tensor4D): void {
  const out = tf.tidy(() => model.predict(x));
  out.dataSync();
  out.dispose();
}

function defaultFaceFile(): string | null {
  const dirs = [path.resolve(process.cwd(), '../shared/data/faces/demo'), path.resolve(process.cwd(), 'node_modules/@vladmandic/face-api/demo')];
  for (const dir of dirs) {
    if (!existsSync(dir)) continue;
    const file = readdirSync(dir).filter((f) => /\.(jpe?g|png)$/i.test(f)).sort()[0];
    if (file) return path.join(dir, file);
  }
  return null;
}

/** A prepared real face when one is at hand (realistic activations), else a smooth synthetic image. */
async function benchFace(size: readonly [number, number], file: string | null): Promise<{ face: tf.Tensor3D; source: string }> {
  if (file) {
    try {
      return { face: (await prepareFace({ image: file, size })).face, source: path.basename(file) };
    } catch (error) {
      log(`could not prepare ${file} (${error instanceof Error ? error.message : String(error)}); using a synthetic image`);
    }
  }
  const [h, w] = size;
  const face = tf.tidy(() => {
    const yy = tf.linspace(0, 1, h).reshape([h, 1, 1]);
    const xx = tf.linspace(0, 1, w).reshape([1, w, 1]);
    return tf.sigmoid(tf.mul(tf.sin(tf.add(tf.mul(yy, 9), tf.mul(xx, tf.tensor1d([4, 7, 11])))), 2)) as tf.Tensor3D;
  });
  return { face, source: 'synthetic' };
}

async function timeExplainer(model: ModelAdapter, face: tf.Tensor3D, method: string, params: Record<string, unknown>): Promise<number> {
  const bar = new cliProgress.SingleBar(
    { format: `  ${model.id} ${method.padEnd(18)} {bar} {percentage}% | {duration_formatted}`, stream: process.stderr, hideCursor: true },
    cliProgress.Presets.shades_classic,
  );
  bar.start(100, 0);
  const t0 = performance.now();
  try {
    await explain({ model, image: face, target: { kind: 'predicted' }, method, params, seed: 1 }, {
      onProgress: (f) => bar.update(Math.round(f * 100)),
    });
  } finally {
    bar.stop();
  }
  return performance.now() - t0;
}

async function benchModel(id: string, quick: boolean, faceFile: string | null, backend: string, rows: Row[]): Promise<void> {
  const model = await loadModel(id);
  const { face, source } = await benchFace(model.inputSize, faceFile);
  const [h, w] = model.inputSize;
  const add = (row: Row) => {
    rows.push(row);
    log(`  ${formatRow(row)}`);
  };
  log(`${id} (face: ${source})`);
  const x1 = tf.tidy(() => model.preprocess(face.expandDims(0) as tf.Tensor4D));
  const x32 = tf.tidy(() => tf.tile(x1, [32, 1, 1, 1]) as tf.Tensor4D);
  try {
    add({ model: id, what: 'forward, batch 1 (per face)', ms: timeMedian(() => forwardOnce(model, x1), quick ? 5 : 15, 2), metric: 'forward' });
    add({ model: id, what: 'forward, batch 32 (per face)', ms: timeMedian(() => forwardOnce(model, x32), quick ? 2 : 4) / 32, metric: 'forward' });
    const target = resolveTarget(model, x1, { kind: 'predicted' }, 'logit');
    const score = makeScoreFn(model, target);
    add({ model: id, what: 'input gradient, batch 1 (per face)', ms: timeMedian(() => gradientOf(score, x1), quick ? 3 : 7, 2), metric: 'gradient' });
    add({ model: id, what: 'input gradient, batch 32 (per face)', ms: timeMedian(() => gradientOf(score, x32), quick ? 1 : 3) / 32, metric: 'gradient' });

    add({ model: id, what: 'occlusion map (8 px window, stride 4)', ms: await timeExplainer(model, face, 'occlusion', { window: 8, stride: 4 }), metric: 'occlusion' });
    add({ model: id, what: 'integrated gradients map (defaults)', ms: await timeExplainer(model, face, 'integrated-gradients', {}), metric: 'ig' });
    // 'One TV inversion' = one reconstruction (repeats 1), 400 iterations. The default runs 4 repeats as
    // one batch and keeps the best; its cost is estimated from 50 iterations (they all cost the same).
    const invSteps = quick ? 100 : 400;
    const inv = await timeExplainer(model, face, 'inversion-tv', { repeats: 1, schedule: [{ factor: 1, iterations: invSteps }] });
    add({ model: id, what: `TV inversion, 400 steps, 1 repeat${quick ? ' (est. from 100)' : ''}`, ms: (inv * 400) / invSteps, metric: 'inversion', note: quick ? 'estimate' : undefined });
    const inv4 = await timeExplainer(model, face, 'inversion-tv', { schedule: [{ factor: 1, iterations: 50 }] });
    add({ model: id, what: 'TV inversion, 400 steps, 4 repeats (default; est. from 50)', ms: inv4 * 8, metric: 'inversion', note: 'estimate' });
    const visSteps = quick ? 128 : 512;
    const vis = await timeExplainer(model, face, 'visualization-tv', { steps: visSteps });
    add({ model: id, what: `TV visualisation, 512 steps (default)${quick ? ' (est. from 128)' : ''}`, ms: (vis * 512) / visSteps, metric: 'visualization', note: quick ? 'estimate' : undefined });

    // The same forward pass on the pure-JS reference backend. The weights move to cpu and back.
    if (backend !== 'cpu') {
      const fast = rows.find((r) => r.model === id && r.what.startsWith('forward, batch 1'))?.ms ?? NaN;
      await tf.setBackend('cpu');
      try {
        const xc = tf.tensor4d(x1.dataSync(), [1, h, w, 3]);
        const ms = timeMedian(() => forwardOnce(model, xc), quick ? 2 : 4, 1);
        xc.dispose();
        add({ model: id, what: 'forward, batch 1, cpu backend (reference)', ms, metric: 'reference', note: `${(ms / fast).toFixed(1)}× ${backend}` });
      } finally {
        await tf.setBackend(backend);
      }
    }
  } finally {
    tf.dispose([x1, x32, face]);
  }
}

function formatMs(ms: number): string {
  return ms >= 1000 ? `${(ms / 1000).toFixed(1)} s` : `${ms.toFixed(1)} ms`;
}

function verdict(row: Row): string {
  if (row.metric === 'reference') return row.note ?? '';
  const target = TARGET_MS[row.metric];
  const status = target === null ? '' : `${row.ms <= target ? 'PASS' : 'MISS'} (≤ ${formatMs(target)})`;
  return [status, row.note].filter(Boolean).join(', ');
}

function formatRow(row: Row): string {
  return `${row.what.padEnd(44)} ${formatMs(row.ms).padStart(9)}  ${verdict(row)}`;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    args: process.argv.slice(2),
    strict: true,
    options: { quick: { type: 'boolean' }, models: { type: 'string' }, backend: { type: 'string' }, image: { type: 'string' } },
  });
  const args = argsSchema.parse(values);
  const info = await initBackend(args.backend ? { force: args.backend } : {});
  const started = performance.now();
  const faceFile = args.image ?? defaultFaceFile();
  // Shared machines skew timings; the load average says how much to trust a MISS.
  const load = () => os.loadavg().map((l) => l.toFixed(1)).join(' ');
  const startLoad = load();
  log(`backend ${info.name}${args.quick ? ' (quick)' : ''} · ${os.cpus().length} cores · load ${startLoad} · ${new Date().toISOString()}`);
  const rows: Row[] = [];
  for (const id of args.models) await benchModel(id, args.quick, faceFile, info.name, rows);

  console.log(`\n| model | measurement | time | target |\n|---|---|---:|---|`);
  for (const row of rows) console.log(`| ${row.model} | ${row.what} | ${formatMs(row.ms)} | ${verdict(row)} |`);
  console.log(`\nbackend ${info.name}, tfjs ${tf.version.tfjs}, ${os.cpus().length} cores, load average ${startLoad} at start, ${load()} at end; total ${formatMs(performance.now() - started)}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
