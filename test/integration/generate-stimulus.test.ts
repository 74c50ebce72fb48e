// The real computation behind a stimulus, on the real face models (wasm backend): small parameters so
// it stays quick, but every stage (face preparation, prediction, method, rendering) runs for real.
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from './helpers/test-db';
import { initBackend } from '@/lib/explainers/backend';
import { getFaceLibrary } from '@/lib/faces/face-library';
import { generateStimulus } from '@/lib/stimuli/generate-stimulus';
import { buildSpec } from '@/lib/stimuli/request-stimulus';
import { builtInWeightsHash } from '@/lib/explainers/models/weights-hash';
import * as tf from '@tensorflow/tfjs';
import { clearPreparedFaces, preparedFaceCacheStats } from '@/lib/stimuli/prepared-face-cache';

let cleanup: () => Promise<void>;
let faces: string[];
beforeAll(async () => {
  ({ cleanup } = await createTestDatabase());
  await initBackend({ force: 'wasm' });
  faces = getFaceLibrary().files.slice(0, 2).map((f) => `faces:${f}`);
}, 120_000);
afterAll(async () => cleanup());

const signal = new AbortController().signal;

describe('generateStimulus on the real models', () => {
  it('renders an occlusion map over the aligned face with full provenance', async () => {
    const { spec } = await buildSpec({ ref: faces[0] ?? '', model: 'expression', method: 'occlusion', params: { window: 16, stride: 16 }, seed: 3, render: { size: 128, mode: 'overlay', display: 'auto' } });
    const progress: number[] = [];
    const out = await generateStimulus({ spec, signal, onProgress: (f) => progress.push(f) });
    const meta = await sharp(out.png).metadata();
    // The map over the face, with its colour scale to the right of it.
    expect([meta.format, meta.height]).toEqual(['png', 128]);
    expect(meta.width).toBeGreaterThan(128);
    expect(out.provenance.explanation).toMatchObject({ display: { overlay: { colormap: 'rdbu-9', signed: true } } });
    expect(progress.at(-1)).toBe(1);
    expect(out.prediction.model).toBe('expression');
    expect(Object.values(out.prediction.probabilities ?? {}).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
    expect(out.provenance).toMatchObject({ model: { id: 'expression', weightsHash: builtInWeightsHash('expression') }, backend: 'wasm' });
    expect(out.provenance.explanation).toMatchObject({ method: 'occlusion', seed: 3, params: expect.objectContaining({ window: 16, stride: 16 }) });
    // The worker measures the map right away: faithfulness against random order and mass on the face.
    expect(out.quality?.kind).toBe('saliency');
    expect(out.quality?.measures.map((m) => m.id)).toEqual(['deletionRatio', 'insertionRatio', 'faceConcentration']);
    expect(out.quality?.measures.every((m) => typeof m.value === 'number' && Number.isFinite(m.value))).toBe(true);
    // Forward-only work (the occlusion map, the quality curves) records which runtime computed it (issue #15).
    const runtime = expect.objectContaining({ runtime: expect.stringMatching(/^(onnx|tfjs)$/), library: expect.any(String) });
    expect(out.provenance.explanation).toMatchObject({ forwardRuntime: runtime });
    expect(out.quality?.forwardRuntime).toEqual(runtime);
  }, 120_000);

  it('measures an inversion on the contrast-stretched image participants see', async () => {
    const { spec } = await buildSpec({ ref: faces[0] ?? '', model: 'expression', method: 'inversion-lucid', params: { steps: 3 }, seed: 2 });
    const out = await generateStimulus({ spec, signal, onProgress: () => undefined });
    expect(out.quality?.kind).toBe('inversion');
    expect(out.quality?.measures.map((m) => m.id)).toEqual(['featureError', 'faceDetected', 'predictionPreserved', 'ssim']);
    // Three steps from noise reconstruct nothing: the report must say so.
    expect(out.quality?.weak).toBe(true);
    expect(out.provenance.explanation).toMatchObject({ method: 'inversion-lucid', params: expect.objectContaining({ layer: 'dense1' }), display: { contrastStretch: expect.objectContaining({ lowPercentile: 1, highPercentile: 99 }) } });
  }, 120_000);

  it('reports the age prediction as a decade and shows the aligned face', async () => {
    const { spec } = await buildSpec({ ref: faces[1] ?? '', model: 'age', method: 'face', render: { size: 96, mode: 'overlay', display: 'sum-abs' } });
    const out = await generateStimulus({ spec, signal, onProgress: () => undefined });
    expect(out.prediction.label).toMatch(/^\d+s$/);
    expect(out.prediction.value).toBeGreaterThan(0);
    expect((await sharp(out.png).metadata()).width).toBe(96);
  }, 120_000);

  it('computes a feature visualisation once per class and reuses it, saying so', async () => {
    const req = { model: 'gender', method: 'visualization-tv', params: { steps: 3 }, seed: 5, render: { size: 64, mode: 'overlay' as const, display: 'sum-abs' as const } };
    const first = await generateStimulus({ spec: (await buildSpec({ ...req, ref: faces[0] ?? '', target: 'female' })).spec, signal, onProgress: () => undefined });
    const second = await generateStimulus({ spec: (await buildSpec({ ...req, ref: faces[1] ?? '', target: 'female' })).spec, signal, onProgress: () => undefined });
    expect(second.png.equals(first.png)).toBe(true);
    expect(second.provenance.reusedFrom).toBe(first.provenance.classKey);
    expect(second.provenance.sharedAcross).toMatch(/same model, class/);
    // The reused image keeps the quality report it was measured with.
    expect(first.quality?.kind).toBe('visualization');
    expect(second.quality).toEqual(first.quality);
  }, 120_000);

  it('visualises one channel of a layer as asked, for a regression model too (intruder and coherency stimuli)', async () => {
    const objective = { type: 'channel', layer: 'exit_flow/separable_conv', channel: 7 };
    const out = await generateStimulus({ spec: (await buildSpec({ ref: faces[0] ?? '', model: 'age', method: 'visualization-tv', params: { steps: 2, objective }, seed: 1 })).spec, signal, onProgress: () => undefined });
    // Age's default objective is pinned to the face's predicted decade; a channel objective is kept.
    expect(out.provenance.explanation).toMatchObject({ method: 'visualization-tv', params: expect.objectContaining({ objective }) });
    expect(JSON.stringify(out.provenance.explanation)).toMatch(/channel 7/);
    // A unit's visualisation is compared with what natural faces make that unit do.
    expect(out.quality?.measures.find((m) => m.id === 'relativeActivation')?.detail).toMatch(/natural-face maximum/);
  }, 120_000);

  it('detects and aligns a photo once per worker and reuses it for the next jobs, without leaking tensors', async () => {
    await clearPreparedFaces();
    const job = async (seed: number) => (await buildSpec({ ref: faces[0] ?? '', model: 'expression', method: 'occlusion', params: { window: 56, stride: 56 }, seed })).spec;
    await generateStimulus({ spec: await job(1), signal, onProgress: () => undefined }); // the model is loaded by now
    await clearPreparedFaces();
    const tensorsBefore = tf.memory().numTensors;
    const before = preparedFaceCacheStats();
    const first = await generateStimulus({ spec: await job(21), signal, onProgress: () => undefined });
    const second = await generateStimulus({ spec: await job(22), signal, onProgress: () => undefined });
    const after = preparedFaceCacheStats();
    expect([after.misses - before.misses, after.hits - before.hits, after.size]).toEqual([1, 1, 1]);
    // Same face, same alignment: the recorded box and angle agree.
    expect(second.provenance.face).toEqual(first.provenance.face);
    await clearPreparedFaces();
    expect(tf.memory().numTensors).toBe(tensorsBefore);
  }, 300_000);

  it('refuses a source image that changed after the request', async () => {
    const { spec } = await buildSpec({ ref: faces[0] ?? '', model: 'gender', method: 'face' });
    await expect(generateStimulus({ spec: { ...spec, source: { ...spec.source, hash: '0'.repeat(64) } }, signal, onProgress: () => undefined })).rejects.toThrow(/changed after this stimulus was requested/);
  });
});
