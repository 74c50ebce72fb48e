// The shape of the response exports: column names, what each means (the codebook), and how one
// stored answer becomes one tidy row. Pure, so the format is tested without a database.
import { createHash } from 'node:crypto';
import { methodLabelOf, type CatalogItem, type CatalogOption } from '@/lib/analysis/item-catalog';
import type { StimulusProvenance } from '@/lib/analysis/option-provenance';

export type ColumnDoc = { name: string; type: 'string' | 'integer' | 'boolean' | 'datetime' | 'json'; description: string };

/** A stable pseudonym per study: the same participant gets the same one in every export, and it
 * reveals neither the database id nor the recruitment platform's id. */
export function pseudonymOf(studyId: string, participantId: string): string {
  return `p_${createHash('sha256').update(`${studyId}:${participantId}`).digest('hex').slice(0, 12)}`;
}

/** A stored answer (JSON text) as text: choices joined by ";", numbers as digits, skipped as "". */
export function answerText(json: string | null): string {
  if (json === null) return '';
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    return json;
  }
  if (value === null || value === undefined) return '';
  if (Array.isArray(value)) return value.map(String).join(';');
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function answerValues(json: string): string[] {
  const text = answerText(json);
  return text === '' ? [] : text.split(';');
}

const participantColumns: ColumnDoc[] = [
  { name: 'participant', type: 'string', description: 'Pseudonym of the participant (stable within this study; not the recruitment id).' },
  { name: 'study_version', type: 'integer', description: 'Version of the study definition the participant answered.' },
  { name: 'condition', type: 'string', description: 'Between-subject condition assigned at consent (empty when the study has none).' },
  { name: 'status', type: 'string', description: 'consented (started, not finished) or completed.' },
  { name: 'excluded', type: 'boolean', description: 'true when any exclusion rule flags the participant (rules in the codebook).' },
];

export function longColumns(background: readonly CatalogItem[]): ColumnDoc[] {
  return [
    ...participantColumns,
    ...background.map((b): ColumnDoc => ({ name: `bg_${b.id}`, type: 'string', description: `Background answer to "${b.prompt}" (option values; several joined by ";").` })),
    { name: 'item', type: 'string', description: 'Item id (see items in the codebook).' },
    { name: 'item_type', type: 'string', description: 'Item kind: single-choice, multiple-choice, likert, free-text, image-choice, attention-check.' },
    { name: 'position', type: 'integer', description: "0-based position of the item in this participant's sequence, after shuffling." },
    { name: 'option_order', type: 'string', description: 'Option values in the order shown, joined by ";" (empty for items without options).' },
    { name: 'answer', type: 'string', description: 'The answer: option value(s) joined by ";", Likert point, or text; empty when skipped.' },
    { name: 'answer_method', type: 'string', description: 'Explanation method of the chosen image option(s), joined by ";" (image-choice items).' },
    { name: 'response_time_ms', type: 'integer', description: 'Time from showing the item to submitting the answer, measured in the browser.' },
    { name: 'answered_at', type: 'datetime', description: 'When the answer was stored (UTC, ISO 8601).' },
    { name: 'chosen_model', type: 'string', description: 'Model id of the chosen stimulus, from its provenance (empty when none recorded).' },
    { name: 'chosen_weights_hash', type: 'string', description: 'sha256 of the weights of that model.' },
    { name: 'chosen_params', type: 'json', description: 'Explanation method parameters of the chosen stimulus (JSON).' },
    { name: 'chosen_seed', type: 'integer', description: 'Random seed the chosen stimulus was generated with.' },
    { name: 'stimuli', type: 'json', description: 'Every option shown, in shown order, with its provenance: [{option, src, method, model, weights_hash, params, seed}].' },
  ];
}

export type StoredAnswer = { itemId: string; value: string; optionOrder: string | null; position: number; responseTimeMs: number | null; answeredAt: string };
export type ParticipantInfo = { pseudonym: string; version: number; condition: string | null; status: string; excluded: boolean; background: Map<string, string> };
export type ProvenanceOf = (option: CatalogOption | undefined) => StimulusProvenance | null;

export function longRow(options: { participant: ParticipantInfo; answer: StoredAnswer; item: CatalogItem | undefined; background: readonly CatalogItem[]; provenanceOf: ProvenanceOf }): Record<string, string | number | boolean> {
  const { participant, answer, item, provenanceOf } = options;
  const order = answer.optionOrder ? answerValues(answer.optionOrder) : (item?.options.map((o) => o.value) ?? []);
  const chosen = answerValues(answer.value);
  const optionOf = (v: string) => item?.options.find((o) => o.value === v);
  const chosenProvenance = chosen.map((v) => provenanceOf(optionOf(v)));
  const join = (xs: (string | number | null | undefined)[]) => (xs.every((x) => x === null || x === undefined) ? '' : xs.map((x) => (x === null || x === undefined ? '' : String(x))).join(';'));
  const isImage = item?.type === 'image-choice';
  const row: Record<string, string | number | boolean> = {
    participant: participant.pseudonym,
    study_version: participant.version,
    condition: participant.condition ?? '',
    status: participant.status,
    excluded: participant.excluded,
  };
  for (const b of options.background) row[`bg_${b.id}`] = participant.background.get(b.id) ?? '';
  Object.assign(row, {
    item: answer.itemId,
    item_type: item?.type ?? '',
    position: answer.position,
    option_order: item && item.options.length ? order.join(';') : '',
    answer: chosen.join(';'),
    answer_method: isImage ? chosen.map((v) => { const o = optionOf(v); return o ? methodLabelOf(o) : v; }).join(';') : '',
    response_time_ms: answer.responseTimeMs ?? '',
    answered_at: answer.answeredAt,
    chosen_model: join(chosenProvenance.map((p) => p?.model.id)),
    chosen_weights_hash: join(chosenProvenance.map((p) => p?.model.weightsHash)),
    chosen_params: chosenProvenance.some((p) => p) ? JSON.stringify(chosenProvenance.map((p) => p?.params ?? null)) : '',
    chosen_seed: join(chosenProvenance.map((p) => p?.seed)),
    stimuli: isImage
      ? JSON.stringify(order.map((v) => {
          const o = optionOf(v);
          const p = provenanceOf(o);
          return { option: v, src: o?.src ?? null, method: o?.method ?? p?.method ?? null, model: p?.model.id ?? null, weights_hash: p?.model.weightsHash ?? null, params: p?.params ?? null, seed: p?.seed ?? null };
        }))
      : '',
  });
  return row;
}

export function wideColumns(items: readonly CatalogItem[]): ColumnDoc[] {
  return [
    ...participantColumns,
    { name: 'consented_at', type: 'datetime', description: 'When the participant consented (UTC).' },
    { name: 'completed_at', type: 'datetime', description: 'When the participant completed (UTC; empty if not finished).' },
    ...items.flatMap((i): ColumnDoc[] => [
      { name: i.id, type: 'string', description: `Answer to "${i.prompt}" (${i.type}; option values joined by ";").` },
      { name: `${i.id}__ms`, type: 'integer', description: `Response time for ${i.id} in milliseconds.` },
    ]),
  ];
}

export function buildCodebook(options: {
  study: { slug: string; title: string };
  versions: number[];
  items: readonly CatalogItem[];
  exclusionRules: readonly { id: string; label: string; rule: string }[];
  provenanceOf: ProvenanceOf;
}) {
  const background = options.items.filter((i) => i.background);
  return {
    study: options.study,
    versions: options.versions,
    files: {
      csv: { description: 'Tidy long format: one row per stored answer.', columns: longColumns(background) },
      json: { description: 'The same rows as the long CSV, as a JSON array of objects.', columns: longColumns(background) },
      wide: { description: 'One row per participant, one answer column and one time column per item.', columns: wideColumns(options.items) },
    },
    items: options.items.map((i) => ({
      id: i.id,
      type: i.type,
      prompt: i.prompt,
      background: i.background,
      multiple: i.multiple,
      correct: i.attentionCorrect,
      options: i.options.map((o) => ({ value: o.value, label: o.label, method: o.method, src: o.src, generated: o.generated, provenance: options.provenanceOf(o) })),
    })),
    exclusionRules: options.exclusionRules,
  };
}
