import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { resetEnvForTests } from '@/lib/env';
import { signParticipantId, verifyParticipantToken } from '@/lib/participation/participant-token';

describe('participant token', () => {
  process.env.SESSION_SECRET = 'x'.repeat(40);
  resetEnvForTests();

  it('round-trips and refuses forgeries', () => {
    const t = signParticipantId('abc123', 'demo');
    expect(verifyParticipantToken(t, 'demo')).toEqual({ participantId: 'abc123', bound: true });
    expect(verifyParticipantToken(t.replace('abc123', 'abc124'), 'demo')).toBeNull();
    expect(verifyParticipantToken(`abc123.${'A'.repeat(43)}`, 'demo')).toBeNull();
    expect(verifyParticipantToken('abc123', 'demo')).toBeNull();
    expect(verifyParticipantToken(undefined, 'demo')).toBeNull();
  });

  it("is worthless under another study's name", () => {
    const demo = signParticipantId('abc123', 'demo');
    expect(verifyParticipantToken(demo, 'face-explanations')).toBeNull();
  });

  it('reads a token issued before tokens named their study only as unbound (the session checks the study)', async () => {
    const { getSessionSecret } = await import('@/lib/secrets');
    const legacy = `abc123.${createHmac('sha256', getSessionSecret()).update('participant:abc123').digest('base64url')}`;
    expect(verifyParticipantToken(legacy, 'demo')).toEqual({ participantId: 'abc123', bound: false });
  });
});
