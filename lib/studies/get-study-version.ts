import 'server-only';
// Reads study versions. Definitions were validated when published; they are parsed again on read
// (the database is an input like any other). A version's definition and image map never change once
// published (lib/studies/publish-study.ts), so both are read and parsed once per version id and cached;
// each request then only asks the database for what can change: the study's status and newest version.
// Issue #13: re-reading and re-parsing them on every participant request cost CPU on each answer.
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

/** The immutable part of a published version. */
export interface StudyVersionContent {
  definition: Study;
  stimulusMap: Record<string, string>;
}

// Bounded so a server that lives through many publishes does not keep every old definition; the oldest
// entry is evicted first (a Map iterates in insertion order). Promises, so concurrent first readers of a
// version share one read; a failed read is not cached.
const MAX_CACHED_VERSIONS = 200;
const contentCache = new Map<string, Promise<StudyVersionContent>>();

async function readContent(versionId: string): Promise<StudyVersionContent> {
  const v = await getDb().studyVersion.findUnique({ where: { id: versionId }, select: { definition: true, stimulusMap: true } });
  if (!v) throw new AppError('NOT_FOUND', 'Study version not found.');
  return { definition: studySchema.parse(JSON.parse(v.definition)), stimulusMap: parseStimulusMap(v.stimulusMap) };
}

/** A version's definition and image map, from the cache after the first read. */
export function getStudyVersionContent(versionId: string): Promise<StudyVersionContent> {
  let content = contentCache.get(versionId);
  if (!content) {
    content = readContent(versionId);
    content.catch(() => contentCache.delete(versionId));
    contentCache.set(versionId, content);
    if (contentCache.size > MAX_CACHED_VERSIONS) contentCache.delete(contentCache.keys().next().value as string);
  }
  return content;
}

/** The newest published version of a study, which new participants are enrolled in. */
export async function getLatestStudyVersion(options: { slug: string }): Promise<StudyVersionView> {
  const study = await getDb().study.findUnique({
    where: { slug: options.slug },
    select: { id: true, slug: true, status: true, versions: { orderBy: { version: 'desc' }, take: 1, select: { id: true, version: true } } },
  });
  const v = study?.versions[0];
  if (!study || !v) throw new AppError('NOT_FOUND', 'This study does not exist or is not open yet.');
  return { studyId: study.id, slug: study.slug, status: study.status, versionId: v.id, version: v.version, ...(await getStudyVersionContent(v.id)) };
}

export async function getStudyVersion(options: { versionId: string }): Promise<StudyVersionView> {
  const v = await getDb().studyVersion.findUnique({ where: { id: options.versionId }, select: { id: true, version: true, studyId: true, study: { select: { slug: true, status: true } } } });
  if (!v) throw new AppError('NOT_FOUND', 'Study version not found.');
  return { studyId: v.studyId, slug: v.study.slug, status: v.study.status, versionId: v.id, version: v.version, ...(await getStudyVersionContent(v.id)) };
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
