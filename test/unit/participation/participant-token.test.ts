import { describe, expect, it } from 'vitest';
import { resetEnvForTests } from '@/lib/env';
import { signParticipantId, verifyParticipantToken } from '@/lib/participation/participant-token';

describe('participant token', () => {
  process.env.SESSION_SECRET = 'x'.repeat(40);
  resetEnvForTests();

  it('round-trips and refuses forgeries', () => {
    const t = signParticipantId('abc123');
    expect(verifyParticipantToken(t)).toBe('abc123');
    expect(verifyParticipantToken(t.replace('abc123', 'abc124'))).toBeNull();
    expect(verifyParticipantToken(`abc123.${'A'.repeat(43)}`)).toBeNull();
    expect(verifyParticipantToken('abc123')).toBeNull();
    expect(verifyParticipantToken(undefined)).toBeNull();
  });
});
