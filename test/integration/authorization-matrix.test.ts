// The authorization matrix: every researcher action × every kind of user, generated from one table.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from './helpers/test-db';
import { getDb } from '@/lib/db';
import type { Actor } from '@/lib/auth/roles';
import { studyPermissions, type StudyPermission } from '@/lib/auth/study-access';
import { createUser, listUsers, removeUser } from '@/lib/users/manage-users';
import { createStudy } from '@/lib/studies/create-study';
import { saveStudyDraft } from '@/lib/studies/save-study-draft';
import { publishStudyDraft, setStudyStatus } from '@/lib/studies/publish-study-draft';
import { exportStudy } from '@/lib/studies/export-study';
import { addCollaborator, listCollaborators, removeCollaborator } from '@/lib/studies/manage-collaborators';
import { listAuditEvents } from '@/lib/studies/list-audit-events';
import { getStudyForEditing } from '@/lib/studies/get-study-for-editing';
import { getStudyPreview } from '@/lib/studies/get-study-preview';
import { getStimulusReview } from '@/lib/stimuli/get-stimulus-review';
import { listStudiesForActor } from '@/lib/studies/list-studies-for-actor';
import { getResultsDashboard } from '@/lib/analysis/get-results-dashboard';
import { exportResponses } from '@/lib/analysis/export-responses';
import { dashboardQuerySchema, exportQuerySchema } from '@/lib/analysis/analysis-query-schema';
import { researcherActionFiles, researcherRoutes } from '../support/researcher-surfaces';
import { listStudyGenerationJobs, requestStudyStimulus } from '@/lib/stimuli/request-study-stimulus';
import { getFaceLibrary } from '@/lib/faces/face-library';

type Who = 'owner' | 'editor' | 'analyst' | 'stranger' | 'strangerAnalyst' | 'admin';
const actors = {} as Record<Who, Actor>;
let studyId = '';
let cleanup: () => Promise<void>;

async function makeActor(email: string, role: Actor['role']): Promise<Actor> {
  const u = await createUser({ actor: null, input: { email, role, password: 'long-enough-password' } });
  return { id: u.id, email: u.email, role };
}

/** A fresh draft study owned by `owner`, shared with an editor and an analyst, published once. */
async function freshStudy(slug: string): Promise<string> {
  const r = await createStudy({ actor: actors.owner, input: { from: 'template', template: 'blank', slug, title: slug } });
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  await addCollaborator({ actor: actors.owner, studyId: r.studyId, input: { email: actors.editor.email, role: 'editor' } });
  await addCollaborator({ actor: actors.owner, studyId: r.studyId, input: { email: actors.analyst.email, role: 'analyst' } });
  // The blank template's placeholder texts are confirmed: this study only needs a version.
  await publishStudyDraft({ actor: actors.owner, studyId: r.studyId, confirmPlaceholders: true });
  return r.studyId;
}

beforeAll(async () => {
  ({ cleanup } = await createTestDatabase());
  actors.owner = await makeActor('owner@t.test', 'researcher');
  actors.editor = await makeActor('editor@t.test', 'researcher');
  actors.analyst = await makeActor('analyst@t.test', 'analyst');
  actors.stranger = await makeActor('stranger@t.test', 'researcher');
  actors.strangerAnalyst = await makeActor('stranger-analyst@t.test', 'analyst');
  actors.admin = await makeActor('admin@t.test', 'admin');
  studyId = await freshStudy('matrix');
});
afterAll(async () => cleanup());

/** Each study action with the permission it needs; `run` performs it as the given actor. */
const studyActions: { name: string; permission: StudyPermission; run: (actor: Actor, id: string) => Promise<unknown> }[] = [
  { name: 'open the study (editor page)', permission: 'view', run: (actor, id) => getStudyForEditing({ actor, studyId: id }) },
  { name: 'list collaborators', permission: 'view', run: (actor, id) => listCollaborators({ actor, studyId: id }) },
  { name: 'save the draft', permission: 'edit', run: async (actor, id) => {
    const row = await getDb().study.findUniqueOrThrow({ where: { id } });
    return saveStudyDraft({ actor, studyId: id, draft: JSON.parse(row.draft ?? '{}') });
  } },
  { name: 'preview', permission: 'preview', run: (actor, id) => getStudyPreview({ actor, studyId: id }) },
  { name: 'review the stimuli', permission: 'preview', run: (actor, id) => getStimulusReview({ actor, studyId: id }) },
  { name: 'publish', permission: 'publish', run: (actor, id) => publishStudyDraft({ actor, studyId: id }) },
  { name: 'close', permission: 'close', run: (actor, id) => setStudyStatus({ actor, studyId: id, status: 'closed' }) },
  { name: 'export a version', permission: 'export', run: (actor, id) => exportStudy({ actor, studyId: id, version: 1 }) },
  { name: 'share with a collaborator', permission: 'share', run: (actor, id) => addCollaborator({ actor, studyId: id, input: { email: 'stranger-analyst@t.test', role: 'analyst' } }) },
  { name: 'remove a collaborator', permission: 'share', run: (actor, id) => removeCollaborator({ actor, studyId: id, userId: actors.strangerAnalyst.id }) },
  { name: 'request a generated explanation', permission: 'edit', run: (actor, id) => requestStudyStimulus({ actor, studyId: id, request: { ref: `faces:${getFaceLibrary().files[0]}`, model: 'gender', method: 'face' } }) },
  { name: 'watch generation progress', permission: 'view', run: (actor, id) => listStudyGenerationJobs({ actor, studyId: id }) },
  { name: 'read the audit trail', permission: 'audit', run: (actor, id) => listAuditEvents({ actor, studyId: id }) },
  { name: 'open the results dashboard', permission: 'results', run: (actor, id) => getResultsDashboard({ actor, studyId: id, query: dashboardQuerySchema.parse({}) }) },
  { name: 'open pooled preference by background', permission: 'results', run: (actor, id) => getResultsDashboard({ actor, studyId: id, query: dashboardQuerySchema.parse({ pooledSplit: 'used_xai' }) }) },
  { name: 'export responses', permission: 'export', run: async (actor, id) => {
    const file = await exportResponses({ actor, studyId: id, query: exportQuerySchema.parse({ format: 'csv' }) });
    return new Response(file.body).text();
  } },
];

function allowed(who: Who, permission: StudyPermission): boolean {
  if (who === 'admin') return true;
  const relation = who === 'owner' ? 'owner' : who === 'editor' ? 'editor' : who === 'analyst' ? 'analyst' : null;
  return relation !== null && (studyPermissions[permission] as readonly string[]).includes(relation);
}

describe('authorization matrix for study actions', () => {
  for (const action of studyActions) {
    for (const who of Object.keys({ owner: 1, editor: 1, analyst: 1, stranger: 1, strangerAnalyst: 1, admin: 1 }) as Who[]) {
      const expectAllowed = allowed(who, action.permission);
      it(`${action.name}: ${who} is ${expectAllowed ? 'allowed' : 'refused'}`, async () => {
        // Mutating actions get their own study so one case cannot change another's outcome.
        const mutates = ['publish', 'close', 'share', 'edit'].includes(action.permission);
        const id = mutates ? await freshStudy(`m-${action.name.replace(/[^a-z]+/gi, '-')}-${who}`.toLowerCase()) : studyId;
        const result = action.run(actors[who], id);
        if (expectAllowed) {
          await expect(result).resolves.not.toThrow();
        } else {
          // Those who can see the study get 403; the rest get 404, which hides that it exists.
          const visible = allowed(who, 'view');
          await expect(result).rejects.toMatchObject({ code: visible ? 'FORBIDDEN' : 'NOT_FOUND' });
        }
      });
    }
  }

  it('lists only the studies a user may see', async () => {
    const names = async (who: Who) => (await listStudiesForActor({ actor: actors[who] })).map((s) => s.slug);
    expect(await names('owner')).toContain('matrix');
    expect(await names('analyst')).toContain('matrix');
    expect(await names('stranger')).not.toContain('matrix');
    expect(await names('strangerAnalyst')).not.toContain('matrix');
  });

  it('lets only researchers and admins create studies, and only admins manage users', async () => {
    await expect(createStudy({ actor: actors.analyst, input: { from: 'template', template: 'blank', slug: 'nope', title: 'Nope' } })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(listUsers({ actor: actors.owner })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(createUser({ actor: actors.owner, input: { email: 'x@t.test', role: 'admin', password: 'long-enough-password' } })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(removeUser({ actor: actors.editor, userId: actors.stranger.id })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect((await listUsers({ actor: actors.admin })).length).toBeGreaterThanOrEqual(6);
  });
});

describe('every researcher surface is in the table', () => {
  function files(dir: string): string[] {
    return fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => (d.isDirectory() ? files(path.join(dir, d.name)) : [path.join(dir, d.name)]));
  }
  it('pages and routes', () => {
    const present = [...files('app/(researcher)'), ...files('app/api/studies'), ...files('app/api/stimuli'), ...files('app/api/images')].filter((f) => /(page\.tsx|route\.ts)$/.test(f)).sort();
    expect(present).toEqual(researcherRoutes.map((r) => r.file).sort());
  });
  it('server actions', () => {
    const present = [...files('app/(researcher)')].filter((f) => f.endsWith('actions.ts')).sort();
    expect(present).toEqual([...researcherActionFiles].sort());
  });
});
