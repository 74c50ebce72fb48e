// Example respondents of a study, generated: the survey's composition exactly (lib/example-data/
// example-profile.ts), everyone completing, each walking the study as a real participant does — their
// own shuffle seed and sequence (lib/participation/plan-sequence.ts: shuffled blocks and options,
// conditional items), every answer validated by the participant path's own answer schema, and
// log-normal item times. Pure and deterministic for (study, seed): no clock, no Math.random.
import { allItems, type Study } from '@/lib/studies/study-schema';
import { planSequence, sequenceState } from '@/lib/participation/plan-sequence';
import { parseAnswer, type AnswerValue } from '@/lib/participation/answer-schema';
import { createSeededRandom } from '@/lib/analysis/statistics/seeded-random';
import { answerExampleItem, respondentOf, type CompositionItems, type Random } from '@/lib/example-data/answer-example-item';
import { EXAMPLE_CROSS, MEDIAN_SECONDS, PERSONAL_SPREAD, type Persona } from '@/lib/example-data/example-profile';

/** Example respondents are named example-001 … in their external id, so exports show what they are. */
export const EXAMPLE_ID_PREFIX = 'example-';
/** Arrivals spread over two weeks from here (a fixed date, so the data do not depend on when they were made). */
const DEFAULT_START = Date.UTC(2026, 9, 5);
const ARRIVAL_DAYS = 14;

export type ExampleResponse = { itemId: string; value: AnswerValue; optionOrder: string[] | null; position: number; responseTimeMs: number; answeredAt: Date };
export type ExampleParticipant = {
  externalId: string;
  /** Shuffle seed, as the consent step draws it for a real participant. */
  seed: number;
  condition: string | null;
  persona: Persona;
  startedAt: Date;
  consentedAt: Date;
  completedAt: Date;
  completionCode: string;
  responses: ExampleResponse[];
};

/** The first two unconditional single-choice background items: practitioner, then XAI use. Their first option means "yes". */
export function compositionItemsOf(study: Study): CompositionItems {
  const [practitioner, xaiUser] = allItems(study).flatMap((i) => (i.type === 'single-choice' && i.background && !i.showIf ? [i] : []));
  if (!practitioner || !xaiUser) throw new Error(`${study.slug}: example data need two single-choice background items (practitioner, used explainability methods).`);
  const yesNo = (item: typeof practitioner) => ({ id: item.id, yes: item.options[0]?.value ?? '', no: item.options[1]?.value ?? '' });
  return { practitioner: yesNo(practitioner), xaiUser: yesNo(xaiUser) };
}

/** Standard normal from two uniforms (Box–Muller). */
function normal(random: Random): number {
  return Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

function shuffled<T>(values: readonly T[], random: Random): T[] {
  const out = [...values];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

export function buildExampleParticipants(options: { study: Study; seed: number; start?: number }): ExampleParticipant[] {
  const { study } = options;
  const composition = compositionItemsOf(study);
  const random = createSeededRandom(`example-data:${options.seed}`);
  const personas = shuffled(EXAMPLE_CROSS.flatMap(({ practitioner, xaiUser, count }) => Array.from({ length: count }, (): Persona => ({ practitioner, xaiUser }))), random);
  // Daytime arrivals over two weeks, numbered in order of arrival.
  const start = options.start ?? DEFAULT_START;
  const arrivals = personas.map(() => start + Math.floor(random() * ARRIVAL_DAYS) * 86_400_000 + (8 + random() * 14) * 3_600_000).sort((a, b) => a - b);
  const methods = [...new Set(allItems(study).flatMap((i) => (i.type === 'image-choice' ? i.options.flatMap((o) => o.method ?? o.generate?.method ?? []) : [])))];
  const conditions = (study.conditions ?? []).map((c) => c.id);

  return personas.map((persona, k) => {
    // One stream per respondent: changing one item's answers does not reshuffle everyone else's.
    const r = createSeededRandom(`example-data:${options.seed}:respondent:${k}`);
    const seed = Math.floor(r() * 0x7fffffff);
    // Everyone completes, so least-filled assignment is round-robin in order of arrival.
    const condition = conditions.length ? (conditions[k % conditions.length] ?? null) : null;
    const respondent = respondentOf(persona, methods, PERSONAL_SPREAD, r);
    const speed = Math.exp(0.25 * normal(r));
    const consentedAt = arrivals[k] ?? start;
    const plan = planSequence(study, seed, condition);
    const answers = new Map<string, unknown>();
    const responses: ExampleResponse[] = [];
    let clock = consentedAt;
    for (let state = sequenceState(plan, answers); state.next; state = sequenceState(plan, answers)) {
      const { item, optionOrder } = state.next;
      const raw = answerExampleItem(item, respondent, composition, r);
      const parsed = parseAnswer(item, raw);
      if (!parsed.ok) throw new Error(`Example answer to "${item.id}" is not valid: ${parsed.message}`);
      const kind = item.type === 'page' ? item.role : item.type === 'free-text' && parsed.value !== null ? 'free-text-written' : item.type;
      const responseTimeMs = Math.round((MEDIAN_SECONDS[kind] ?? 6) * 1000 * speed * Math.exp(0.45 * normal(r)));
      // The next page loads between one answer and the next item being shown.
      clock += 400 + Math.round(r() * 900) + responseTimeMs;
      responses.push({ itemId: item.id, value: parsed.value, optionOrder, position: state.position, responseTimeMs, answeredAt: new Date(clock) });
      answers.set(item.id, parsed.value);
    }
    const number = String(k + 1).padStart(3, '0');
    return {
      externalId: `${EXAMPLE_ID_PREFIX}${number}`,
      seed,
      condition,
      persona,
      // Reading the consent page before agreeing.
      startedAt: new Date(consentedAt - Math.round(35_000 * Math.exp(0.5 * normal(r)))),
      consentedAt: new Date(consentedAt),
      completedAt: new Date(clock),
      completionCode: study.completion.code ?? `EXAMPLE${number}`,
      responses,
    };
  });
}
