// The shape of the response exports: column names, what each means (the codebook), and how one
// stored answer becomes one tidy row. Pure, so the format is tested without a database.
import { createHash } from 'node:crypto';
import { hasImageOptions, methodLabelOf, type CatalogItem, type CatalogOption } from '@/lib/analysis/item-catalog';
import type { StimulusProvenance } from '@/lib/analysis/option-provenance';
import { csvTextNote } from '@/lib/analysis/csv-line';

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
    { name: 'item_type', type: 'string', description: 'Item kind: single-choice, multiple-choice, likert, free-text, image-choice, attention-check, intruder, coherency.' },
    { name: 'position', type: 'integer', description: "0-based position of the item in this participant's sequence, after shuffling." },
    { name: 'option_order', type: 'string', description: 'Option values in the order shown, joined by ";" (empty for items without options).' },
    { name: 'answer', type: 'string', description: 'The answer: option value(s) joined by ";", Likert point, or text; empty when skipped.' },
    { name: 'answer_method', type: 'string', description: 'Explanation method of the chosen image option(s), joined by ";" (image-choice items).' },
    { name: 'is_correct', type: 'boolean', description: 'For items with a right answer (intruder trials, attention checks): whether the answer was it; empty otherwise or when skipped.' },
    { name: 'probe_layer', type: 'string', description: 'Intruder and coherency items: the layer they probe (empty otherwise).' },
    { name: 'probe_unit', type: 'string', description: 'Intruder and coherency items: the unit (e.g. channel) they probe, if given.' },
    { name: 'probe_concept', type: 'string', description: 'Intruder and coherency items: the concept they probe, if given.' },
    { name: 'response_time_ms', type: 'integer', description: 'Time from showing the item to submitting the answer, measured in the browser.' },
    { name: 'answered_at', type: 'datetime', description: 'When the answer was stored (UTC, ISO 8601).' },
    { name: 'chosen_model', type: 'string', description: 'Model id of the chosen stimulus, from its provenance (empty when none recorded).' },
    { name: 'chosen_weights_hash', type: 'string', description: 'sha256 of the weights of that model.' },
    { name: 'chosen_params', type: 'json', description: 'Explanation method parameters of the chosen stimulus (JSON).' },
    { name: 'chosen_seed', type: 'integer', description: 'Random seed the chosen stimulus was generated with.' },
    { name: 'chosen_weak', type: 'boolean', description: 'Whether the chosen stimulus failed a quality gate (its quality report; README "Stimulus quality"), joined by ";"; empty when no report exists.' },
    { name: 'stimuli', type: 'json', description: 'Every image shown with its provenance, from the generated stimulus record where there is one: image options in shown order as [{option, src, method, model, weights_hash, params, seed, weak, quality: {weak, reasons, measures}}]; the images of coherency items as [{image, …}].' },
  ];
}

export type StoredAnswer = { itemId: string; value: string; optionOrder: string | null; position: number; responseTimeMs: number | null; answeredAt: string };
export type ParticipantInfo = { pseudonym: string; version: number; condition: string | null; status: string; excluded: boolean; background: Map<string, string> };
/** The provenance of an option's image as shown in one version (stimuli can differ between versions). */
export type ProvenanceOf = (where: { version: number; itemId: string }, option: CatalogOption | undefined) => StimulusProvenance | null;

type OptionInfo = { option: CatalogOption; method: string; provenance: StimulusProvenance | null };
type ItemInfo = { item: CatalogItem; byValue: Map<string, OptionInfo>; isImage: boolean; gallery: string };

function stimulusEntry(value: string, o: OptionInfo | undefined, key: 'option' | 'image') {
  const p = o?.provenance ?? null;
  return { [key]: value, src: o?.option.src ?? null, method: o?.option.method ?? p?.method ?? null, model: p?.model.id ?? null, weights_hash: p?.model.weightsHash ?? null, params: p?.params ?? null, seed: p?.seed ?? null, weak: p?.quality?.weak ?? null, quality: p?.quality ?? null };
}

type ChosenColumns = { head: (string | boolean)[]; tail: string[] };
const joinOrEmpty = (xs: (string | number | null | undefined)[]) => (xs.every((x) => x === null || x === undefined) ? '' : xs.map((x) => (x === null || x === undefined ? '' : String(x))).join(';'));

/** answer, answer_method, is_correct … chosen_model, chosen_weights_hash, chosen_params, chosen_seed, chosen_weak. */
function chosenColumns(info: ItemInfo | null, value: string): ChosenColumns {
  const chosen = answerValues(value);
  const provenance = info?.isImage ? chosen.map((v) => info.byValue.get(v)?.provenance ?? null) : [];
  const correct = info?.item.correct ?? null;
  return {
    head: [
      chosen.join(';'),
      info?.isImage ? chosen.map((v) => info.byValue.get(v)?.method ?? v).join(';') : '',
      correct === null || chosen.length === 0 ? '' : chosen.length === 1 && chosen[0] === correct,
    ],
    tail: [
      joinOrEmpty(provenance.map((p) => p?.model.id)),
      joinOrEmpty(provenance.map((p) => p?.model.weightsHash)),
      provenance.some((p) => p) ? JSON.stringify(provenance.map((p) => p?.params ?? null)) : '',
      joinOrEmpty(provenance.map((p) => p?.seed)),
      joinOrEmpty(provenance.map((p) => (p?.quality ? String(p.quality.weak) : null))),
    ],
  };
}

/**
 * Writes long rows as value arrays in `longColumns` order. Per (version, item) it precomputes option
 * lookups and provenance, and it memoises the columns that depend only on the order shown (a handful
 * of distinct shuffles per item), because an export writes one row per answer and the target is per row.
 */
export function makeLongRowWriter(options: {
  items: readonly CatalogItem[];
  background: readonly CatalogItem[];
  provenanceOf: ProvenanceOf;
  /** Each version's own items (by version number): rows describe and score answers by the definition the participant saw. */
  versionItems?: readonly { version: number; items: readonly CatalogItem[] }[];
}) {
  const { background, provenanceOf } = options;
  const itemById = new Map(options.items.map((i) => [i.id, i]));
  const ownItems = new Map((options.versionItems ?? []).map((v) => [v.version, new Map(v.items.map((i) => [i.id, i]))]));
  const perItem = new Map<string, ItemInfo | null>();
  const infoOf = (version: number, itemId: string): ItemInfo | null => {
    const key = `${version}\u0000${itemId}`;
    const hit = perItem.get(key);
    if (hit !== undefined) return hit;
    const item = ownItems.get(version)?.get(itemId) ?? itemById.get(itemId);
    let info: ItemInfo | null = null;
    if (item) {
      const where = { version, itemId };
      const describe = (o: CatalogOption): [string, OptionInfo] => [o.value, { option: o, method: methodLabelOf(o), provenance: provenanceOf(where, o) }];
      info = {
        item,
        byValue: new Map(item.options.map(describe)),
        isImage: hasImageOptions(item),
        gallery: item.images.length ? JSON.stringify(item.images.map(describe).map(([v, o]) => stimulusEntry(v, o, 'image'))) : '',
      };
    }
    perItem.set(key, info);
    return info;
  };
  const orderMemo = new Map<string, { orderText: string; stimuli: string }>();
  const chosenMemo = new Map<string, ChosenColumns>();

  return (participant: ParticipantInfo, answer: StoredAnswer): (string | number | boolean)[] => {
    const info = infoOf(participant.version, answer.itemId);
    const memoKey = `${participant.version}\u0000${answer.itemId}\u0000${answer.optionOrder ?? ''}`;
    let shown = orderMemo.get(memoKey);
    if (!shown) {
      const order = answer.optionOrder ? answerValues(answer.optionOrder) : (info?.item.options.map((o) => o.value) ?? []);
      shown = {
        orderText: info && info.item.options.length ? order.join(';') : '',
        stimuli: info?.isImage ? JSON.stringify(order.map((v) => stimulusEntry(v, info.byValue.get(v), 'option'))) : (info?.gallery ?? ''),
      };
      // Items with many shuffled options can show a new order to nearly every participant: bounded.
      if (orderMemo.size >= 4096) orderMemo.clear();
      orderMemo.set(memoKey, shown);
    }
    // Columns that depend only on the answer given: memoised for items with options (a handful of
    // distinct answers each); free text is computed per row so the memo cannot grow with the study.
    const chosenKey = `${participant.version}\u0000${answer.itemId}\u0000${answer.value}`;
    const memoise = (info?.item.options.length ?? 0) > 0;
    let chosenCols = memoise ? chosenMemo.get(chosenKey) : undefined;
    if (!chosenCols) {
      chosenCols = chosenColumns(info, answer.value);
      if (memoise) {
        if (chosenMemo.size >= 4096) chosenMemo.clear();
        chosenMemo.set(chosenKey, chosenCols);
      }
    }
    const probe = info?.item.probe ?? null;
    return [
      participant.pseudonym,
      participant.version,
      participant.condition ?? '',
      participant.status,
      participant.excluded,
      ...background.map((b) => participant.background.get(b.id) ?? ''),
      answer.itemId,
      info?.item.type ?? '',
      answer.position,
      shown.orderText,
      ...chosenCols.head,
      probe?.layer ?? '',
      probe ? (probe.unit ?? '') : '',
      probe ? (probe.concept ?? '') : '',
      answer.responseTimeMs ?? '',
      answer.answeredAt,
      ...chosenCols.tail,
      shown.stimuli,
    ];
  };
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

/** `{ correctByVersion: { "1": "d", "2": "e" } }` when analysed versions disagree on the right answer. */
function correctByVersion(itemId: string, versions: readonly { version: number; items: readonly CatalogItem[] }[]) {
  const byVersion = versions.flatMap((v) => {
    const correct = v.items.find((i) => i.id === itemId)?.correct;
    return correct ? [[String(v.version), correct] as const] : [];
  });
  return new Set(byVersion.map(([, c]) => c)).size > 1 ? { correctByVersion: Object.fromEntries(byVersion) } : {};
}

export function buildCodebook(options: {
  study: { slug: string; title: string };
  versions: number[];
  items: readonly CatalogItem[];
  exclusionRules: readonly { id: string; label: string; rule: string }[];
  provenanceOf: ProvenanceOf;
  /** Each analysed version's own items: right answers are listed per version when they differ. */
  versionItems?: readonly { version: number; items: readonly CatalogItem[] }[];
}) {
  // The codebook describes the latest analysed version's stimuli; rows carry each version's own.
  const latest = Math.max(0, ...options.versions);
  const background = options.items.filter((i) => i.background);
  return {
    study: options.study,
    versions: options.versions,
    files: {
      csv: { description: `Tidy long format: one row per stored answer. ${csvTextNote}`, columns: longColumns(background) },
      json: { description: 'The same rows as the long CSV, as a JSON array of objects, with every value exactly as stored.', columns: longColumns(background) },
      wide: { description: `One row per participant, one answer column and one time column per item. ${csvTextNote}`, columns: wideColumns(options.items) },
    },
    items: options.items.map((i) => ({
      id: i.id,
      type: i.type,
      prompt: i.prompt,
      background: i.background,
      multiple: i.multiple,
      correct: i.correct,
      ...correctByVersion(i.id, options.versionItems ?? []),
      probe: i.probe,
      options: i.options.map((o) => ({ value: o.value, label: o.label, method: o.method, src: o.src, generated: o.generated, provenance: options.provenanceOf({ version: latest, itemId: i.id }, o) })),
      ...(i.images.length ? { images: i.images.map((o) => ({ value: o.value, label: o.label, src: o.src, generated: o.generated, provenance: options.provenanceOf({ version: latest, itemId: i.id }, o) })) } : {}),
    })),
    exclusionRules: options.exclusionRules,
  };
}
