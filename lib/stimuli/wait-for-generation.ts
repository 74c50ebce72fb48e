import 'server-only';
// Progress of every published study's generated images, for the command line: the start script shows
// a progress bar until the participant links open.
import { getDb } from '@/lib/db';
import { parseStimulusMap, versionReadiness, type Readiness } from '@/lib/stimuli/stimulus-status';

export async function publishedGenerationState(): Promise<Readiness & { failures: string[] }> {
  const studies = await getDb().study.findMany({ where: { status: 'published' }, include: { versions: { orderBy: { version: 'desc' }, take: 1 } } });
  const map: Record<string, string> = {};
  for (const s of studies) for (const [k, v] of Object.entries(parseStimulusMap(s.versions[0]?.stimulusMap ?? null))) map[`${s.id}/${k}`] = v;
  const readiness = await versionReadiness(map);
  const failed = await getDb().explanationJob.findMany({ where: { status: 'failed', stimulusId: { in: Object.values(map) } }, include: { stimulus: true }, take: 5 });
  return { ...readiness, failures: failed.map((f) => `${f.stimulus.method} on ${f.stimulus.sourceRef}: ${f.error ?? 'failed'}`) };
}
