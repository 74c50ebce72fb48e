// The backend module must pick the best backend that actually starts, say why it skipped the others,
// leave no process-wide crash handlers behind, and be safe to call many times.
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { backendChoiceSchema, backendInfo, initBackend } from '@/lib/explainers/backend';

describe('initBackend', () => {
  it('falls back from the absent native binding to a working wasm backend', async () => {
    expect(() => backendInfo()).toThrow(/before initBackend/);
    const listeners = () => [process.listeners('uncaughtException').length, process.listeners('unhandledRejection').length];
    const before = listeners();
    const info = await initBackend();
    expect(listeners()).toEqual(before);
    expect(info.name).toBe('wasm');
    expect(tf.getBackend()).toBe('wasm');
    expect(info.nativePackage).toBeNull();
    expect(info.skipped.map((s) => s.split(':')[0])).toEqual(['@tensorflow/tfjs-node-gpu', '@tensorflow/tfjs-node']);
    expect(info.versions['@tensorflow/tfjs-core']).toBe(tf.version_core);
    expect(info.versions['@tensorflow/tfjs-backend-wasm']).toMatch(/^\d+\.\d+\.\d+/);
    // A real computation on the chosen backend, not just a name.
    expect(Array.from(tf.tidy(() => tf.matMul(tf.eye(2), tf.tensor2d([[1, 2], [3, 4]])).dataSync()))).toEqual([1, 2, 3, 4]);
  });

  it('is idempotent and refuses a conflicting forced backend', async () => {
    const a = await initBackend();
    const b = await initBackend();
    expect(b).toBe(a);
    await expect(initBackend({ force: 'cpu' })).rejects.toThrow(/already initialised/);
    expect(backendInfo().name).toBe('wasm');
  });

  it('validates forced backend names', () => {
    expect(backendChoiceSchema.safeParse('webgl').success).toBe(false);
    expect(backendChoiceSchema.parse('tensorflow')).toBe('tensorflow');
  });
});
