import 'server-only';
// The secret that signs participant cookies. SESSION_SECRET wins; otherwise a random secret is
// created once in DATA_DIR so the zero-configuration demo still signs with something unguessable
// and cookies survive restarts.
import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { getEnv } from '@/lib/env';

let cached: string | undefined;

export function getSessionSecret(): string {
  if (cached) return cached;
  const env = getEnv();
  if (env.SESSION_SECRET) return (cached = env.SESSION_SECRET);
  const file = path.join(env.DATA_DIR, 'session-secret');
  fs.mkdirSync(env.DATA_DIR, { recursive: true });
  try {
    // 'wx' fails if another process created it first; then we read theirs.
    fs.writeFileSync(file, randomBytes(48).toString('base64url'), { flag: 'wx', mode: 0o600 });
  } catch (e) {
    if (!(e instanceof Error && 'code' in e && e.code === 'EEXIST')) throw e;
  }
  cached = fs.readFileSync(file, 'utf8').trim();
  return cached;
}
