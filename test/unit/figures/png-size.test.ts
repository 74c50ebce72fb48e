import { describe, expect, it } from 'vitest';
import { pngScale } from '@/lib/figures/png-size';

describe('PNG size of a figure', () => {
  it('is twice the size on screen, and at least 1200 px wide', () => {
    expect(pngScale(700, 400)).toBe(2);
    expect(pngScale(400, 300)).toBe(3);
    expect(Math.round(500 * pngScale(500, 300))).toBe(1200);
  });

  it('stays within 16 million pixels for a very tall figure', () => {
    const s = pngScale(700, 12_000);
    expect(700 * s * 12_000 * s).toBeLessThanOrEqual(16_000_001);
    expect(s).toBeLessThan(2);
  });
});
