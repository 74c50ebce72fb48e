import 'server-only';
// Reads study versions. Definitions were validated when published; they are parsed again on read
// (the database is an input like any other) and cached per version, since versions never change.
import { getDb } from '@/lib/db';
import { AppError } from '@/lib/errors';
import { studySchema, type Study } from '@/lib/studies/study-schema';
import { parseStimulusMap } from '@/lib/stimuli/stimulus-status';

export interface StudyVersionView {
  studyId: string;
  slug: string;
  status: string;
  versionId: string;
  version: number;
  definition: Study;
  /** Generated images: "<itemId>/<option|context>" → stimulus id. */
  stimulusMap: Record<string, string>;
}

const parsedCache = new Map<string, Study>();

function parseDefinition(versionId: string, json: string): Study {
  let study = parsedCache.get(versionId);
  if (!study) {
    study = studySchema.parse(JSON.parse(json));
    parsedCache.set(versionId, study);
  }
  return study;
}

/** The newest published version of a study, which new participants are enrolled in. */
export async function getLatestStudyVersion(options: { slug: string }): Promise<StudyVersionView> {
  const study = await getDb().study.findUnique({
    where: { slug: options.slug },
    include: { versions: { orderBy: { version: 'desc' }, take: 1 } },
  });
  const v = study?.versions[0];
  if (!study || !v) throw new AppError('NOT_FOUND', 'This study does not exist or is not open yet.');
  return { studyId: study.id, slug: study.slug, status: study.status, versionId: v.id, version: v.version, definition: parseDefinition(v.id, v.definition), stimulusMap: parseStimulusMap(v.stimulusMap) };
}

export async function getStudyVersion(options: { versionId: string }): Promise<StudyVersionView> {
  const v = await getDb().studyVersion.findUnique({ where: { id: options.versionId }, include: { study: true } });
  if (!v) throw new AppError('NOT_FOUND', 'Study version not found.');
  return { studyId: v.studyId, slug: v.study.slug, status: v.study.status, versionId: v.id, version: v.version, definition: parseDefinition(v.id, v.definition), stimulusMap: parseStimulusMap(v.stimulusMap) };
}

/** Published studies for the start banner and the home page; example-data studies have no participant link. */
export async function listPublishedStudies(): Promise<{ slug: string; title: string; version: number }[]> {
  const rows = await getDb().study.findMany({
    where: { status: { in: ['published', 'closed'] }, source: { not: 'example' } },
    include: { versions: { orderBy: { version: 'desc' }, take: 1 } },
    orderBy: { slug: 'asc' },
  });
  return rows.flatMap((r) => (r.versions[0] ? [{ slug: r.slug, title: r.title, version: r.versions[0].version }] : []));
}
