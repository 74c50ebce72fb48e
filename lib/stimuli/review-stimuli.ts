import 'server-only';
// The stimulus review of one study definition and its generated images: a row per item that has
// generated images (image-choice: the face first, then each option; intruder and coherency: each
// image), each cell with its generation status and quality report, the set-level distinctness of the
// visualisations merged in. Shared by the review page, the sheet CLI and the publish check.
import { z } from 'zod';
import { getDb } from '@/lib/db';
import { listModels } from '@/lib/explainers/models/registry';
import { buildReport, parseQualityReport, withMeasures, type QualityReport } from '@/lib/explainers/quality/quality-report';
import { allItems, type Study } from '@/lib/studies/study-schema';
import { assessSetDistinctness, visualisationTarget } from '@/lib/stimuli/assess-set-distinctness';
import { labelImageRefs, thumbnailUrl } from '@/lib/images/image-ref-labels';

export type CellStatus = 'queued' | 'running' | 'done' | 'failed' | 'cancelled' | 'missing';

export interface ReviewCell {
  /** "<itemId>/<option value|context>", as in the version's stimulus map. */
  key: string;
  /** Option or image value; "context" for the face an image-choice item shows. */
  value: string;
  /** A name a researcher recognises, e.g. "q3_gender · inversion (faces:01_….jpg)" or "… (portrait.jpg (upload 3f2a9c1b))". */
  name: string;
  stimulusId: string;
  /** The researcher image route; null until the image is finished. */
  imageUrl: string | null;
  method: string;
  model: string;
  sourceRef: string;
  /** What the image explains: "predicts female", "predicted: female", "dense2 channel 5". */
  target: string;
  status: CellStatus;
  error: string | null;
  quality: QualityReport | null;
  weak: boolean;
  /** E.g. "odd one out" for an intruder trial's correct image. */
  note: string | null;
}

export interface ReviewRow {
  itemId: string;
  type: 'image-choice' | 'intruder' | 'coherency';
  prompt: string;
  model: string;
  /** The reference of the face the item's images are generated from ('' when none). */
  face: string;
  /** That face as researchers know it: a library file, or an upload's file name (never its hash alone). */
  faceLabel: string;
  /** Its thumbnail, when the review is of a study (the sheet CLI has no pages to link). */
  faceThumbnailUrl: string | null;
  cells: ReviewCell[];
}

export interface ReviewSummary {
  total: number;
  done: number;
  failed: number;
  /** Queued, running, or (for a draft) not requested yet. */
  pending: number;
  weak: number;
  /** Finished explanations without a quality report (generated before reports existed); faces have none. */
  unassessed: number;
  weakList: { key: string; name: string; stimulusId: string; reasons: string[] }[];
}

export interface StimulusReview {
  rows: ReviewRow[];
  summary: ReviewSummary;
}

const predictionSchema = z.object({ label: z.string(), probabilities: z.record(z.string(), z.number()).optional() });

function readPrediction(json: string | null): z.infer<typeof predictionSchema> | undefined {
  if (!json) return undefined;
  try {
    const p = predictionSchema.safeParse(JSON.parse(json));
    return p.success ? p.data : undefined;
  } catch {
    return undefined;
  }
}

/** The face carries the model's prediction; its confidence tells whether the question is clear-cut. */
function faceTarget(prediction: z.infer<typeof predictionSchema> | undefined): string {
  if (!prediction) return 'prediction pending';
  const p = prediction.probabilities?.[prediction.label];
  return `predicts ${prediction.label}${p === undefined ? '' : ` (p = ${p.toFixed(2)})`}`;
}

const statusSchema = z.enum(['queued', 'running', 'done', 'failed', 'cancelled']);

export async function reviewStimuli(options: { study: Study; stimulusMap: Record<string, string>; studyId?: string }): Promise<StimulusReview> {
  const ids = [...new Set(Object.values(options.stimulusMap))];
  const rows = ids.length
    ? await getDb().stimulus.findMany({
        where: { id: { in: ids } },
        select: { id: true, spec: true, kind: true, modelId: true, method: true, sourceRef: true, prediction: true, quality: true, weak: true, job: { select: { status: true, error: true } } },
      })
    : [];
  const byId = new Map(rows.map((r) => [r.id, r]));
  const labels = new Map(listModels().map((m) => [m.id, m.labels ?? undefined]));

  const targetOf = new Map<string, string>();
  for (const r of rows) {
    const prediction = readPrediction(r.prediction);
    const predicted = prediction?.label;
    targetOf.set(r.id, r.kind === 'visualization' ? visualisationTarget(r.spec, predicted, labels.get(r.modelId)) : r.method === 'face' ? faceTarget(prediction) : explainedTarget(r.spec, predicted));
  }
  const done = rows.filter((r) => r.job?.status === 'done');
  const distinct = await assessSetDistinctness(done.filter((r) => r.kind === 'visualization').map((r) => ({ id: r.id, model: r.modelId, targetKey: targetOf.get(r.id) ?? '' })));

  const faceRefs = allItems(options.study).flatMap((i) => ('explain' in i && i.explain ? [i.explain.image] : []));
  const refLabels = await labelImageRefs({ refs: [...new Set([...faceRefs, ...rows.map((r) => r.sourceRef)])] });
  const labelOf = (ref: string) => refLabels.get(ref) ?? ref;

  const reviewRows: ReviewRow[] = [];
  for (const item of allItems(options.study)) {
    if (item.type !== 'image-choice' && item.type !== 'intruder' && item.type !== 'coherency') continue;
    const values = [...(item.type === 'image-choice' ? ['context'] : []), ...(item.type === 'coherency' ? item.images : item.options).map((o) => o.value)];
    const cells: ReviewCell[] = [];
    for (const value of values) {
      const key = `${item.id}/${value}`;
      const stimulusId = options.stimulusMap[key];
      if (!stimulusId) continue;
      const row = byId.get(stimulusId);
      const parsedStatus = statusSchema.safeParse(row?.job?.status);
      const status: CellStatus = row && parsedStatus.success ? parsedStatus.data : 'missing';
      const stored = parseQualityReport(row?.quality);
      const extra = distinct.get(stimulusId);
      const quality = extra ? withMeasures(stored ?? buildReport('visualization', []), [extra]) : stored;
      const target = targetOf.get(stimulusId) ?? 'not generated yet';
      const sourceRef = row?.sourceRef ?? item.explain?.image ?? '';
      const shown = value === 'context' ? 'face' : value;
      cells.push({
        key, value, stimulusId, status, target, sourceRef,
        name: `${item.id} · ${shown} (${row?.kind === 'visualization' ? `${row.modelId} ${target}` : labelOf(sourceRef)})`,
        imageUrl: status === 'done' ? `/api/stimuli/${stimulusId}` : null,
        method: row?.method ?? 'unknown', model: row?.modelId ?? item.explain?.model ?? '',
        error: row?.job?.error ?? null,
        quality,
        weak: quality?.weak ?? row?.weak ?? false,
        note: item.type === 'intruder' && item.correct === value ? 'odd one out' : null,
      });
    }
    const face = item.explain?.image ?? '';
    const faceThumbnailUrl = face && options.studyId ? thumbnailUrl(face, options.studyId) : null;
    if (cells.length) reviewRows.push({ itemId: item.id, type: item.type, prompt: item.prompt, model: item.explain?.model ?? '', face, faceLabel: face ? labelOf(face) : '', faceThumbnailUrl, cells });
  }

  const cells = reviewRows.flatMap((r) => r.cells);
  const weak = cells.filter((c) => c.weak);
  return {
    rows: reviewRows,
    summary: {
      total: cells.length,
      done: cells.filter((c) => c.status === 'done').length,
      failed: cells.filter((c) => c.status === 'failed' || c.status === 'cancelled').length,
      pending: cells.filter((c) => c.status === 'queued' || c.status === 'running' || c.status === 'missing').length,
      weak: weak.length,
      unassessed: cells.filter((c) => c.status === 'done' && !c.quality && c.method !== 'face').length,
      weakList: weak.map((c) => ({ key: c.key, name: c.name, stimulusId: c.stimulusId, reasons: c.quality?.reasons ?? ['marked weak'] })),
    },
  };
}

const targetSpecSchema = z.object({ target: z.string() });

/** The class a saliency map or inversion explains: the prediction, or the class the researcher chose. */
function explainedTarget(specJson: string, predicted: string | undefined): string {
  let target = 'predicted';
  try {
    const s = targetSpecSchema.safeParse(JSON.parse(specJson));
    if (s.success) target = s.data.target;
  } catch {
    // An unreadable spec is reported as explaining the prediction, which is the default.
  }
  if (target !== 'predicted') return `class ${target}`;
  return predicted ? `predicted: ${predicted}` : 'predicted class';
}
