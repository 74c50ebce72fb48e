// What /api/health says about the explanation workers' backend while they start, run and fail (issue #16).
import { describe, expect, it } from 'vitest';
import { stateFromMessage, summariseBackend, workerMessageSchema, type WorkerState } from '@/lib/stimuli/worker-pool-status';

const ready = (backend: string, fellBackBecause: string | null = null): WorkerState => ({ state: 'ready', backend, fellBackBecause });

describe('the backend reported by /api/health', () => {
  it('says "starting" until a worker has loaded TF.js, never null', () => {
    expect(summariseBackend([{ state: 'starting' }, { state: 'starting' }])).toEqual({ tensorflowBackend: 'starting' });
    expect(summariseBackend([{ state: 'failed', error: 'boom' }, { state: 'starting' }])).toEqual({ tensorflowBackend: 'starting' });
  });

  it('names the backend once one worker is ready', () => {
    expect(summariseBackend([{ state: 'starting' }, ready('wasm')])).toEqual({ tensorflowBackend: 'wasm' });
  });

  it('says "failed" with the reason when every worker failed', () => {
    expect(summariseBackend([{ state: 'failed', error: "TF backend 'wasm' was forced but failed: no SIMD" }, { state: 'failed', error: 'worker thread exited with code 1' }])).toEqual({
      tensorflowBackend: 'failed',
      reason: "TF backend 'wasm' was forced but failed: no SIMD",
    });
  });

  it('says "none" and where generation happens when there are no embedded workers', () => {
    expect(summariseBackend([])).toMatchObject({ tensorflowBackend: 'none', reason: expect.stringContaining('npm run worker') });
  });

  it('gives the reason when a worker fell back to the slow cpu backend unasked, not when cpu was forced', () => {
    const skipped = ['@tensorflow/tfjs-node: not installed (or its native binding is missing)', 'wasm: fetch failed'];
    const fellBack = stateFromMessage(workerMessageSchema.parse({ type: 'ready', backend: 'cpu', skipped }));
    expect(summariseBackend([fellBack])).toEqual({ tensorflowBackend: 'cpu', reason: skipped.join('; ') });
    const forced = stateFromMessage(workerMessageSchema.parse({ type: 'ready', backend: 'cpu', skipped: [], forced: true }));
    expect(summariseBackend([forced])).toEqual({ tensorflowBackend: 'cpu' });
    // wasm without a native binding is the normal case on a CPU machine: no reason to report.
    const wasm = stateFromMessage(workerMessageSchema.parse({ type: 'ready', backend: 'wasm', skipped: skipped.slice(0, 1) }));
    expect(summariseBackend([wasm])).toEqual({ tensorflowBackend: 'wasm' });
  });
});
