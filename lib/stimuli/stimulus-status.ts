import 'server-only';
// Where generation stands, for one stimulus, a study version (is the participant link open?) or a
// whole study (the researcher's progress view).
import { z } from 'zod';
import { getDb } from '@/lib/db';

export interface JobView {
  stimulusId: string;
  status: string;
  progress: number;
  message: string | null;
  error: string | null;
  attempts: number;
  method: string;
  model: string;
  sourceRef: string;
  durationMs: number | null;
}

const jobSelect = { status: true, progress: true, message: true, error: true, attempts: true, durationMs: true, stimulus: { select: { id: true, method: true, modelId: true, sourceRef: true } } } as const;

type JobRow = { status: string; progress: number; message: string | null; error: string | null; attempts: number; durationMs: number | null; stimulus: { id: string; method: string; modelId: string; sourceRef: string } };

function toView(j: JobRow): JobView {
  return { stimulusId: j.stimulus.id, status: j.status, progress: j.progress, message: j.message, error: j.error, attempts: j.attempts, method: j.stimulus.method, model: j.stimulus.modelId, sourceRef: j.stimulus.sourceRef, durationMs: j.durationMs };
}

export async function jobsForStimuli(ids: readonly string[]): Promise<JobView[]> {
  if (!ids.length) return [];
  const rows = await getDb().explanationJob.findMany({ where: { stimulusId: { in: [...ids] } }, select: jobSelect });
  return rows.map(toView);
}

export async function jobsForStudy(studyId: string): Promise<JobView[]> {
  const rows = await getDb().explanationJob.findMany({ where: { stimulus: { usages: { some: { studyId } } } }, select: jobSelect, orderBy: { queuedAt: 'asc' } });
  return rows.map(toView);
}

export const stimulusMapSchema = z.record(z.string(), z.string().regex(/^[a-f0-9]{64}$/));

export function parseStimulusMap(json: string | null): Record<string, string> {
  return json ? stimulusMapSchema.parse(JSON.parse(json)) : {};
}

export interface Readiness {
  total: number;
  done: number;
  failed: number;
  ready: boolean;
}

export async function versionReadiness(stimulusMap: Record<string, string>): Promise<Readiness> {
  const ids = [...new Set(Object.values(stimulusMap))];
  if (!ids.length) return { total: 0, done: 0, failed: 0, ready: true };
  const groups = await getDb().explanationJob.groupBy({ by: ['status'], where: { stimulusId: { in: ids } }, _count: { _all: true } });
  const count = (s: string) => groups.find((g) => g.status === s)?._count._all ?? 0;
  return { total: ids.length, done: count('done'), failed: count('failed'), ready: count('done') === ids.length };
}

const predictionSchema = z.object({ label: z.string() });

// A stimulus id is the hash of everything that produced it, so its stored prediction never changes: the
// label is read once per stimulus (issue #13: it was a query on every page of an item with a face).
// Bounded by the images of the studies being run; only found labels are kept.
const MAX_CACHED_LABELS = 5000;
const labelCache = new Map<string, string>();

/** The prediction label stored with a finished stimulus (the face stimulus carries it). */
export async function predictionLabel(stimulusId: string | undefined): Promise<string | undefined> {
  if (!stimulusId) return undefined;
  const cached = labelCache.get(stimulusId);
  if (cached !== undefined) return cached;
  const s = await getDb().stimulus.findUnique({ where: { id: stimulusId }, select: { prediction: true } });
  if (!s?.prediction) return undefined;
  const p = predictionSchema.safeParse(JSON.parse(s.prediction));
  if (!p.success) return undefined;
  if (labelCache.size >= MAX_CACHED_LABELS) labelCache.delete(labelCache.keys().next().value as string);
  labelCache.set(stimulusId, p.data.label);
  return p.data.label;
}
