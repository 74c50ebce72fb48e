import 'server-only';
// The secret that signs participant cookies. SESSION_SECRET wins; otherwise a random secret is
// created once in DATA_DIR so the zero-configuration demo still signs with something unguessable
// and cookies survive restarts. With PostgreSQL several web servers share one database and must sign
// with one secret (a participant's next request may land on another server): `npm start` then takes it
// from the database (lib/shared-session-secret.ts) and hands it to the server as SESSION_SECRET, and a
// server without one refuses to start rather than sign cookies no other server accepts.
import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { getEnv } from '@/lib/env';
import { isPostgresqlUrl } from '@/lib/database-url';

let cached: string | undefined;

export function getSessionSecret(): string {
  if (cached) return cached;
  const env = getEnv();
  if (env.SESSION_SECRET) return (cached = env.SESSION_SECRET);
  if (isPostgresqlUrl(env.DATABASE_URL)) {
    throw new Error('SESSION_SECRET is not set: with PostgreSQL every web server must sign cookies with the same secret. Start with `npm start` (it reads the shared secret from the database) or set SESSION_SECRET to the same value on every server.');
  }
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
