// Coherency: do participants agree on what a unit's or concept's images have in common? Per item the
// most chosen label with its share (Wilson interval) and the pairwise agreement against what random
// choice would give; per layer Krippendorff's alpha (nominal), which allows any number of raters per
// item, as happens with exclusions and unfinished participants. Alpha's chance correction assumes
// every item offers the same labels, so items of a layer with different label sets get separate rows.
import { computeWilsonInterval } from '@/lib/analysis/statistics/wilson-interval';
import { krippendorffAlphaNominal, pairwiseAgreement } from '@/lib/analysis/statistics/krippendorff-alpha';
import { layerLabel, probeLabel } from '@/lib/analysis/accuracy-stats';
import type { CatalogItem } from '@/lib/analysis/item-catalog';

export type LabelCount = { itemId: string; value: string; count: number };
export type AgreementItem = {
  itemId: string;
  prompt: string;
  layer: string;
  probe: string;
  raters: number;
  labels: { value: string; label: string; count: number }[];
  /** The most chosen label; `tie` when another label was chosen as often (the first listed is shown). */
  modal: { value: string; label: string; count: number; share: number; lower: number; upper: number; tie: boolean } | null;
  /** Chance that two participants gave the same label; null with fewer than two. */
  pairwise: number | null;
  /** The same if everyone chose at random among the labels: 1 / labels. */
  chancePairwise: number;
};
export type AgreementLayer = { layer: string; labels: string[]; items: number; raters: number; alpha: number | null; pairable: number };
export type AgreementSummary = { items: AgreementItem[]; layers: AgreementLayer[] };

export function isCoherencyItem(item: CatalogItem): boolean {
  return item.type === 'coherency' && item.probe !== null;
}

/**
 * `items` name the labels (merged across versions, so an older version's label still reads as one);
 * `current` gives each item's label set as the latest analysed version offers it, which sets chance
 * agreement and which items share an alpha.
 */
export function summariseAgreement(items: readonly CatalogItem[], counts: readonly LabelCount[], current: ReadonlyMap<string, CatalogItem> = new Map()): AgreementSummary {
  const rows = items.filter(isCoherencyItem).map((item): AgreementItem & { unit: Map<string, number>; labelSet: string[]; setKey: string } => {
    const offered = current.get(item.id)?.options ?? item.options;
    const unit = new Map<string, number>();
    for (const c of counts) if (c.itemId === item.id) unit.set(c.value, (unit.get(c.value) ?? 0) + c.count);
    const raters = [...unit.values()].reduce((s, x) => s + x, 0);
    const known = new Set(item.options.map((o) => o.value));
    const labels = [...item.options.map((o) => ({ value: o.value, label: o.label })), ...[...unit.keys()].filter((v) => !known.has(v)).map((v) => ({ value: v, label: v }))]
      .map((l) => ({ ...l, count: unit.get(l.value) ?? 0 }));
    const top = labels.reduce<(typeof labels)[number] | null>((best, l) => (l.count > 0 && (!best || l.count > best.count) ? l : best), null);
    const tie = top !== null && labels.filter((l) => l.count === top.count).length > 1;
    const ci = top ? computeWilsonInterval(top.count, raters) : null;
    const probe = item.probe ?? { layer: '?' };
    return {
      itemId: item.id,
      prompt: item.prompt,
      layer: layerLabel(probe),
      probe: probeLabel(probe),
      raters,
      labels,
      modal: top && ci ? { ...top, share: top.count / raters, lower: ci.lower, upper: ci.upper, tie } : null,
      pairwise: pairwiseAgreement(unit),
      chancePairwise: 1 / Math.max(1, offered.length),
      unit,
      labelSet: offered.map((o) => o.label),
      setKey: `${layerLabel(probe)}\u0000${offered.map((o) => o.value).sort().join('\u0000')}`,
    };
  });
  const layers = [...new Set(rows.map((r) => r.setKey))].map((key): AgreementLayer => {
    const mine = rows.filter((r) => r.setKey === key);
    const a = krippendorffAlphaNominal(mine.map((r) => r.unit));
    return { layer: mine[0]?.layer ?? '', labels: mine[0]?.labelSet ?? [], items: mine.length, raters: mine.reduce((s, r) => s + r.raters, 0), alpha: a.alpha, pairable: a.pairable };
  });
  return { items: rows.map((r): AgreementItem => ({ itemId: r.itemId, prompt: r.prompt, layer: r.layer, probe: r.probe, raters: r.raters, labels: r.labels, modal: r.modal, pairwise: r.pairwise, chancePairwise: r.chancePairwise })), layers };
}
