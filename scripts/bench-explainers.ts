// `npm run bench:explainers [-- --quick] [--models age,expression] [--backend wasm] [--image face.jpg] [--onnx-threads 1,2] [--forward-only]`
// Per face model on the current backend: forward and input-gradient cost per face (batch 1 and 32),
// the seed study's per-face explanations end to end (occlusion 8/4, IG, TV inversion 400 steps, TV
// visualisation), and the forward pass on the pure-JS cpu backend as a reference. Medians after warm-up.
// The forward-only runtime (lib/explainers/forward-runtime.ts): the onnxruntime forward per face at each
// thread count, GFLOP/s achieved on both runtimes, and the occlusion map on TF.js and on onnxruntime.
// --forward-only measures just those (forward passes and occlusion), for comparing runtimes quickly.
// PASS/MISS compares with the targets for a 2-core CPU (issue "correct and fast on CPU").
import { existsSync, readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import cliProgress from 'cli-progress';
import * as tf from '@tensorflow/tfjs';
import { z } from 'zod';
import { backendChoiceSchema } from '@/lib/explainers/backend';
import { configureForwardRuntime, forwardRunner, forwardRuntimeConfig, type ForwardRunner } from '@/lib/explainers/forward-runtime';
import { prepareFace } from '@/lib/explainers/faces/prepare-face';
import { gradientOf } from '@/lib/explainers/methods/gradient-source';
import { loadModel } from '@/lib/explainers/models/registry';
import { explain } from '@/lib/explainers/registry';
import { makeScoreFn, resolveTarget } from '@/lib/explainers/targets';
import type { ModelAdapter } from '@/lib/explainers/types';
import { initBackend } from '@/lib/explainers/backend';

const argsSchema = z.object({
  quick: z.boolean().default(false),
  forwardOnly: z.boolean().default(false),
  models: z.string().default('gender,age,expression').transform((s) => s.split(',').map((m) => m.trim()).filter(Boolean)),
  backend: backendChoiceSchema.optional(),
  image: z.string().optional(),
  onnxThreads: z.string().default('1,2').transform((s) => s.split(',').map((t) => Number(t.trim())))
    .pipe(z.array(z.number().int().min(1).max(64)).min(1)),
});

/** Forward cost per face counted from the layer shapes (2 × multiply-adds of the convolutions and the head; issue #15). */
const GFLOP_PER_FACE: Record<string, number> = { gender: 0.19, age: 0.19, expression: 0.1 };

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

/** timeMedian for async work (onnxruntime's session.run). */
async function timeMedianAsync(fn: () => Promise<unknown>, runs: number, warmup = 1): Promise<number> {
  for (let i = 0; i < warmup; i++) await fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    times.push(performance.now() - t0);
  }
  return median(times);
}

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

interface BenchOptions {
  quick: boolean;
  forwardOnly: boolean;
  onnxThreads: number[];
}

async function benchModel(id: string, options: BenchOptions, faceFile: string | null, backend: string, rows: Row[]): Promise<void> {
  const { quick, onnxThreads } = options;
  const DEFAULT_BATCH = forwardRuntimeConfig().batch;
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
    const gflop = GFLOP_PER_FACE[id];
    const rate = (ms: number) => (gflop === undefined ? undefined : `${(gflop / (ms / 1000)).toFixed(2)} GFLOP/s`);
    const tfjs1 = timeMedian(() => forwardOnce(model, x1), quick ? 5 : 15, 2);
    add({ model: id, what: `forward, batch 1 (per face), ${backend}`, ms: tfjs1, metric: 'forward', note: rate(tfjs1) });
    const tfjs32 = timeMedian(() => forwardOnce(model, x32), quick ? 2 : 4) / 32;
    add({ model: id, what: `forward, batch 32 (per face), ${backend}`, ms: tfjs32, metric: 'forward', note: rate(tfjs32) });
    // The same net on onnxruntime (an ONNX graph built from the same weights), per thread count.
    const onnxUsable: number[] = [];
    for (const threads of onnxThreads) {
      // batch 64: the batch-32 row runs one real batch of 32 (the runtime's default splits it into single faces).
      configureForwardRuntime({ runtime: 'onnx', threads, batch: 64 });
      let runner: ForwardRunner;
      try {
        runner = await forwardRunner(model);
      } catch (error) {
        log(`  onnxruntime forward skipped: ${error instanceof Error ? error.message : String(error)}`);
        break;
      }
      onnxUsable.push(threads);
      const t = `${threads} thread${threads === 1 ? '' : 's'}`;
      if (onnxUsable.length === 1) {
        const reference = tf.tidy(() => model.predict(x32));
        const want = reference.dataSync();
        reference.dispose();
        const got = (await runner.predict(x32)).values;
        const worst = got.reduce((m, v, i) => Math.max(m, Math.abs(v - (want[i] ?? NaN))), 0);
        log(`  onnx vs ${backend} outputs, batch 32: max |Δ| ${worst.toExponential(1)}`);
      }
      const faster = (wasm: number, onnx: number) => `${(wasm / onnx).toFixed(1)}× ${backend}'s speed`;
      const onnx1 = await timeMedianAsync(() => runner.predict(x1), quick ? 5 : 15, 2);
      add({ model: id, what: `forward, batch 1 (per face), onnx ${t}`, ms: onnx1, metric: 'forward', note: [rate(onnx1), faster(tfjs1, onnx1)].filter(Boolean).join(', ') });
      const onnx32 = (await timeMedianAsync(() => runner.predict(x32), quick ? 3 : 6)) / 32;
      add({ model: id, what: `forward, batch 32 (per face), onnx ${t}`, ms: onnx32, metric: 'forward', note: [rate(onnx32), faster(tfjs32, onnx32)].filter(Boolean).join(', ') });
    }
    if (!options.forwardOnly) {
      const target = resolveTarget(model, x1, { kind: 'predicted' }, 'logit');
      const score = makeScoreFn(model, target);
      add({ model: id, what: 'input gradient, batch 1 (per face)', ms: timeMedian(() => gradientOf(score, x1), quick ? 3 : 7, 2), metric: 'gradient' });
      add({ model: id, what: 'input gradient, batch 32 (per face)', ms: timeMedian(() => gradientOf(score, x32), quick ? 1 : 3) / 32, metric: 'gradient' });
    }

    configureForwardRuntime({ runtime: 'tfjs' });
    const occTfjs = await timeExplainer(model, face, 'occlusion', { window: 8, stride: 4 });
    add({ model: id, what: `occlusion map (8 px window, stride 4), ${backend}`, ms: occTfjs, metric: 'occlusion' });
    // onnxruntime as the workers run it (one face per run), then whole batches of 64 for comparison.
    for (const [threads, batch] of [...onnxUsable.map((t) => [t, DEFAULT_BATCH] as const), ...onnxUsable.slice(0, 1).map((t) => [t, 64] as const)]) {
      configureForwardRuntime({ runtime: 'onnx', threads, batch });
      const ms = await timeExplainer(model, face, 'occlusion', { window: 8, stride: 4 });
      add({ model: id, what: `occlusion map (8 px, stride 4), onnx ${threads}t, batch ${batch}`, ms, metric: 'occlusion', note: `${(occTfjs / ms).toFixed(1)}× ${backend}'s speed` });
    }
    configureForwardRuntime({ runtime: 'auto', threads: onnxThreads[0], batch: DEFAULT_BATCH });
    if (options.forwardOnly) return;
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
      const fast = tfjs1;
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
  return `${row.what.padEnd(48)} ${formatMs(row.ms).padStart(9)}  ${verdict(row)}`;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    args: process.argv.slice(2),
    strict: true,
    options: { quick: { type: 'boolean' }, 'forward-only': { type: 'boolean' }, models: { type: 'string' }, backend: { type: 'string' }, image: { type: 'string' }, 'onnx-threads': { type: 'string' } },
  });
  const args = argsSchema.parse({ ...values, onnxThreads: values['onnx-threads'], forwardOnly: values['forward-only'] });
  const info = await initBackend(args.backend ? { force: args.backend } : {});
  const started = performance.now();
  const faceFile = args.image ?? defaultFaceFile();
  // Shared machines skew timings; the load average says how much to trust a MISS.
  const load = () => os.loadavg().map((l) => l.toFixed(1)).join(' ');
  const startLoad = load();
  log(`backend ${info.name}${args.quick ? ' (quick)' : ''} · ${os.cpus().length} cores · load ${startLoad} · ${new Date().toISOString()}`);
  const rows: Row[] = [];
  for (const id of args.models) await benchModel(id, args, faceFile, info.name, rows);

  console.log(`\n| model | measurement | time | target |\n|---|---|---:|---|`);
  for (const row of rows) console.log(`| ${row.model} | ${row.what} | ${formatMs(row.ms)} | ${verdict(row)} |`);
  console.log(`\nbackend ${info.name}, tfjs ${tf.version.tfjs}, ${os.cpus().length} cores, load average ${startLoad} at start, ${load()} at end; total ${formatMs(performance.now() - started)}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
