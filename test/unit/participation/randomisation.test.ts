import { describe, expect, it } from 'vitest';
import { studySchema } from '@/lib/studies/study-schema';
import { planSequence, sequenceState } from '@/lib/participation/plan-sequence';
import { pickLeastFilled } from '@/lib/participation/assign-condition';
import { seededShuffle } from '@/lib/participation/shuffle';

const study = studySchema.parse({
  slug: 'rand',
  title: 'Randomisation',
  consent: { body: 'ok' },
  conditions: [{ id: 'x', label: 'X' }, { id: 'y', label: 'Y' }],
  blocks: [
    { id: 'fixed', items: [{ id: 'intro', type: 'page', title: 'Hi', body: 'Hello' }] },
    {
      id: 'shuffled',
      shuffle: true,
      items: ['a', 'b', 'c', 'd', 'e', 'f'].map((id) => ({
        id,
        type: 'single-choice' as const,
        prompt: id,
        shuffleOptions: true,
        options: ['1', '2', '3', '4', '5'].map((v) => ({ value: v, label: v })),
      })),
    },
    { id: 'only-y', conditions: ['y'], items: [{ id: 'ylike', type: 'likert', prompt: 'Y?', anchors: { min: 'no', max: 'yes' } }] },
  ],
});

describe('per-participant randomisation', () => {
  it('is deterministic for a seed', () => {
    expect(planSequence(study, 123, 'x')).toEqual(planSequence(study, 123, 'x'));
    expect(seededShuffle([1, 2, 3, 4, 5, 6, 7, 8], 9, 'k')).toEqual(seededShuffle([1, 2, 3, 4, 5, 6, 7, 8], 9, 'k'));
  });

  it('varies between seeds, keeps unshuffled blocks in place and shuffles options', () => {
    const orders = new Set<string>();
    const optionOrders = new Set<string>();
    for (let seed = 0; seed < 50; seed++) {
      const plan = planSequence(study, seed, 'x');
      expect(plan[0]?.item.id).toBe('intro');
      orders.add(plan.map((p) => p.item.id).join(','));
      optionOrders.add(plan[1]?.optionOrder?.join(',') ?? '');
    }
    expect(orders.size).toBeGreaterThan(30);
    expect(optionOrders.size).toBeGreaterThan(20);
  });

  it('puts every item in every position about equally often (unbiased shuffle)', () => {
    const counts = new Map<string, number>();
    const n = 6000;
    for (let seed = 0; seed < n; seed++) {
      const first = planSequence(study, seed, 'x')[1]?.item.id ?? '';
      counts.set(first, (counts.get(first) ?? 0) + 1);
    }
    for (const id of ['a', 'b', 'c', 'd', 'e', 'f']) {
      // Expected 1000 each; 5 standard deviations is ~±140.
      expect(Math.abs((counts.get(id) ?? 0) - n / 6)).toBeLessThan(140);
    }
  });

  it('shows condition-specific blocks only to that condition', () => {
    expect(planSequence(study, 1, 'x').some((p) => p.item.id === 'ylike')).toBe(false);
    expect(planSequence(study, 1, 'y').some((p) => p.item.id === 'ylike')).toBe(true);
  });

  it('tracks progress and the next item', () => {
    const plan = planSequence(study, 5, 'y');
    const answers = new Map<string, unknown>([['intro', true]]);
    const s = sequenceState(plan, answers);
    expect(s.total).toBe(8);
    expect(s.answered).toBe(1);
    expect(s.next?.item.id).toBe(plan[1]?.item.id);
  });
});

describe('least-filled condition assignment', () => {
  it('balances counts across conditions', () => {
    const conditions = ['a', 'b', 'c'];
    const counts = new Map(conditions.map((c) => [c, 0]));
    for (let i = 0; i < 300; i++) {
      const pick = pickLeastFilled(conditions, [...counts].map(([condition, count]) => ({ condition, count })));
      if (!pick) throw new Error('no pick');
      counts.set(pick, (counts.get(pick) ?? 0) + 1);
    }
    expect([...counts.values()]).toEqual([100, 100, 100]);
  });

  it('fills the emptiest bucket first, ties to the first listed', () => {
    expect(pickLeastFilled(['a', 'b', 'c'], [{ condition: 'a', count: 3 }, { condition: 'b', count: 1 }])).toBe('c');
    expect(pickLeastFilled(['a', 'b'], [{ condition: 'a', count: 2 }, { condition: 'b', count: 2 }])).toBe('a');
    expect(pickLeastFilled([], [])).toBeNull();
  });
});
