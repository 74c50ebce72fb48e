import * as tf from '@tensorflow/tfjs';
import { afterAll, describe, expect, it } from 'vitest';
import { makeScoreFn, resolveTarget, selectScore } from '@/lib/explainers/targets';
import type { ModelAdapter } from '@/lib/explainers/types';
import { linearModel } from './fixtures/analytic-models';
import { useCpuBackend } from './fixtures/setup';

useCpuBackend();
const base = linearModel({ size: 4, outputs: 3 });
afterAll(() => base.dispose());

/** A model whose raw outputs are fixed, to pin down how they are read. */
function fixedOutputs(values: number[], kind: ModelAdapter['outputKind'], labels: string[] | null): ModelAdapter {
  return { ...base, outputKind: kind, labels, predict: (x) => tf.tile(tf.tensor2d([values]), [x.shape[0], 1]) as tf.Tensor2D };
}
const x = () => tf.zeros([1, 4, 4, 3]) as tf.Tensor4D;

function scoreOf(model: ModelAdapter, spec: Parameters<typeof resolveTarget>[2], prefer: 'logit' | 'probability') {
  const input = x();
  const target = resolveTarget(model, input, spec, prefer);
  const value = tf.tidy(() => makeScoreFn(model, target)(input).dataSync()[0] ?? NaN);
  input.dispose();
  return { target, value };
}

describe('target resolution and F(x) (EXPLAINERS.md §0.2)', () => {
  it('softmax: predicted is the clean argmax; F is the logit or the probability, as recorded', () => {
    const model = fixedOutputs([0.5, 2, -1], 'softmax', ['a', 'b', 'c']);
    const logit = scoreOf(model, { kind: 'predicted' }, 'logit');
    expect(logit.target).toEqual({ kind: 'class', index: 1, label: 'b', sign: 1, score: 'logit' });
    expect(logit.value).toBeCloseTo(2, 6);
    const prob = scoreOf(model, { kind: 'class', index: 2 }, 'probability');
    const z = [0.5, 2, -1].map(Math.exp);
    expect(prob.target.score).toBe('probability');
    expect(prob.value).toBeCloseTo((z[2] ?? 0) / z.reduce((a, b) => a + b), 6);
  });

  it('single sigmoid logit: class 1 is s, class 0 is −s; probabilities σ(s) and 1 − σ(s)', () => {
    const model = fixedOutputs([-0.8], 'sigmoid', ['female', 'male']);
    const predicted = scoreOf(model, { kind: 'predicted' }, 'logit');
    expect(predicted.target).toMatchObject({ index: 0, label: 'female', sign: -1 });
    expect(predicted.value).toBeCloseTo(0.8, 6);
    const male = scoreOf(model, { kind: 'class', index: 1 }, 'probability');
    expect(male.value).toBeCloseTo(1 / (1 + Math.exp(0.8)), 6);
  });

  it('two-way softmax: the logit score is the log-odds z_c − z_other, so the two classes are exact negatives', () => {
    const model = fixedOutputs([0.3, 1.1], 'softmax', ['male', 'female']);
    const female = scoreOf(model, { kind: 'predicted' }, 'logit');
    expect(female.target).toEqual({ kind: 'class', index: 1, label: 'female', sign: 1, score: 'log-odds' });
    expect(female.value).toBeCloseTo(0.8, 6);
    expect(scoreOf(model, { kind: 'class', index: 0 }, 'logit').value).toBeCloseTo(-0.8, 6);
    // Probabilities are unchanged, and three or more classes keep the plain logit.
    expect(scoreOf(model, { kind: 'class', index: 1 }, 'probability').value).toBeCloseTo(1 / (1 + Math.exp(-0.8)), 6);
    expect(scoreOf(fixedOutputs([0.3, 1.1, 0], 'softmax', null), { kind: 'predicted' }, 'logit').target.score).toBe('logit');
  });

  it('regression: F = sign·ŷ, recorded as a value whatever the preference', () => {
    const model = fixedOutputs([31], 'regression', ['age']);
    const lowers = scoreOf(model, { kind: 'regression', sign: -1 }, 'probability');
    expect(lowers.target).toEqual({ kind: 'regression', index: 0, label: 'age', sign: -1, score: 'value' });
    expect(lowers.value).toBeCloseTo(-31, 5);
  });

  it('rejects targets that do not fit the model', () => {
    const input = x();
    expect(() => resolveTarget(fixedOutputs([1, 2], 'softmax', ['a', 'b']), input, { kind: 'class', index: 2 }, 'logit')).toThrow(/out of range/);
    expect(() => resolveTarget(fixedOutputs([1], 'regression', null), input, { kind: 'class', index: 0 }, 'logit')).toThrow(/regression/);
    expect(() => resolveTarget(fixedOutputs([1, 2], 'softmax', null), input, { kind: 'regression', sign: 1 }, 'logit')).toThrow(/classifier/);
    input.dispose();
  });

  it('selects the logit with a one-hot product whose gradient is the one-hot row', () => {
    const target = { kind: 'class', index: 1, label: 'b', sign: 1, score: 'logit' } as const;
    const grad = tf.tidy(() => tf.grad((y: tf.Tensor) => tf.sum(selectScore(y as tf.Tensor2D, base, target)))(tf.tensor2d([[1, 2, 3], [4, 5, 6]])).arraySync());
    expect(grad).toEqual([[0, 1, 0], [0, 1, 0]]);
  });
});
