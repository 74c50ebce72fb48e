// Loads every study definition in a directory (studies/*.ts exporting a definition as default, or
// *.json) and parses each with the study schema. A file that fails is reported with the file, item
// and field, and is left out, so it never reaches participants.
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { studySchema, type Study } from '@/lib/studies/study-schema';
import { formatStudyIssues } from '@/lib/studies/format-study-errors';

export interface LoadedStudy {
  file: string;
  study: Study;
}

export interface LoadStudiesResult {
  studies: LoadedStudy[];
  errors: string[];
}

const STUDY_FILE = /^[^_.].*\.(ts|json)$/;

async function readRaw(filePath: string): Promise<unknown> {
  if (filePath.endsWith('.json')) return JSON.parse(fs.readFileSync(filePath, 'utf8'));
  const mod: unknown = await import(pathToFileURL(filePath).href);
  const def = mod !== null && typeof mod === 'object' && 'default' in mod ? mod.default : undefined;
  // tsx may wrap a CommonJS-transpiled default export once more.
  if (def !== null && typeof def === 'object' && 'default' in def && !('slug' in def)) return def.default;
  return def;
}

export async function loadStudyFiles(options: { dir: string }): Promise<LoadStudiesResult> {
  const result: LoadStudiesResult = { studies: [], errors: [] };
  if (!fs.existsSync(options.dir)) return { ...result, errors: [`Studies directory not found: ${options.dir}`] };
  const files = fs.readdirSync(options.dir).filter((f) => STUDY_FILE.test(f) && !f.endsWith('.d.ts')).sort();
  const slugs = new Map<string, string>();
  for (const name of files) {
    const rel = path.join(path.basename(options.dir), name);
    let raw: unknown;
    try {
      raw = await readRaw(path.join(options.dir, name));
    } catch (e) {
      result.errors.push(`${rel}: cannot be read: ${e instanceof Error ? e.message : String(e)}`);
      continue;
    }
    if (raw === undefined) {
      result.errors.push(`${rel}: has no default export (export the study definition as default)`);
      continue;
    }
    const parsed = studySchema.safeParse(raw);
    if (!parsed.success) {
      result.errors.push(...formatStudyIssues(rel, raw, parsed.error));
      continue;
    }
    const other = slugs.get(parsed.data.slug);
    if (other) {
      result.errors.push(`${rel}: slug "${parsed.data.slug}" is already used by ${other}`);
      continue;
    }
    slugs.set(parsed.data.slug, rel);
    result.studies.push({ file: rel, study: parsed.data });
  }
  return result;
}
