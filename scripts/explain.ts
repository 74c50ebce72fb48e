// `npm run explain -- --image face.jpg --model expression --method occlusion [--target angry]
//   [--params '{"stride":8}'] [--seed 1] [--out dir] [--backend wasm] [--face 0] [--fast] [--force]`
// Prepares the face, runs one explainer (or every one with `--method all`), and writes PNGs plus a JSON
// provenance file per method; `all` also writes a labelled comparison sheet. Progress goes to stderr.
// The photo passes the same check as an upload (lib/images/check-image-file.ts), so the CLI explains
// exactly the files the web app accepts. Output names: see explain-output-files.ts and USAGE.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import cliProgress from 'cli-progress';
import sharp from 'sharp';
import * as tf from '@tensorflow/tfjs';
import { z } from 'zod';
import { backendChoiceSchema } from '@/lib/explainers/backend';
import { FacePrepError } from '@/lib/explainers/faces/face-prep-error';
import { prepareFace, type PreparedFace } from '@/lib/explainers/faces/prepare-face';
import { ageDecadeLabel } from '@/lib/explainers/models/face-api-nets';
import { listModels, loadModel } from '@/lib/explainers/models/registry';
import { explain, getExplainer, listExplainers } from '@/lib/explainers/registry';
import { encodePng, toRgbBytes, upscaleNearest, type RawImage } from '@/lib/explainers/render/image';
import { encodeLabelledSheet, type SheetTile } from '@/lib/explainers/render/labelled-sheet';
import { displayModeFor } from '@/lib/explainers/render/display-for-method';
import { renderSaliency } from '@/lib/explainers/render/render-saliency';
import { renderSaliencyStimulus, type SaliencyLegend } from '@/lib/explainers/render/render-saliency-stimulus';
import type { ExplanationResult, ModelAdapter, TargetSpec } from '@/lib/explainers/types';
import { isAppError } from '@/lib/errors';
import { checkImageFile } from '@/lib/images/check-image-file';
import { FAST_PARAMS } from './explainer-presets';
import { existingExplainOutputs, explainOutputFiles, writeFaceFile } from './explain-output-files';
import { initBackend } from '@/lib/explainers/backend';
import { configureForwardRuntime } from '@/lib/explainers/forward-runtime';
import { getEnv } from '@/lib/env';

const USAGE = `Usage: npm run explain -- --image <file> --model <${listModels().map((m) => m.id).join('|')}> --method <id|all>
  [--target <label|index|predicted|lower>] [--params '<json>'] [--seed 1] [--out dir] [--backend cpu|wasm|tensorflow]
  [--face 0] [--fast] [--force]
Methods: ${listExplainers().map((e) => e.id).join(', ')}
With --method all, --params is keyed by method id, e.g. '{"occlusion":{"stride":8}}'.

The photo must be JPEG, PNG or WebP, checked by its bytes exactly as an upload to the web app is
(a GIF, SVG, HEIC … is refused with the same message), at most 40 megapixels.

Files in --out (default data/explanations) are named after what produced them, so runs on other
photos, faces, targets or seeds never overwrite each other:
  <photo>_<model>_face<N>_<target>_seed<S>_<method>.png   the explanation (+ .json provenance,
                                                          + -heatmap.png for saliency methods)
  <photo>_<model>_face<N>_<target>_seed<S>_comparison.png all methods side by side (--method all)
  <photo>_<model>_face<N>.png                             the aligned face (shared by those runs)
A run that would replace an existing file (same names, e.g. only --params or --fast changed, or
another photo with the same file name) stops before computing anything; pass --force to overwrite,
or choose another --out.`;

/** A user-facing error: printed without a stack trace, exit code 2; usage only for argument errors. */
class CliError extends Error {
  constructor(message: string, readonly showUsage = true) {
    super(message);
  }
}

const jsonObjectSchema = z.record(z.string(), z.unknown());

const argsSchema = z.object({
  image: z.string({ error: '--image is required' }).min(1),
  model: z.string({ error: '--model is required' }).refine((id) => listModels().some((m) => m.id === id), {
    error: (issue) => `unknown model '${String(issue.input)}'; known: ${listModels().map((m) => m.id).join(', ')}`,
  }),
  method: z.string({ error: '--method is required' }).refine((id) => id === 'all' || listExplainers().some((e) => e.id === id), {
    error: (issue) => `unknown method '${String(issue.input)}'; known: all, ${listExplainers().map((e) => e.id).join(', ')}`,
  }),
  target: z.string().default('predicted'),
  params: z.string().optional(),
  seed: z.coerce.number().int().default(1),
  out: z.string().default('data/explanations'),
  backend: backendChoiceSchema.optional(),
  face: z.coerce.number().int().min(0).default(0),
  fast: z.boolean().default(false),
  force: z.boolean().default(false),
});
type CliArgs = z.infer<typeof argsSchema>;

function readArgs(argv: string[]): CliArgs {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      image: { type: 'string' }, model: { type: 'string' }, method: { type: 'string' }, target: { type: 'string' },
      params: { type: 'string' }, seed: { type: 'string' }, out: { type: 'string' }, backend: { type: 'string' },
      face: { type: 'string' }, fast: { type: 'boolean' }, force: { type: 'boolean' }, help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const parsed = argsSchema.safeParse(values);
  if (!parsed.success) throw new CliError(parsed.error.issues.map((i) => i.message).join('\n'));
  return parsed.data;
}

function parseParams(raw: string | undefined): Record<string, unknown> {
  if (raw === undefined) return {};
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch (error) {
    throw new CliError(`--params is not valid JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  const parsed = jsonObjectSchema.safeParse(value);
  if (!parsed.success) throw new CliError('--params must be a JSON object, e.g. \'{"stride":8}\'');
  return parsed.data;
}

/** Params for one method: the --fast preset, overridden by anything given on the command line. */
function paramsFor(method: string, args: CliArgs, given: Record<string, unknown>): Record<string, unknown> {
  const fast = args.fast ? (FAST_PARAMS[method] ?? {}) : {};
  if (args.method !== 'all') return { ...fast, ...given };
  const own = jsonObjectSchema.safeParse(given[method] ?? {});
  if (!own.success) throw new CliError(`--params.${method} must be a JSON object`);
  return { ...fast, ...own.data };
}

function parseTarget(model: ModelAdapter, raw: string): TargetSpec {
  const text = raw.trim().toLowerCase();
  if (text === 'predicted') return { kind: 'predicted' };
  if (model.outputKind === 'regression') {
    if (text === 'higher' || text === 'value') return { kind: 'regression', sign: 1 };
    if (text === 'lower') return { kind: 'regression', sign: -1 };
    throw new CliError(`model '${model.id}' predicts a value: --target must be predicted, higher or lower (got '${raw}')`);
  }
  const labels = model.labels ?? [];
  const byLabel = labels.findIndex((l) => l.toLowerCase() === text);
  if (byLabel >= 0) return { kind: 'class', index: byLabel };
  if (/^\d+$/.test(text) && Number(text) < labels.length) return { kind: 'class', index: Number(text) };
  throw new CliError(`unknown target '${raw}' for model '${model.id}'; use predicted, one of ${labels.join(', ')}, or an index`);
}

function describePrediction(model: ModelAdapter, face: tf.Tensor3D): string {
  const row = tf.tidy(() => {
    const out = model.predict(model.preprocess(face.expandDims(0) as tf.Tensor4D));
    return model.outputKind === 'softmax' ? tf.softmax(out) : out;
  });
  const values = Array.from(row.dataSync());
  row.dispose();
  if (model.outputKind === 'regression') {
    const years = values[0] ?? NaN;
    return `${years.toFixed(1)} years (${ageDecadeLabel(years)})`;
  }
  const labels = model.labels ?? [];
  return values
    .map((p, i) => ({ p, label: labels[i] ?? `class ${i}` }))
    .sort((a, b) => b.p - a.p)
    .slice(0, 3)
    .map(({ p, label }) => `${label} ${(100 * p).toFixed(1)}%`)
    .join(', ');
}

/** Side of the saliency stimulus image, as in the study stimuli; the colour bar is added to its right. */
const STIMULUS_SIZE = 224;

/**
 * Display image for one result. Saliency: the participant-facing stimulus (translucent overlay with its
 * colour scale) as PNG, plus the bare heat map at the model's size; otherwise the optimised image itself.
 */
async function resultImage(
  result: ExplanationResult, facePixels: Float32Array, method: string,
): Promise<{ png: Buffer; tile: RawImage; heatmap?: RawImage; legend?: SaliencyLegend }> {
  const [h, w] = result.shape;
  if (result.kind === 'saliency') {
    const { heatmap } = renderSaliency(result, facePixels, { mode: displayModeFor(method) });
    const { png, legend } = await renderSaliencyStimulus({ result, face: facePixels, method, size: STIMULUS_SIZE });
    const { data, info } = await sharp(png).removeAlpha().raw().toBuffer({ resolveWithObject: true });
    const tile: RawImage = { data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength), width: info.width, height: info.height, channels: 3 };
    return { png, tile, heatmap, legend };
  }
  const image = toRgbBytes(result.data, w, h);
  return { png: await encodePng(image), tile: upscaleNearest(image, 2) };
}

async function runOne(
  method: string, params: Record<string, unknown>, model: ModelAdapter, face: tf.Tensor3D, target: TargetSpec, seed: number,
): Promise<ExplanationResult> {
  const bar = new cliProgress.SingleBar(
    { format: '{method} {bar} {percentage}% | {duration_formatted} | {note}', hideCursor: true, stream: process.stderr },
    cliProgress.Presets.shades_classic,
  );
  bar.start(100, 0, { method: method.padEnd(20), note: '' });
  try {
    return await explain({ model, image: face, target, method, params, seed }, {
      onProgress: (fraction, message) => bar.update(Math.round(fraction * 100), { note: message ?? '' }),
    });
  } finally {
    bar.stop();
  }
}

/** The photo's bytes, refused (as an upload would be) before any decoder sees them. */
async function readPhoto(file: string): Promise<Buffer> {
  const bytes = await readFile(file).catch((error: unknown) => {
    throw new CliError(`cannot read ${file}: ${error instanceof Error ? error.message : String(error)}`, false);
  });
  try {
    await checkImageFile({ bytes });
  } catch (error) {
    if (isAppError(error)) throw new CliError(`${error.message} (${file})`, false);
    throw error;
  }
  return bytes;
}

async function main(): Promise<void> {
  const args = readArgs(process.argv.slice(2));
  const given = parseParams(args.params);
  const methods = args.method === 'all' ? listExplainers().map((e) => e.id) : [args.method];
  // Validate every method's params before the slow work starts, with the method's own schema.
  const paramsByMethod = new Map(methods.map((m) => {
    const params = paramsFor(m, args, given);
    const parsed = getExplainer(m).params.safeParse(params);
    if (!parsed.success) throw new CliError(`invalid params for ${m}: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')}`);
    return [m, params] as const;
  }));
  // Cheap refusals first: a wrong file or an output in the way costs no model loading.
  const photo = await readPhoto(args.image);
  const outputs = explainOutputFiles({ out: args.out, image: args.image, model: args.model, face: args.face, target: args.target, seed: args.seed });
  const inTheWay = args.force ? [] : existingExplainOutputs(outputs, methods);
  if (inTheWay.length) {
    throw new CliError(`${inTheWay.length === 1 ? 'this file exists' : `${inTheWay.length} files exist`} and would be overwritten: ${inTheWay.join(', ')}\nPass --force to overwrite, or choose another --out.`, false);
  }
  const backend = await initBackend(args.backend ? { force: args.backend } : {});
  const env = getEnv();
  configureForwardRuntime({ runtime: env.FORWARD_RUNTIME, threads: env.ONNX_THREADS ?? os.availableParallelism() });
  const model = await loadModel(args.model);

  const target = parseTarget(model, args.target);
  let prepared: PreparedFace;
  try {
    prepared = await prepareFace({ image: photo, size: model.inputSize, faceIndex: args.face });
  } catch (error) {
    if (error instanceof FacePrepError) throw new CliError(`${error.code}: ${error.message} (${args.image})`, false);
    throw error;
  }
  const { face } = prepared;
  const prediction = describePrediction(model, face);
  console.error(`backend ${backend.name} · model ${model.id} · face ${prepared.faceIndex + 1}/${prepared.faceCount} · predicted: ${prediction}`);

  await mkdir(args.out, { recursive: true });
  const facePixels = face.dataSync() as Float32Array;
  const [h, w] = model.inputSize;
  const faceImage = toRgbBytes(facePixels, w, h);
  if (!writeFaceFile(outputs.face, await encodePng(faceImage), args.force)) {
    face.dispose();
    throw new CliError(`${outputs.face} exists with a different aligned face (another photo with the same file name, or another backend); pass --force to overwrite, or choose another --out.`, false);
  }
  const written = [outputs.face];

  const tiles: SheetTile[] = [{ image: upscaleNearest(faceImage, 2), label: 'face', sublabel: prediction.split(',')[0] ?? '' }];
  const failures: string[] = [];
  try {
    for (const method of methods) {
      let result: ExplanationResult;
      try {
        result = await runOne(method, paramsByMethod.get(method) ?? {}, model, face, target, args.seed);
      } catch (error) {
        // With `all`, one failing method should not cost the others' results.
        if (methods.length === 1) throw error;
        failures.push(`${method}: ${error instanceof Error ? error.message : String(error)}`);
        continue;
      }
      const { png, tile, heatmap, legend } = await resultImage(result, facePixels, method);
      const names = outputs.method(method);
      const files = [names.png];
      await writeFile(names.png, png);
      if (heatmap) {
        files.push(names.heatmap);
        await writeFile(names.heatmap, await encodePng(heatmap));
      }
      const record = {
        image: path.resolve(args.image),
        face: { index: prepared.faceIndex, count: prepared.faceCount, box: prepared.box, angleDeg: prepared.angleDeg, score: prepared.score, crop: prepared.crop },
        backend: { name: backend.name, patchedKernels: backend.patchedKernels, skipped: backend.skipped },
        files: [path.basename(outputs.face), ...files.map((f) => path.basename(f))],
        ...(legend ? { display: legend } : {}),
        provenance: result.provenance,
      };
      await writeFile(names.json, `${JSON.stringify(record, null, 2)}\n`);
      written.push(...files, names.json);
      const seconds = (result.provenance.timings.durationMs / 1000).toFixed(1);
      tiles.push({ image: tile, label: method, sublabel: `${result.provenance.target.label} · ${seconds} s` });
    }
  } finally {
    face.dispose();
  }
  if (methods.length > 1) {
    await writeFile(outputs.comparison, await encodeLabelledSheet(tiles));
    written.push(outputs.comparison);
  }
  console.error(`wrote:\n  ${written.join('\n  ')}`);
  if (failures.length) {
    console.error(`failed:\n  ${failures.join('\n  ')}`);
    process.exitCode = 1;
  }
}

main().catch((error: unknown) => {
  if (error instanceof CliError) {
    console.error(error.showUsage ? `error: ${error.message}\n\n${USAGE}` : `error: ${error.message}`);
    process.exitCode = 2;
    return;
  }
  // parseArgs reports unknown flags with a code; show them as usage errors too.
  if (error instanceof Error && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS')) {
    console.error(`error: ${error.message}\n\n${USAGE}`);
    process.exitCode = 2;
    return;
  }
  console.error(error);
  process.exitCode = 1;
});
