import { describe, expect, it } from 'vitest';
import { figureFileName, safeFileNamePart } from '@/lib/figures/figure-file-name';

describe('figure file names', () => {
  it('joins the study and the panel id with the kind as extension', () => {
    expect(figureFileName('cmf3k2x0a0000abcd', 'preference', 'svg')).toBe('cmf3k2x0a0000abcd-preference.svg');
    expect(figureFileName('face-explanations', 'bg-practitioner', 'csv')).toBe('face-explanations-bg-practitioner.csv');
  });

  it('keeps only letters, digits, "_" and "-" (no dots, spaces, slashes or quotes)', () => {
    expect(safeFileNamePart('../etc/passwd')).toBe('etc-passwd');
    expect(safeFileNamePart('Q 1: "Which?"')).toBe('Q-1-Which');
    expect(safeFileNamePart('bg-âge.v2')).toBe('bg-age-v2');
    expect(safeFileNamePart('使用')).toBe('');
    expect(figureFileName('study', 'bg-使用', 'png')).toBe('study-bg.png');
  });

  it('never makes an empty or endless name', () => {
    expect(figureFileName('', '', 'png')).toBe('figure.png');
    expect(figureFileName('***', 'times', 'csv')).toBe('times.csv');
    const long = figureFileName('s', 'x'.repeat(500), 'svg');
    expect(long).toBe(`s-${'x'.repeat(80)}.svg`);
    expect(safeFileNamePart(`${'a'.repeat(79)} b`)).toBe('a'.repeat(79));
  });
});
