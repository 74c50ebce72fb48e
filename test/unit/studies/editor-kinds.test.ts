// The browser editor offers every item kind of the schema, and a new item of each kind is valid apart
// from the images the researcher still has to choose.
import { describe, expect, it } from 'vitest';
import { itemKinds, newItem } from '@/app/_components/editor/item-editor';
import { itemSchema } from '@/lib/studies/study-schema';

describe('editor item kinds', () => {
  it('offers exactly the kinds the study schema knows', () => {
    const schemaKinds = itemSchema.options.map((o) => o.shape.type.value);
    expect(itemKinds.map((k) => k.value).sort()).toEqual([...schemaKinds].sort());
  });

  it('starts each kind as a valid item, or one that only lacks its images (and, for intruders, which one is the intruder)', () => {
    for (const { value } of itemKinds) {
      const r = itemSchema.safeParse(newItem(value, 'x1'));
      const fields = r.success ? [] : [...new Set(r.error.issues.map((i) => String(i.path[0])))];
      const pending = value === 'intruder' ? ['options', 'correct'] : ['options', 'images'];
      expect([value, fields.filter((f) => !pending.includes(f))]).toEqual([value, []]);
    }
  });

  it('an intruder trial becomes valid once its images and intruder are chosen', () => {
    const item = { ...newItem('intruder', 'x1'), options: ['a', 'b', 'c'].map((v) => ({ value: v, src: `faces:${v}.jpg`, alt: v })), correct: 'c' };
    expect(itemSchema.safeParse(item).success).toBe(true);
  });
});
