import { describe, expect, it } from 'vitest';
import { builtInWeightsHash } from '@/lib/explainers/models/weights-hash';
import { loadModel } from '@/lib/explainers/models/registry';

describe('weights hash without TensorFlow', () => {
  it('equals the hash the loaded model reports', async () => {
    for (const id of ['gender', 'expression']) {
      const model = await loadModel(id);
      expect(builtInWeightsHash(id)).toBe(model.weightsHash);
    }
    expect(builtInWeightsHash('age')).toBe(builtInWeightsHash('gender'));
    expect(() => builtInWeightsHash('nope')).toThrow(/no built-in weights/);
  });
});
