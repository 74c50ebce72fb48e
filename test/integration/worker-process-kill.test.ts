// A real `npm run worker` process is killed (SIGKILL) in the middle of a job: the job is requeued once its
// heartbeat goes stale, and another worker finishes it.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from './helpers/test-db';
import { getDb } from '@/lib/db';
import { getFaceLibrary } from '@/lib/faces/face-library';
import { requestStimulus } from '@/lib/stimuli/request-stimulus';
import { requeueStaleJobs, STALE_AFTER_MS } from '@/lib/stimuli/job-queue';
import { runWorker } from '@/lib/stimuli/run-worker';
import type { generateStimulus } from '@/lib/stimuli/generate-stimulus';

let cleanup: () => Promise<void>;
let dir = '';
let url = '';
beforeAll(async () => {
  ({ cleanup, dir, url } = await createTestDatabase());
});
afterAll(async () => cleanup());

const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

describe('a killed worker process', () => {
  it('loses its job to the queue, and another worker finishes it', async () => {
    // Occlusion at stride 1 takes minutes: the worker is certainly mid-job when it is killed.
    const { stimulusId } = await requestStimulus({ request: { ref: `faces:${getFaceLibrary().files[0]}`, model: 'expression', method: 'occlusion', params: { window: 4, stride: 1 }, seed: 11 } });
    const child = spawn(path.join('node_modules', '.bin', 'tsx'), ['--conditions=react-server', 'scripts/worker.ts'], {
      env: { ...process.env, DATA_DIR: dir, DATABASE_URL: url, TF_BACKEND: 'wasm' },
      stdio: 'ignore',
      // Its own process group, so the kill reaches the node process that tsx starts, not only tsx.
      detached: true,
    });
    const killGroup = () => {
      try {
        process.kill(-(child.pid ?? 0), 'SIGKILL');
      } catch {
        // already gone
      }
    };
    try {
      let running = null;
      for (let i = 0; i < 300 && !running; i++) {
        await new Promise((r) => setTimeout(r, 200));
        running = await getDb().explanationJob.findFirst({ where: { stimulusId, status: 'running', progress: { gt: 0.05 } } });
      }
      expect(running?.workerId).toMatch(/^.+-\d+$/);
      killGroup();
      await new Promise((r) => child.once('exit', r));
    } finally {
      killGroup();
    }
    // Dead for real: no heartbeat moves any more.
    const beat = (await getDb().explanationJob.findUniqueOrThrow({ where: { stimulusId } })).heartbeatAt;
    await new Promise((r) => setTimeout(r, 3000));
    expect((await getDb().explanationJob.findUniqueOrThrow({ where: { stimulusId } })).heartbeatAt).toEqual(beat);

    const stuck = await getDb().explanationJob.findUniqueOrThrow({ where: { stimulusId } });
    expect(stuck.status).toBe('running');
    // Once its heartbeat is older than the limit, the job goes back to the queue…
    expect(await requeueStaleJobs({ now: new Date(Date.now() + STALE_AFTER_MS + 1000) })).toBe(1);
    // …and the next worker takes it and finishes (a stand-in computation keeps the test short).
    const generate: typeof generateStimulus = async () => ({ png: PNG, prediction: { model: 'expression', label: 'happy' }, provenance: {} });
    const stop = new AbortController();
    const run = runWorker({ workerId: 'rescuer', stop: stop.signal, pollMs: 20, log: () => undefined, generate });
    for (let i = 0; i < 200; i++) {
      if ((await getDb().explanationJob.findUniqueOrThrow({ where: { stimulusId } })).status === 'done') break;
      await new Promise((r) => setTimeout(r, 25));
    }
    stop.abort();
    await run;
    const job = await getDb().explanationJob.findUniqueOrThrow({ where: { stimulusId } });
    expect([job.status, job.workerId, job.attempts]).toEqual(['done', 'rescuer', 2]);
  }, 90_000);
});
