import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { studySchema, type StudyInput } from '@/lib/studies/study-schema';
import { formatStudyIssues } from '@/lib/studies/format-study-errors';
import { loadStudyFiles } from '@/lib/studies/load-study-files';
import fs from 'node:fs';
import os from 'node:os';

function minimal(): StudyInput {
  return {
    slug: 'mini',
    title: 'Mini',
    consent: { body: 'Agree?' },
    blocks: [
      {
        id: 'b1',
        items: [
          { id: 'q1', type: 'single-choice', prompt: 'Pick', options: [{ value: 'a', label: 'A' }, { value: 'b', label: 'B' }] },
          { id: 'q2', type: 'free-text', prompt: 'Why?', showIf: { item: 'q1', equals: 'a' } },
        ],
      },
    ],
  };
}

function issuesOf(raw: unknown): string[] {
  const r = studySchema.safeParse(raw);
  if (r.success) return [];
  return formatStudyIssues('studies/x.ts', raw, r.error);
}

describe('study schema', () => {
  it('accepts every study shipped in studies/', async () => {
    const result = await loadStudyFiles({ dir: path.join(process.cwd(), 'studies') });
    expect(result.errors).toEqual([]);
    expect(result.studies.map((s) => s.study.slug)).toContain('demo');
    const kinds = new Set(result.studies.flatMap((s) => s.study.blocks.flatMap((b) => b.items.map((i) => i.type))));
    expect([...kinds].sort()).toEqual(['attention-check', 'coherency', 'free-text', 'image-choice', 'intruder', 'likert', 'multiple-choice', 'page', 'single-choice']);
  });

  it('checks intruder and coherency trials: the intruder is an option, a probe names a unit or concept, images have a source', () => {
    const img = (value: string) => ({ value, src: 'faces:a.jpg', alt: `Image ${value}` });
    const with_ = (item: Record<string, unknown>) => ({ ...minimal(), blocks: [{ id: 'b1', items: [item] }] });
    const intruder = { id: 't1', type: 'intruder', prompt: 'Odd one out?', probe: { layer: 'dense2', unit: '3' }, options: [img('a'), img('b'), img('c')], correct: 'c' };
    const coherency = { id: 't2', type: 'coherency', prompt: 'In common?', probe: { layer: 'dense2', concept: 'eyes' }, images: [img('x'), img('y')], options: [{ value: 'eyes', label: 'Eyes' }, { value: 'none', label: 'Nothing' }] };
    expect(issuesOf(with_(intruder))).toEqual([]);
    expect(issuesOf(with_(coherency))).toEqual([]);
    expect(studySchema.parse(with_(intruder)).blocks[0]?.items[0]).toMatchObject({ shuffleOptions: true });
    expect(issuesOf(with_({ ...intruder, correct: 'z' })).join('\n')).toMatch(/field "correct": "z" is not one of the options/);
    expect(issuesOf(with_({ ...intruder, probe: { layer: 'dense2' } })).join('\n')).toMatch(/field "probe\.unit": give a "unit" or a "concept"/);
    expect(issuesOf(with_({ ...intruder, options: [img('a'), img('b')] })).join('\n')).toMatch(/options/);
    expect(issuesOf(with_({ ...coherency, images: [img('x'), { value: 'y', alt: 'no source' }] })).join('\n')).toMatch(/images\.1.*exactly one of "src"|images\[1\].*exactly one of "src"/);
    expect(issuesOf(with_({ ...coherency, images: [img('context')] })).join('\n')).toMatch(/"context" is reserved/);
    expect(issuesOf(with_({ ...coherency, images: [{ value: 'g', alt: 'gen', generate: { method: 'visualization-tv' } }] })).join('\n')).toMatch(/need "explain"/);
  });

  it('fills defaults', () => {
    const s = studySchema.parse(minimal());
    const q1 = s.blocks[0]?.items[0];
    expect(q1?.type === 'single-choice' && q1.required).toBe(true);
    expect(s.consent.agreeLabel).toBe('I agree to take part');
    expect(s.completion.message).toMatch(/Thank you/);
  });

  it('names the item and field of a malformed option list', () => {
    const raw = minimal();
    const q1 = raw.blocks[0]!.items[0]!;
    if (q1.type === 'single-choice') q1.options = [{ value: 'a', label: 'A' }];
    expect(issuesOf(raw)).toEqual(['studies/x.ts: item "q1" (blocks[0].items[0]) field "options": Too small: expected array to have >=2 items']);
  });

  it('rejects an unknown item type at the item', () => {
    const raw = JSON.parse(JSON.stringify(minimal()));
    raw.blocks[0].items[1].type = 'slider';
    const [msg] = issuesOf(raw);
    expect(msg).toMatch(/^studies\/x\.ts: item "q2" \(blocks\[0\]\.items\[1\]\) field "type": /);
  });

  it('rejects duplicate ids, unknown conditions and dangling conditional display', () => {
    const raw = minimal();
    raw.blocks[0]!.items.push({ id: 'q1', type: 'likert', prompt: 'Again', anchors: { min: 'lo', max: 'hi' }, conditions: ['nope'] });
    raw.blocks[0]!.items.push({ id: 'q4', type: 'page', title: 'T', body: 'B', showIf: { item: 'later', equals: 'x' } });
    raw.blocks[0]!.items.push({ id: 'q5', type: 'page', title: 'T', body: 'B', showIf: { item: 'q1', equals: 'c' } });
    const msgs = issuesOf(raw);
    expect(msgs).toContain('studies/x.ts: item "q1" (blocks[0].items[2]) field "id": duplicate item id "q1"');
    expect(msgs).toContain('studies/x.ts: item "q1" (blocks[0].items[2]) field "conditions[0]": unknown condition "nope"');
    expect(msgs).toContain('studies/x.ts: item "q4" (blocks[0].items[3]) field "showIf.item": "later" is not an earlier item');
    expect(msgs.some((m) => m.includes('"q5"') && m.includes('"c" is not an answer of "q1"'))).toBe(true);
  });

  it('checks attention-check answers, likert labels, text limits and selection bounds', () => {
    const raw = minimal();
    raw.blocks[0]!.items = [
      { id: 'att', type: 'attention-check', prompt: 'Pick red', correct: 'red', options: [{ value: 'a', label: 'A' }, { value: 'b', label: 'B' }] },
      { id: 'lik', type: 'likert', prompt: 'How?', points: 3, anchors: { min: 'lo', max: 'hi' }, labels: ['1', '2'] },
      { id: 'txt', type: 'free-text', prompt: 'Say', minLength: 10, maxLength: 5 },
      { id: 'img', type: 'image-choice', prompt: 'Pick', multiple: true, minSelected: 3, maxSelected: 2, options: [{ value: 'x', src: 'faces:a.jpg', alt: 'x' }, { value: 'y', src: 'faces:b.jpg', alt: 'y' }] },
    ];
    const msgs = issuesOf(raw);
    expect(msgs).toContain('studies/x.ts: item "att" (blocks[0].items[0]) field "correct": "red" is not one of the options');
    expect(msgs).toContain('studies/x.ts: item "lik" (blocks[0].items[1]) field "labels": needs exactly 3 labels (one per point)');
    expect(msgs).toContain('studies/x.ts: item "txt" (blocks[0].items[2]) field "minLength": must not exceed maxLength');
    expect(msgs).toContain('studies/x.ts: item "img" (blocks[0].items[3]) field "minSelected": must not exceed maxSelected');
  });

  it('refuses control characters in study texts, naming the field and the character', () => {
    const raw = minimal();
    const q1 = raw.blocks[0]!.items[0]!;
    if (q1.type === 'single-choice') q1.prompt = 'Pick\u0000 one';
    raw.consent.body = 'Line one\nline two\twith a tab';
    expect(issuesOf(raw)).toEqual(['studies/x.ts: item "q1" (blocks[0].items[0]) field "prompt": must not contain control characters (found NUL)']);
  });

  it('refuses image paths that leave their directory and unknown schemes', () => {
    const raw = minimal();
    raw.blocks[0]!.items = [
      { id: 'img', type: 'image-choice', prompt: 'Pick', options: [{ value: 'x', src: 'faces:../../etc/passwd', alt: 'x' }, { value: 'y', src: 'http://evil/x.jpg', alt: 'y' }] },
    ];
    const msgs = issuesOf(raw);
    expect(msgs.some((m) => m.includes('field "options[0].src"') && m.includes('".."'))).toBe(true);
    expect(msgs.some((m) => m.includes('field "options[1].src"'))).toBe(true);
  });

  it('the loader reports a bad file by name and keeps the good ones', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'studies-'));
    fs.writeFileSync(path.join(dir, 'good.json'), JSON.stringify(minimal()));
    fs.writeFileSync(path.join(dir, 'bad.json'), JSON.stringify({ ...minimal(), slug: 'Bad Slug' }));
    fs.writeFileSync(path.join(dir, 'broken.json'), '{ not json');
    const r = await loadStudyFiles({ dir });
    expect(r.studies.map((s) => s.file)).toEqual([path.join(path.basename(dir), 'good.json')]);
    expect(r.errors.some((e) => e.includes('bad.json: study field "slug"'))).toBe(true);
    expect(r.errors.some((e) => e.includes('broken.json: cannot be read'))).toBe(true);
    fs.rmSync(dir, { recursive: true });
  });
});
