// Who may fetch a generated image: researchers of a study that uses it, participants of the version
// that shows it; everyone else is refused.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from './helpers/test-db';
import { createUser } from '@/lib/users/manage-users';
import { createStudy } from '@/lib/studies/create-study';
import { getFaceLibrary } from '@/lib/faces/face-library';
import { requestStudyStimulus } from '@/lib/stimuli/request-study-stimulus';
import { authorizeParticipantStimulus, authorizeResearcherStimulus } from '@/lib/stimuli/stimulus-access';
import type { Actor } from '@/lib/auth/roles';

let cleanup: () => Promise<void>;
const actors = {} as Record<'owner' | 'stranger' | 'admin', Actor>;
let stimulusId = '';

beforeAll(async () => {
  ({ cleanup } = await createTestDatabase());
  for (const [who, role] of [['owner', 'researcher'], ['stranger', 'researcher'], ['admin', 'admin']] as const) {
    const u = await createUser({ actor: null, input: { email: `${who}@s.test`, role, password: 'long-enough-password' } });
    actors[who] = { id: u.id, email: u.email, role };
  }
  const study = await createStudy({ actor: actors.owner, input: { from: 'template', template: 'blank', slug: 'access', title: 'Access' } });
  if (!study.ok) throw new Error('create failed');
  ({ stimulusId } = await requestStudyStimulus({ actor: actors.owner, studyId: study.studyId, request: { ref: `faces:${getFaceLibrary().files[0]}`, model: 'gender', method: 'face' } }));
});
afterAll(async () => cleanup());

describe('stimulus access', () => {
  it('lets researchers of a study that uses it through, and nobody else', async () => {
    await expect(authorizeResearcherStimulus({ actor: actors.owner, stimulusId, permission: 'view' })).resolves.toBeUndefined();
    await expect(authorizeResearcherStimulus({ actor: actors.admin, stimulusId, permission: 'edit' })).resolves.toBeUndefined();
    await expect(authorizeResearcherStimulus({ actor: actors.stranger, stimulusId, permission: 'view' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(authorizeResearcherStimulus({ actor: actors.owner, stimulusId: 'f'.repeat(64), permission: 'view' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('refuses participants who are not enrolled in a version that shows it', async () => {
    await expect(authorizeParticipantStimulus({ slug: 'access', participantId: null, stimulusId })).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    await expect(authorizeParticipantStimulus({ slug: 'access', participantId: 'nobody', stimulusId })).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });
});
