import 'server-only';
// The provenance of every stimulus an analysed version showed, read from the Stimulus table through
// the version's stimulus map ("<item>/<option>" → stimulus id): the model and its weights hash as
// generated, the method's full parameters (defaults filled in) and the seed. Options the server does
// not generate fall back to a sidecar file or the definition (lib/analysis/option-provenance.ts).
// Read once per export or dashboard: a study has a few hundred stimuli at most.
import { z } from 'zod';
import { getDb } from '@/lib/db';
import { parseStimulusMap } from '@/lib/stimuli/stimulus-status';
import { parseQualityReport } from '@/lib/explainers/quality/quality-report';
import { getOptionProvenance, type StimulusProvenance } from '@/lib/analysis/option-provenance';
import type { CatalogOption } from '@/lib/analysis/item-catalog';

// What generate-stimulus records: the model as loaded, and the explainer's own provenance (method,
// resolved params, seed). Read leniently: older rows may lack parts, and the row's columns fill in.
const recordSchema = z.object({
  model: z.object({ id: z.string(), weightsHash: z.string() }).optional(),
  explanation: z.object({ method: z.string().optional(), params: z.record(z.string(), z.unknown()).optional(), seed: z.number().optional() }).optional(),
});
const specSchema = z.object({ params: z.record(z.string(), z.unknown()).optional(), seed: z.number().optional() });

export type ProvenanceLookup = (where: { version: number; itemId: string }, option: CatalogOption | undefined) => StimulusProvenance | null;

/** The report as exported: the weak flag, its reasons, and each measure's value by id. */
function exportedQuality(json: string | null): StimulusProvenance['quality'] {
  const report = parseQualityReport(json);
  return report ? { weak: report.weak, reasons: report.reasons, measures: Object.fromEntries(report.measures.map((m) => [m.id, m.value])) } : null;
}

function fromRow(row: { spec: string; modelId: string; method: string; weightsHash: string; provenance: string | null; quality: string | null }): StimulusProvenance {
  const spec = specSchema.safeParse(JSON.parse(row.spec));
  const record = row.provenance ? recordSchema.safeParse(JSON.parse(row.provenance)) : null;
  const done = record?.success ? record.data : null;
  return {
    method: done?.explanation?.method ?? row.method,
    params: done?.explanation?.params ?? (spec.success ? (spec.data.params ?? {}) : {}),
    seed: done?.explanation?.seed ?? (spec.success ? (spec.data.seed ?? null) : null),
    model: done?.model ?? { id: row.modelId, weightsHash: row.weightsHash },
    quality: exportedQuality(row.quality),
  };
}

/** Each version's stimulus map ("<item>/<option>" → stimulus id), by version number. */
export async function loadStimulusMaps(versions: readonly { id: string; version: number }[]): Promise<Map<number, Record<string, string>>> {
  const rows = await getDb().studyVersion.findMany({ where: { id: { in: versions.map((v) => v.id) } }, select: { version: true, stimulusMap: true } });
  return new Map(rows.map((r) => [r.version, parseStimulusMap(r.stimulusMap)]));
}

export async function loadProvenanceLookup(versions: readonly { id: string; version: number }[]): Promise<ProvenanceLookup> {
  const db = getDb();
  const maps = await loadStimulusMaps(versions);
  const ids = [...new Set([...maps.values()].flatMap((m) => Object.values(m)))];
  const stimuli = ids.length
    ? await db.stimulus.findMany({ where: { id: { in: ids } }, select: { id: true, spec: true, modelId: true, method: true, weightsHash: true, provenance: true, quality: true } })
    : [];
  const byId = new Map(stimuli.map((s) => [s.id, fromRow(s)]));
  return ({ version, itemId }, option) => {
    if (!option) return null;
    // Only options the server generates have a stimulus (a coherency label may share a value with an image).
    const id = option.generated ? maps.get(version)?.[`${itemId}/${option.value}`] : undefined;
    return (id && byId.get(id)) || getOptionProvenance(option);
  };
}
