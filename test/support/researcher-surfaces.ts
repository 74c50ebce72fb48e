// Every researcher-facing page, route and action, with the permission it needs. The authorization
// tests are generated from this one table, and a test fails when a file under app/(researcher),
// app/api/studies, app/api/stimuli or app/api/images is missing from it, so a new surface cannot be forgotten.
import type { StudyPermission } from '@/lib/auth/study-access';

export type Requirement = { study: StudyPermission } | 'admin' | 'signed-in' | 'creator';

/** Pages and route handlers, by their file path under app/, with a URL to probe them. */
export const researcherRoutes: { file: string; url: (studyId: string) => string; requires: Requirement; method?: 'GET' | 'POST' }[] = [
  { file: 'app/(researcher)/studies/page.tsx', url: () => '/studies', requires: 'signed-in' },
  { file: 'app/(researcher)/studies/[id]/page.tsx', url: (id) => `/studies/${id}`, requires: { study: 'view' } },
  { file: 'app/(researcher)/studies/[id]/preview/page.tsx', url: (id) => `/studies/${id}/preview`, requires: { study: 'preview' } },
  { file: 'app/(researcher)/studies/[id]/stimuli/page.tsx', url: (id) => `/studies/${id}/stimuli`, requires: { study: 'preview' } },
  { file: 'app/(researcher)/studies/[id]/audit/page.tsx', url: (id) => `/studies/${id}/audit`, requires: { study: 'audit' } },
  { file: 'app/(researcher)/account/page.tsx', url: () => '/account', requires: 'signed-in' },
  { file: 'app/(researcher)/admin/users/page.tsx', url: () => '/admin/users', requires: 'admin' },
  { file: 'app/(researcher)/images/page.tsx', url: () => '/images', requires: 'signed-in' },
  { file: 'app/api/studies/[id]/export/route.ts', url: (id) => `/api/studies/${id}/export?version=1`, requires: { study: 'export' } },
  { file: 'app/api/images/route.ts', url: () => '/api/images', requires: 'signed-in' },
  { file: 'app/api/images/[id]/route.ts', url: () => `/api/images/${'0'.repeat(64)}`, requires: 'signed-in' },
  { file: 'app/api/images/thumbnail/route.ts', url: () => `/api/images/thumbnail?ref=upload:${'0'.repeat(64)}`, requires: 'signed-in' },
  { file: 'app/(researcher)/studies/[id]/results/page.tsx', url: (id) => `/studies/${id}/results`, requires: { study: 'results' } },
  { file: 'app/api/studies/[id]/export-responses/route.ts', url: (id) => `/api/studies/${id}/export-responses?format=csv`, requires: { study: 'export' } },
  { file: 'app/api/studies/[id]/stimuli/events/route.ts', url: (id) => `/api/studies/${id}/stimuli/events`, requires: { study: 'view' } },
  { file: 'app/api/stimuli/route.ts', url: () => '/api/stimuli', requires: { study: 'edit' }, method: 'POST' },
  { file: 'app/api/stimuli/[id]/route.ts', url: () => `/api/stimuli/${'a'.repeat(64)}`, requires: { study: 'view' } },
  { file: 'app/api/stimuli/[id]/events/route.ts', url: () => `/api/stimuli/${'a'.repeat(64)}/events`, requires: { study: 'view' } },
  { file: 'app/api/stimuli/[id]/cancel/route.ts', url: () => `/api/stimuli/${'a'.repeat(64)}/cancel`, requires: { study: 'edit' }, method: 'POST' },
  { file: 'app/api/studies/[id]/images/[imageId]/route.ts', url: (id) => `/api/studies/${id}/images/0123456789abcdef0123`, requires: { study: 'preview' } },
];

/** Server-action files: each exported action must appear in the lib-level matrix. */
export const researcherActionFiles = ['app/(researcher)/studies/actions.ts', 'app/(researcher)/account/actions.ts'];
