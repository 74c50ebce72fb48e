import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from './helpers/test-db';
import { getDb, withTransaction } from '@/lib/db';
import { initBackend } from '@/lib/explainers/backend';
import { getFaceLibrary } from '@/lib/faces/face-library';
import { decodeImage } from '@/lib/explainers/faces/decode-image';
import { detectFaces } from '@/lib/explainers/faces/detect-faces';
import path from 'node:path';
import { buildSpec, enqueueSpec, requestStimulus } from '@/lib/stimuli/request-stimulus';
import { claimNextJob, requeueStaleJobs, STALE_AFTER_MS } from '@/lib/stimuli/job-queue';
import { runWorker } from '@/lib/stimuli/run-worker';
import { generateStimulus } from '@/lib/stimuli/generate-stimulus';
import { readStimulusFile } from '@/lib/stimuli/stimulus-store';

let cleanup: () => Promise<void>;
let faces: string[];
beforeAll(async () => {
  ({ cleanup } = await createTestDatabase());
  faces = getFaceLibrary().files.slice(0, 3).map((f) => `faces:${f}`);
});
afterAll(async () => cleanup());

// A 1×1 PNG: the queue tests are about the protocol, not the pixels (the real computation has its own test).
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');
const fakeGenerate = (calls: string[], delayMs = 5): typeof generateStimulus => async ({ spec, onProgress }) => {
  calls.push(`${spec.source.ref}|${spec.method}|${spec.seed}`);
  onProgress(0.5, 'half');
  await new Promise((r) => setTimeout(r, delayMs));
  return { png: PNG, prediction: { model: spec.model, label: 'happy' }, provenance: { fake: true } };
};

async function drain(workerCount: number, generate: typeof generateStimulus): Promise<void> {
  const stop = new AbortController();
  const runs = Array.from({ length: workerCount }, (_, i) => runWorker({ workerId: `w${i}`, stop: stop.signal, pollMs: 20, log: () => undefined, generate }));
  // Stopping aborts and releases a running job (graceful shutdown), so wait for the queue to empty: a real
  // generation can take tens of seconds on a loaded 2-core machine.
  const deadline = Date.now() + 150_000;
  while (Date.now() < deadline) {
    const open = await getDb().explanationJob.count({ where: { status: { in: ['queued', 'running'] } } });
    if (open === 0) break;
    await new Promise((r) => setTimeout(r, 20));
  }
  stop.abort();
  await Promise.all(runs);
}

describe('explanation job queue (real SQLite)', () => {
  it('requests the same spec twice (even concurrently) and computes it once', async () => {
    const req = { ref: faces[0] ?? '', model: 'expression', method: 'occlusion', params: { stride: 8, window: 8 }, seed: 1 };
    const [a, b] = await Promise.all([requestStimulus({ request: req }), requestStimulus({ request: req })]);
    expect(a.stimulusId).toBe(b.stimulusId);
    // Defaults filled in: asking with the defaults spelled out is the same stimulus.
    const c = await requestStimulus({ request: { ...req, params: { stride: 8, window: 8, perturbationsPerEval: 64 } } });
    expect(c.stimulusId).toBe(a.stimulusId);
    expect(await getDb().explanationJob.count({ where: { stimulusId: a.stimulusId } })).toBe(1);
    const calls: string[] = [];
    await drain(1, fakeGenerate(calls));
    expect(calls).toHaveLength(1);
    expect((await requestStimulus({ request: req })).status).toBe('done');
    expect((await readStimulusFile(a.stimulusId))?.equals(PNG)).toBe(true);
  });

  it('never lets two concurrent workers claim the same job', async () => {
    for (let seed = 100; seed < 124; seed++) {
      await requestStimulus({ request: { ref: faces[seed % faces.length] ?? '', model: 'gender', method: 'gradient', seed } });
    }
    const calls: string[] = [];
    await drain(4, fakeGenerate(calls, 15));
    expect(calls).toHaveLength(24);
    expect(new Set(calls).size).toBe(24);
    const jobs = await getDb().explanationJob.findMany({ where: { stimulus: { method: 'gradient' } } });
    expect(jobs.every((j) => j.status === 'done' && j.attempts === 1)).toBe(true);
    expect(new Set(jobs.map((j) => j.workerId)).size).toBeGreaterThan(1);
  });

  it('requeues the job of a worker that stopped responding, and another worker finishes it', async () => {
    const { stimulusId } = await requestStimulus({ request: { ref: faces[1] ?? '', model: 'age', method: 'gradient', seed: 7 } });
    const claimed = await claimNextJob({ workerId: 'doomed' });
    expect(claimed?.stimulusId).toBe(stimulusId);
    // The worker dies: no more heartbeats. Nothing happens before the stale limit…
    expect(await requeueStaleJobs()).toBe(0);
    // …and after it the job goes back to the queue.
    expect(await requeueStaleJobs({ now: new Date(Date.now() + STALE_AFTER_MS + 1000) })).toBe(1);
    const calls: string[] = [];
    await drain(1, fakeGenerate(calls));
    const job = await getDb().explanationJob.findUniqueOrThrow({ where: { stimulusId } });
    expect(job.status).toBe('done');
    expect(job.attempts).toBe(2);
    expect(job.workerId).toBe('w0');
  });

  it('a worker told to stop (SIGTERM) hands its running job back at once, attempt not counted, and another finishes it', async () => {
    const { stimulusId } = await requestStimulus({ request: { ref: faces[0] ?? '', model: 'age', method: 'gradient', seed: 31 } });
    const stop = new AbortController();
    let started!: () => void;
    const running = new Promise<void>((r) => { started = r; });
    // A job that runs until it is aborted, as a long inversion would.
    const endless: typeof generateStimulus = ({ signal }) => new Promise((_, reject) => {
      started();
      signal.addEventListener('abort', () => reject(new Error('aborted')), { once: true });
    });
    const run = runWorker({ workerId: 'leaving', stop: stop.signal, pollMs: 20, log: () => undefined, generate: endless });
    await running;
    expect((await getDb().explanationJob.findUniqueOrThrow({ where: { stimulusId } })).status).toBe('running');
    stop.abort();
    await run;
    const released = await getDb().explanationJob.findUniqueOrThrow({ where: { stimulusId } });
    expect(released).toMatchObject({ status: 'queued', workerId: null, attempts: 0 });
    expect(released.message).toMatch(/released: worker leaving shut down/);
    const calls: string[] = [];
    await drain(1, fakeGenerate(calls));
    expect(await getDb().explanationJob.findUniqueOrThrow({ where: { stimulusId } })).toMatchObject({ status: 'done', attempts: 1, workerId: 'w0' });
  });

  it('ends a job that keeps failing as failed, with its error, after the retry limit', async () => {
    const { stimulusId } = await requestStimulus({ request: { ref: faces[2] ?? '', model: 'gender', method: 'occlusion', seed: 9 } });
    let tries = 0;
    const failing: typeof generateStimulus = async () => {
      tries++;
      throw new Error('simulated out-of-memory');
    };
    await drain(1, failing);
    const job = await getDb().explanationJob.findUniqueOrThrow({ where: { stimulusId } });
    expect(job.status).toBe('failed');
    expect(job.error).toBe('simulated out-of-memory');
    expect(job.attempts).toBe(job.maxAttempts);
    expect(tries).toBe(job.maxAttempts);
    expect(await readStimulusFile(stimulusId)).toBeNull();
    // Asking again after a failure queues a fresh attempt.
    expect((await requestStimulus({ request: { ref: faces[2] ?? '', model: 'gender', method: 'occlusion', seed: 9 } })).status).toBe('queued');
  });

  it('fails a job at once, with its message, when the failure would repeat on every attempt', async () => {
    // Queued the way publishing queues a study's images (no request-time face check), for a face the
    // photo does not have; the real computation finds that out, and retrying could only find it again.
    await initBackend();
    // The photo's own face count (1 in the licensed demo set, more in the npm fallback photos).
    const library = getFaceLibrary();
    const found = (await detectFaces(await decodeImage(path.join(library.dir, library.files[0] ?? '')))).length;
    const built = await buildSpec({ ref: faces[0] ?? '', faceIndex: 7, model: 'gender', method: 'face' });
    const { stimulusId } = await withTransaction((tx) => enqueueSpec(tx, built));
    await drain(1, generateStimulus);
    const job = await getDb().explanationJob.findUniqueOrThrow({ where: { stimulusId } });
    expect(job.status).toBe('failed');
    expect(job.attempts).toBe(1);
    expect(found).toBeLessThan(8);
    expect(job.error).toBe(`Face 7 was requested but only ${found} face(s) were found.`);
    // The retry limit still applies to failures that may pass next time (the test above).
    expect(job.maxAttempts).toBe(3);
  }, 180_000);

  it('refuses bad requests with a message naming what is wrong', async () => {
    await expect(requestStimulus({ request: { ref: faces[0] ?? '', model: 'height', method: 'occlusion' } })).rejects.toThrow(/Unknown model "height"/);
    await expect(requestStimulus({ request: { ref: faces[0] ?? '', model: 'expression', target: 'bored', method: 'occlusion' } })).rejects.toThrow(/"bored" is not a class/);
    await expect(requestStimulus({ request: { ref: faces[0] ?? '', model: 'expression', method: 'magic' } })).rejects.toThrow(/Unknown explainer 'magic'/);
    await expect(requestStimulus({ request: { ref: faces[0] ?? '', model: 'expression', method: 'occlusion', params: { window: -1 } } })).rejects.toThrow(/Invalid occlusion parameter window/);
    await expect(requestStimulus({ request: { ref: faces[0] ?? '', model: 'expression', method: 'visualization-tv', params: { objective: { type: 'channel', layer: 'conv9', channel: 1 } } } })).rejects.toThrow(/"conv9" is not a layer of the expression model \(layers: dense0, dense1, dense2, dense3, pool\)/);
    await expect(requestStimulus({ request: { ref: faces[0] ?? '', model: 'age', method: 'inversion-tv', params: { layer: 'dense2' } } })).rejects.toThrow(/"dense2" is not a layer of the age model/);
    // Methods whose layer defaults to the model's own choice (CAM: the last conv layer) still pass.
    for (const method of ['grad-cam', 'grad-cam-pp', 'inversion-tv', 'visualization-tv']) {
      expect((await buildSpec({ ref: faces[0] ?? '', model: 'gender', method })).spec.method).toBe(method);
    }
    expect((await buildSpec({ ref: faces[0] ?? '', model: 'gender', method: 'grad-cam', params: { layer: '' } })).spec.method).toBe('grad-cam');
    await expect(requestStimulus({ request: { ref: faces[0] ?? '', model: 'gender', method: 'inversion-tv', params: { layer: '' } } })).rejects.toThrow(/"" is not a layer of the gender model/);
    await expect(requestStimulus({ request: { ref: 'faces:../../etc/passwd', model: 'expression', method: 'occlusion' } })).rejects.toThrow(/escapes/);
  });
});
