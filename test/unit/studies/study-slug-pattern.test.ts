// The new-study form's `pattern` attribute and the server's slug rule are one rule (issue #16 item 1).
import { describe, expect, it } from 'vitest';
import { STUDY_SLUG_PATTERN, studySlugSchema } from '@/lib/studies/study-schema';

/** What a browser does with a `pattern` attribute (HTML spec: `^(?:pattern)$` with the `v` flag). */
function browserPattern(pattern: string): RegExp {
  return new RegExp(`^(?:${pattern})$`, 'v');
}

describe('the study address pattern', () => {
  it('compiles the way browsers compile pattern attributes', () => {
    expect(() => browserPattern(STUDY_SLUG_PATTERN)).not.toThrow();
    // The pattern the form used to carry: Chromium refused it and then checked nothing.
    expect(() => browserPattern('[a-z0-9][a-z0-9-]{1,62}')).toThrow(/Invalid character class/);
  });

  it('accepts and refuses exactly what the server does', () => {
    const samples = ['ab', 'face-explanations', 'a-', '0-0', 'a', '-ab', 'Ab', 'a b', 'a_b', 'ä-b', `a${'b'.repeat(62)}`, `a${'b'.repeat(63)}`, ''];
    for (const s of samples) expect(browserPattern(STUDY_SLUG_PATTERN).test(s), s).toBe(studySlugSchema.safeParse(s).success);
    expect(studySlugSchema.safeParse('face-explanations').success).toBe(true);
    expect(studySlugSchema.safeParse('-ab').success).toBe(false);
  });
});
