// A participant's sequence: blocks in order, items shuffled within blocks that ask for it, options
// shuffled per item, then filtered by condition. Pure and deterministic for (study, seed, condition),
// so the order never needs storing beyond the seed, and resuming shows exactly the same order.
import { optionValues, type Item, type Study } from '@/lib/studies/study-schema';
import { seededShuffle } from '@/lib/participation/shuffle';

export interface PlannedItem {
  item: Item;
  blockId: string;
  /** Option values in display order, or null for items without options. */
  optionOrder: string[] | null;
}

function shuffledOptions(item: Item, seed: number): string[] | null {
  const values = optionValues(item);
  if (!values) return null;
  const shuffle = 'shuffleOptions' in item && item.shuffleOptions;
  return shuffle ? seededShuffle(values, seed, `options:${item.id}`) : values;
}

function inCondition(conditions: readonly string[] | undefined, condition: string | null): boolean {
  return !conditions || (condition !== null && conditions.includes(condition));
}

export function planSequence(study: Study, seed: number, condition: string | null): PlannedItem[] {
  const planned: PlannedItem[] = [];
  for (const block of study.blocks) {
    if (!inCondition(block.conditions, condition)) continue;
    const items = block.shuffle ? seededShuffle(block.items, seed, `block:${block.id}`) : block.items;
    for (const item of items) {
      if (!inCondition(item.conditions, condition)) continue;
      planned.push({ item, blockId: block.id, optionOrder: shuffledOptions(item, seed) });
    }
  }
  return planned;
}

/** Answers so far, by item id, as stored (string, string[], number, true for pages, null for skipped). */
export type AnswerMap = ReadonlyMap<string, unknown>;

export function isVisible(item: Item, answers: AnswerMap): boolean {
  if (!item.showIf) return true;
  const answer = answers.get(item.showIf.item);
  const wanted = item.showIf.equals !== undefined ? [item.showIf.equals] : (item.showIf.in ?? []);
  const given = Array.isArray(answer) ? answer.map(String) : answer === undefined || answer === null ? [] : [String(answer)];
  return given.some((g) => wanted.includes(g));
}

export interface SequenceState {
  /** The next item to answer, or null when the participant is done. */
  next: PlannedItem | null;
  /** Position of the next item among the visible items (0-based). */
  position: number;
  /** Visible items in total, counting those still to come whose conditions are already decided. */
  total: number;
  answered: number;
  /** The same counts over questions only (items answered with an input, i.e. not information pages). */
  questions: { total: number; answered: number };
}

/**
 * Where a participant stands. Conditional items whose trigger is not answered yet count as visible
 * for the progress bar (it may shrink later, never jump backwards in answered count).
 */
export function sequenceState(plan: readonly PlannedItem[], answers: AnswerMap): SequenceState {
  let next: PlannedItem | null = null;
  let position = 0;
  let total = 0;
  let answered = 0;
  const questions = { total: 0, answered: 0 };
  for (const p of plan) {
    const decided = !p.item.showIf || answers.has(p.item.showIf.item);
    if (decided && !isVisible(p.item, answers)) continue;
    const question = p.item.type !== 'page';
    total++;
    if (question) questions.total++;
    if (answers.has(p.item.id)) {
      answered++;
      if (question) questions.answered++;
      continue;
    }
    if (!next && decided) {
      next = p;
      position = total - 1;
    }
  }
  return { next, position, total, answered, questions };
}
