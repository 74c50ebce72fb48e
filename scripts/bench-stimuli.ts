// `npm run bench:stimuli [-- --faces 24] [--models age,gender,expression] [--quality standard] [--layers]
//   [--procs 2] [--out dir]`
// The quality of the stimuli the studies generate, on the face library (the 24 demo faces): per model,
// each face's feature inversion (every candidate layer with --layers), occlusion and Grad-CAM maps, and
// the class visualisations (age: one per decade), all through the worker's own render-and-assess step.
// Prints a table per model and method (pass rate of every quality measure) and the issue #10 targets.
// Work is split over --procs child processes (the wasm backend uses one core each).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { SingleBar, Presets } from 'cli-progress';
import * as tf from '@tensorflow/tfjs';
import { z } from 'zod';
import { initBackend } from '@/lib/explainers/backend';
import { prepareFace } from '@/lib/explainers/faces/prepare-face';
import { FacePrepError } from '@/lib/explainers/faces/face-prep-error';
import { listModels, loadModel } from '@/lib/explainers/models/registry';
import { explain } from '@/lib/explainers/registry';
import { assessDistinctness } from '@/lib/explainers/quality/assess-distinctness';
import type { QualityMeasure } from '@/lib/explainers/quality/quality-report';
import type { TargetSpec } from '@/lib/explainers/types';
import { getFaceLibrary } from '@/lib/faces/face-library';
import { renderAndAssess } from '@/lib/stimuli/render-and-assess';
import { STIMULUS_PRESETS, SURVEY_TV_METHODS } from '@/lib/stimuli/stimulus-presets';
import { stimulusSpecSchema } from '@/lib/stimuli/stimulus-spec';

const argsSchema = z.object({
  faces: z.coerce.number().int().min(1).optional(),
  /** Only the faces whose file names start with one of these (comma-separated, e.g. "06,13"); after --faces. */
  only: z.string().optional().transform((s) => (s ? s.split(',').map((p) => p.trim()).filter(Boolean) : null)),
  models: z.string().default('age,gender,expression').transform((s) => s.split(',').map((m) => m.trim()).filter(Boolean)),
  quality: z.enum(['draft', 'standard', 'full']).default('standard'),
  /** Compare the survey's TV-only methods instead of the defaults. */
  tv: z.boolean().default(false),
  layers: z.boolean().default(false),
  methods: z.string().default('inversion,occlusion,grad-cam,visualization').transform((s) => new Set(s.split(',').map((m) => m.trim()))),
  procs: z.coerce.number().int().min(1).max(16).default(2),
  out: z.string().optional(),
  shard: z.string().regex(/^\d+\/\d+$/, '--shard is i/n').optional(),
  json: z.string().optional(),
});
type Args = z.infer<typeof argsSchema>;

const INVERSION_LAYERS: Record<string, string[]> = {
  age: ['entry_flow/reduction_block_1', 'middle_flow/main_block_0', 'middle_flow/main_block_1', 'exit_flow/reduction_block', 'exit_flow/separable_conv'],
  gender: ['entry_flow/reduction_block_1', 'middle_flow/main_block_0', 'middle_flow/main_block_1', 'exit_flow/reduction_block', 'exit_flow/separable_conv'],
  expression: ['dense1', 'dense2', 'dense3'],
};
/** Age visualisations: one target per decade, at its centre. */
const AGE_TARGETS = [15, 25, 35, 45, 55, 65, 75];

interface Task {
  kind: 'face' | 'vis';
  model: string;
  face?: string;
  target?: TargetSpec | { kind: 'age'; years: number };
  label: string;
}

interface Row {
  model: string;
  method: string;
  layer?: string;
  subject: string;
  measures: QualityMeasure[];
  weak: boolean;
  ms: number;
  /** Visualisations only: the displayed image (model size), for pairwise SSIM in the parent. */
  pixels?: number[];
  targetKey?: string;
}

function readArgs(): Args {
  const { values } = parseArgs({
    options: {
      faces: { type: 'string' }, only: { type: 'string' }, models: { type: 'string' }, quality: { type: 'string' }, tv: { type: 'boolean' }, layers: { type: 'boolean' },
      methods: { type: 'string' }, procs: { type: 'string' }, out: { type: 'string' }, shard: { type: 'string' }, json: { type: 'string' },
    },
  });
  const parsed = argsSchema.safeParse(values);
  if (!parsed.success) {
    console.error(parsed.error.issues.map((i) => `--${i.path.join('.')}: ${i.message}`).join('\n'));
    process.exit(2);
  }
  return parsed.data;
}

function listTasks(args: Args): Task[] {
  const library = getFaceLibrary();
  const faces = selectFaces(library.files, args);
  const tasks: Task[] = [];
  for (const model of args.models) {
    if (args.methods.has('visualization')) {
      const m = listModels().find((e) => e.id === model);
      if (!m) throw new Error(`unknown model '${model}'; known: ${listModels().map((e) => e.id).join(', ')}`);
      if (m.labels) m.labels.forEach((label, index) => tasks.push({ kind: 'vis', model, target: { kind: 'class', index }, label: `class ${label}` }));
      else AGE_TARGETS.forEach((years) => tasks.push({ kind: 'vis', model, target: { kind: 'age', years }, label: `age ${years}` }));
    }
    for (const face of faces) tasks.push({ kind: 'face', model, face, label: face });
  }
  return tasks;
}

/** Faces the detector cannot find in a library photo are skipped and listed, not a crash. */
type Skipped = { model: string; face: string; reason: string };

async function runTask(task: Task, args: Args, outDir: string | null): Promise<Row[] | Skipped> {
  const model = await loadModel(task.model);
  const preset = STIMULUS_PRESETS[args.quality];
  const methods = args.tv ? { ...preset, ...SURVEY_TV_METHODS[args.quality] } : preset;
  const render = stimulusSpecSchema.shape.render.parse(undefined);
  const library = getFaceLibrary();
  const faceFile = task.face ?? library.files[0] ?? '';
  let prepared: Awaited<ReturnType<typeof prepareFace>>;
  try {
    prepared = await prepareFace({ image: fs.readFileSync(path.join(library.dir, faceFile)), size: model.inputSize });
  } catch (e) {
    if (e instanceof FacePrepError) return { model: task.model, face: faceFile, reason: e.message };
    throw e;
  }
  const face = Float32Array.from(prepared.face.dataSync());
  const rows: Row[] = [];
  const save = (name: string, png: Buffer) => {
    if (outDir) fs.writeFileSync(path.join(outDir, `${task.model}-${name.replace(/[^A-Za-z0-9._-]+/g, '_')}.png`), png);
  };
  const one = async (method: string, params: Record<string, unknown>, target: TargetSpec, subject: string, extra: Partial<Row> = {}) => {
    const started = Date.now();
    const result = await explain({ model, image: prepared.face, target, method, params, seed: 1 });
    const rendered = await renderAndAssess({ model, face, result, render, seed: 1 });
    save(`${subject}-${method}${extra.layer ? `-${extra.layer}` : ''}`, rendered.png);
    rows.push({ model: task.model, method, subject, measures: rendered.quality.measures, weak: rendered.quality.weak, ms: Date.now() - started, ...extra,
      ...(result.kind === 'visualization' ? { pixels: Array.from(rendered.displayed, (v) => Math.round(v * 1000) / 1000) } : {}) });
  };
  try {
    if (task.kind === 'vis') {
      const t = task.target;
      const vis = methods.visualization;
      if (t?.kind === 'age') await one(vis.method, { ...vis.params, objective: { type: 'target', value: t.years } }, { kind: 'regression', sign: 1 }, task.label, { targetKey: `age ${Math.floor(t.years / 10) * 10}s` });
      else if (t) await one(vis.method, vis.params, t, task.label, { targetKey: task.label });
      return rows;
    }
    if (args.methods.has('inversion')) {
      const inv = methods.inversion;
      const layers = args.layers ? INVERSION_LAYERS[task.model] ?? [] : [undefined];
      for (const layer of layers) await one(inv.method, { ...inv.params, ...(layer ? { layer } : {}) }, { kind: 'predicted' }, faceFile, layer ? { layer } : {});
    }
    if (args.methods.has('occlusion')) await one(methods.saliency.method, methods.saliency.params, { kind: 'predicted' }, faceFile);
    if (args.methods.has('grad-cam')) await one('grad-cam', {}, { kind: 'predicted' }, faceFile);
    return rows;
  } finally {
    prepared.face.dispose();
  }
}

/** Child: run every n-th task, one JSON line per finished task on stdout. */
async function runShard(args: Args): Promise<void> {
  await initBackend();
  const [i, n] = (args.shard ?? '0/1').split('/').map(Number) as [number, number];
  const tasks = listTasks(args).filter((_, k) => k % n === i);
  if (args.out) fs.mkdirSync(args.out, { recursive: true });
  for (const task of tasks) {
    const result = await runTask(task, args, args.out ?? null);
    process.stdout.write(`${JSON.stringify(Array.isArray(result) ? { rows: result } : { skipped: result })}\n`);
  }
  process.stderr.write(`shard ${i}/${n}: ${tf.memory().numTensors} tensors left\n`);
}

function selectFaces(files: readonly string[], args: Args): string[] {
  const first = files.slice(0, args.faces ?? files.length);
  return args.only ? first.filter((f) => args.only?.some((p) => f.startsWith(p))) : first;
}

function forwardArgs(args: Args): string[] {
  const out = ['--models', args.models.join(','), '--quality', args.quality, '--methods', [...args.methods].join(',')];
  if (args.faces) out.push('--faces', String(args.faces));
  if (args.only) out.push('--only', args.only.join(','));
  if (args.layers) out.push('--layers');
  if (args.tv) out.push('--tv');
  if (args.out) out.push('--out', args.out);
  return out;
}

async function runParent(args: Args): Promise<void> {
  const total = listTasks(args).length;
  const started = Date.now();
  const bar = new SingleBar({ format: '  {bar} {value}/{total} tasks | {duration_formatted}', noTTYOutput: true, notTTYSchedule: 15_000 }, Presets.shades_classic);
  bar.start(total, 0);
  const rows: Row[] = [];
  const skipped: Skipped[] = [];
  await Promise.all(Array.from({ length: Math.min(args.procs, total) }, (_, i) => new Promise<void>((resolve, reject) => {
    const child = spawn(process.execPath, [...process.execArgv, process.argv[1] ?? '', '--shard', `${i}/${args.procs}`, ...forwardArgs(args)], { stdio: ['ignore', 'pipe', 'inherit'] });
    let buffer = '';
    child.stdout.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      let nl: number;
      while ((nl = buffer.indexOf('\n')) >= 0) {
        const line = buffer.slice(0, nl);
        buffer = buffer.slice(nl + 1);
        if (line.startsWith('{"skipped"')) skipped.push((JSON.parse(line) as { skipped: Skipped }).skipped);
        else if (line.startsWith('{"rows"')) rows.push(...(JSON.parse(line) as { rows: Row[] }).rows);
        else continue;
        bar.increment();
      }
    });
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`shard ${i} exited with ${code}`))));
  })));
  bar.stop();
  addDistinctness(rows);
  if (args.json) fs.writeFileSync(args.json, JSON.stringify(rows, (key, value: unknown) => (key === 'pixels' ? undefined : value), 1));
  printTables(rows, args, (Date.now() - started) / 1000);
  for (const k of skipped) console.log(`skipped ${k.model} ${k.face}: ${k.reason}`);
}

function addDistinctness(rows: Row[]): void {
  const vis = rows.filter((r) => r.pixels && r.targetKey);
  const measures = assessDistinctness(vis.map((r, k) => ({ id: String(k), model: r.model, targetKey: r.targetKey ?? '', pixels: r.pixels ?? [], size: [112, 112] as const })));
  vis.forEach((r, k) => {
    const m = measures.get(String(k));
    if (!m) return;
    r.measures.push(m);
    r.weak = r.weak || !m.pass;
  });
}

const pct = (a: number, b: number) => (b ? `${((100 * a) / b).toFixed(0)} %` : 'n/a');
const median = (v: number[]) => {
  const s = v.filter(Number.isFinite).sort((a, b) => a - b);
  return s.length ? (s[Math.floor(s.length / 2)] ?? NaN) : NaN;
};

function printTables(rows: Row[], args: Args, seconds: number): void {
  const groups = new Map<string, Row[]>();
  for (const r of rows) {
    const key = `${r.model} · ${r.method}${r.layer ? ` · ${r.layer}` : ''}`;
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  console.log(`\nStimulus quality, ${args.quality}${args.tv ? ' (survey TV methods)' : ''}, ${selectFaces(getFaceLibrary().files, args).length} faces, ${seconds.toFixed(0)} s\n`);
  console.log('| model · method | n | weak | measure: pass rate (median) | mean time |');
  console.log('|---|---:|---:|---|---:|');
  for (const [key, group] of [...groups].sort(([a], [b]) => a.localeCompare(b))) {
    const ids = [...new Set(group.flatMap((r) => r.measures.map((m) => m.id)))];
    const cells = ids.map((id) => {
      const ms = group.flatMap((r) => r.measures.filter((m) => m.id === id));
      const values = ms.map((m) => (typeof m.value === 'number' ? m.value : typeof m.value === 'boolean' ? Number(m.value) : NaN));
      return `${id} ${pct(ms.filter((m) => m.pass).length, ms.length)} (${median(values).toFixed(2)})`;
    });
    const weak = group.filter((r) => r.weak).length;
    console.log(`| ${key} | ${group.length} | ${weak} | ${cells.join('; ')} | ${(group.reduce((s, r) => s + r.ms, 0) / group.length / 1000).toFixed(1)} s |`);
  }
  const failing = rows.filter((r) => r.weak);
  if (failing.length) {
    console.log('\nWeak stimuli:');
    for (const r of failing) console.log(`  ${r.model} · ${r.method}${r.layer ? ` · ${r.layer}` : ''} · ${r.subject}: ${r.measures.filter((m) => !m.pass).map((m) => `${m.id}=${typeof m.value === 'number' ? m.value.toFixed(3) : String(m.value)}`).join(', ')}`);
  }
  console.log('\nIssue #10 targets:');
  const rate = (method: (r: Row) => boolean, id: string) => {
    const ms = rows.filter(method).flatMap((r) => r.measures.filter((m) => m.id === id));
    return { pass: ms.filter((m) => m.pass).length, n: ms.length };
  };
  const check = (label: string, r: { pass: number; n: number }, need: number) =>
    console.log(`  ${r.n && r.pass / r.n >= need ? 'PASS' : r.n ? 'MISS' : 'n/a '} ${label}: ${r.pass}/${r.n} (${pct(r.pass, r.n)}, target ≥ ${need * 100} %)`);
  const isInv = (r: Row) => r.method.startsWith('inversion') && !r.layer;
  check('inversions with a detected face', rate(isInv, 'faceDetected'), 0.9);
  check('inversions preserving the prediction', rate(isInv, 'predictionPreserved'), 0.9);
  const isVis = (r: Row) => r.method.startsWith('visualization');
  const read = rows.filter(isVis).flatMap((r) => r.measures.filter((m) => m.id === 'targetProbability' || m.id === 'targetAge'));
  check('class visualisations read as their target (p ≥ 0.9; age in its decade)', { pass: read.filter((m) => m.pass).length, n: read.length }, 1);
  check('class visualisations distinct (SSIM ≤ 0.5)', rate(isVis, 'distinctSsim'), 1);
  check('class visualisations with structure (pixel std ≥ 0.05)', rate(isVis, 'pixelStd'), 1);
  check('occlusion deletion AUC below random order', rate((r) => r.method === 'occlusion', 'deletionRatio'), 0.9);
  check('Grad-CAM deletion AUC below random order', rate((r) => r.method === 'grad-cam', 'deletionRatio'), 0.9);
}

async function main(): Promise<void> {
  const args = readArgs();
  if (args.shard) await runShard(args);
  else await runParent(args);
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : String(e));
  process.exit(1);
});
