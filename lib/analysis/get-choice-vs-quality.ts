import 'server-only';
// Human judgement next to the automatic measures (issue #12 item 2): for every generated stimulus a
// method question showed, how often the participants who answered that question chose it, beside its
// quality report (deletion/insertion faithfulness, face test, …), and per method the rank correlation
// between being chosen and each measure: do people prefer the faithful explanation?
// A stimulus's choice share depends on what it was shown next to, so correlations are taken within a
// method (its stimuli across questions), never across methods.
import { getDb } from '@/lib/db';
import type { AnalysisScope } from '@/lib/analysis/load-analysis-scope';
import type { Exclusions } from '@/lib/analysis/compute-exclusions';
import { choiceCountsFor, type ChoiceCounts } from '@/lib/analysis/load-choice-counts';
import type { IncludeSelection } from '@/lib/analysis/analysis-query-schema';
import { isMethodItem } from '@/lib/analysis/get-pooled-preference';
import { itemShortLabel } from '@/lib/analysis/item-labels';
import { loadStimulusMaps } from '@/lib/analysis/stimulus-provenance';
import { spearmanTest, type SpearmanResult } from '@/lib/analysis/statistics/spearman-test';
import { parseQualityReport } from '@/lib/explainers/quality/quality-report';
import { measureDirection, type MeasureDirection } from '@/lib/analysis/quality-measure-direction';

export type StimulusChoice = {
  itemId: string;
  /** The question, short: id, model and face. */
  itemLabel: string;
  option: string;
  method: string;
  /** Null for options whose image the server does not generate (no quality report). */
  stimulusId: string | null;
  /** Participants who answered the question, and how many of them chose this stimulus. */
  shown: number;
  chosen: number;
  /** chosen ÷ shown; null when nobody answered. */
  share: number | null;
  weak: boolean | null;
  /** The numeric measures of its quality report. */
  measures: { id: string; label: string; value: number }[];
};

export type MethodCorrelation = {
  method: string;
  measureId: string;
  label: string;
  /** Which way is better for the measure (e.g. deletion ratio: lower), so ρ's sign can be read. */
  direction: MeasureDirection;
  test: SpearmanResult;
};

export type ChoiceVsQuality = { stimuli: StimulusChoice[]; correlations: MethodCorrelation[]; methods: string[] };

export async function getChoiceVsQuality(options: { scope: AnalysisScope; exclusions: Exclusions; include: IncludeSelection; counts?: ChoiceCounts }): Promise<ChoiceVsQuality | null> {
  const { scope } = options;
  const items = scope.items.filter(isMethodItem);
  if (items.length === 0) return null;
  const ids = items.map((i) => i.id);
  const db = getDb();
  const counts = await choiceCountsFor(options, ids);
  const maps = await loadStimulusMaps(scope.versions.filter((v) => scope.versionIds.includes(v.id)));
  const answered = new Map(counts.answered.map((r) => [`${r.versionId}|${r.itemId}`, r.n]));
  const chosen = new Map(counts.chosen.map((r) => [`${r.versionId}|${r.itemId}|${r.choice}`, r.n]));

  // One row per (question, option, stimulus): pooled versions that showed the same stimulus in the
  // same question add up; a regenerated stimulus is a different image and gets its own row.
  const rows = new Map<string, StimulusChoice>();
  for (const v of scope.versionItems) {
    const map = maps.get(v.version) ?? {};
    for (const item of v.items.filter((i) => ids.includes(i.id))) {
      const shown = answered.get(`${v.versionId}|${item.id}`) ?? 0;
      for (const o of item.options) {
        if (!o.method) continue;
        const stimulusId = (o.generated && map[`${item.id}/${o.value}`]) || null;
        const key = `${item.id}|${o.value}|${stimulusId ?? `v${v.version}`}`;
        const row = rows.get(key) ?? { itemId: item.id, itemLabel: itemShortLabel(item), option: o.value, method: o.method, stimulusId, shown: 0, chosen: 0, share: null, weak: null, measures: [] };
        row.shown += shown;
        row.chosen += chosen.get(`${v.versionId}|${item.id}|${o.value}`) ?? 0;
        rows.set(key, row);
      }
    }
  }
  const stimulusIds = [...new Set([...rows.values()].flatMap((r) => (r.stimulusId ? [r.stimulusId] : [])))];
  const reports = new Map(
    (stimulusIds.length ? await db.stimulus.findMany({ where: { id: { in: stimulusIds } }, select: { id: true, quality: true } }) : []).map((s) => [s.id, parseQualityReport(s.quality)]),
  );
  const stimuli = [...rows.values()].map((r) => {
    const report = r.stimulusId ? reports.get(r.stimulusId) : null;
    return {
      ...r,
      share: r.shown > 0 ? r.chosen / r.shown : null,
      weak: report ? report.weak : null,
      measures: (report?.measures ?? []).flatMap((m) => (typeof m.value === 'number' && Number.isFinite(m.value) ? [{ id: m.id, label: m.label, value: m.value }] : [])),
    };
  });
  const methods = [...new Set(stimuli.map((s) => s.method))];
  return { stimuli, methods, correlations: correlate(stimuli, methods) };
}

/** Per method and measure: Spearman's ρ between choice share and the measure over that method's stimuli. */
export function correlate(stimuli: readonly StimulusChoice[], methods: readonly string[]): MethodCorrelation[] {
  const out: MethodCorrelation[] = [];
  for (const method of methods) {
    const own = stimuli.filter((s) => s.method === method && s.share !== null);
    const measureIds = [...new Set(own.flatMap((s) => s.measures.map((m) => m.id)))];
    for (const measureId of measureIds) {
      const pairs = own.flatMap((s) => {
        const m = s.measures.find((x) => x.id === measureId);
        return m && s.share !== null ? [{ share: s.share, value: m.value, label: m.label }] : [];
      });
      if (pairs.length < 3) continue;
      out.push({
        method, measureId, label: pairs[0]?.label ?? measureId, direction: measureDirection(measureId),
        test: spearmanTest(pairs.map((p) => p.share), pairs.map((p) => p.value), { seed: `choice-vs-quality:${method}:${measureId}` }),
      });
    }
  }
  return out;
}
