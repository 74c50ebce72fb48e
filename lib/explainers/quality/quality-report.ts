// The quality report stored with every generated stimulus (issue #10): a list of measures, each with
// its documented threshold, and a weak flag with the reasons when any measure misses its threshold.
// Pure data: the assessors beside this file compute it, the worker stores it, the review sheet and the
// exports read it.
import { z } from 'zod';

export const qualityMeasureSchema = z.object({
  /** Stable key, e.g. 'faceDetected'. */
  id: z.string(),
  /** What a researcher reads, e.g. 'Face detector finds a face'. */
  label: z.string(),
  /** The measured value (a number, a yes/no, or a short text such as the predicted class). */
  value: z.union([z.number(), z.boolean(), z.string(), z.null()]),
  /** The rule it must meet, written out, e.g. '≥ 0.5'. */
  threshold: z.string(),
  pass: z.boolean(),
  /** Extra facts that explain the value (e.g. the random-order baseline). */
  detail: z.string().optional(),
});
export type QualityMeasure = z.infer<typeof qualityMeasureSchema>;

export const qualityReportSchema = z.object({
  version: z.literal(1),
  kind: z.enum(['face', 'saliency', 'inversion', 'visualization']),
  measures: z.array(qualityMeasureSchema),
  weak: z.boolean(),
  /** One sentence per failed measure, naming the value and the threshold. */
  reasons: z.array(z.string()),
  durationMs: z.number().optional(),
  /** Which runtime computed the model scores behind the measures (forward-runtime.ts), when a model was run. */
  forwardRuntime: z.object({ runtime: z.enum(['onnx', 'tfjs']), library: z.string(), fallbackReason: z.string().optional() }).optional(),
});
export type QualityReport = z.infer<typeof qualityReportSchema>;

export function formatValue(value: QualityMeasure['value']): string {
  if (value === null) return 'n/a';
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (typeof value === 'number') return Math.abs(value) >= 100 || Number.isInteger(value) ? String(Math.round(value * 10) / 10) : value.toFixed(3);
  return value;
}

export function reasonFor(m: QualityMeasure): string {
  return `${m.label}: ${formatValue(m.value)} (needs ${m.threshold})${m.detail ? `; ${m.detail}` : ''}`;
}

export function buildReport(kind: QualityReport['kind'], measures: QualityMeasure[], durationMs?: number): QualityReport {
  const failed = measures.filter((m) => !m.pass);
  return {
    version: 1,
    kind,
    measures,
    weak: failed.length > 0,
    reasons: failed.map(reasonFor),
    ...(durationMs !== undefined ? { durationMs } : {}),
  };
}

/** Adds set-level measures (e.g. distinctness from the other visualisations of a study) to a report. */
export function withMeasures(report: QualityReport, extra: QualityMeasure[]): QualityReport {
  const kept = report.measures.filter((m) => !extra.some((e) => e.id === m.id));
  const rebuilt = buildReport(report.kind, [...kept, ...extra], report.durationMs);
  return report.forwardRuntime ? { ...rebuilt, forwardRuntime: report.forwardRuntime } : rebuilt;
}

/** Parses a stored report; an absent or unreadable one is null (stimuli generated before reports existed). */
export function parseQualityReport(json: string | null | undefined): QualityReport | null {
  if (!json) return null;
  try {
    const parsed = qualityReportSchema.safeParse(JSON.parse(json));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
