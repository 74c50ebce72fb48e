import 'server-only';
// The demo seed's researcher account, so a new user can sign in and see the authoring side at once.
// Its password is random per installation, kept in DATA_DIR (git-ignored) and printed at start.
import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { getDb } from '@/lib/db';
import { getEnv } from '@/lib/env';
import { createUser } from '@/lib/users/manage-users';

export const DEMO_EMAIL = 'researcher@demo.local';
const credentialsSchema = z.object({ email: z.string(), password: z.string() });
export type DemoCredentials = z.infer<typeof credentialsSchema>;

function credentialsFile(): string {
  return path.join(getEnv().DATA_DIR, 'demo-credentials.json');
}

export function readDemoCredentials(): DemoCredentials | null {
  try {
    return credentialsSchema.parse(JSON.parse(fs.readFileSync(credentialsFile(), 'utf8')));
  } catch {
    return null;
  }
}

/** Creates the demo researcher once and gives it every study file that has no owner yet. */
export async function ensureDemoResearcher(): Promise<DemoCredentials | null> {
  const db = getDb();
  let user = await db.user.findUnique({ where: { email: DEMO_EMAIL } });
  if (!user) {
    const password = randomBytes(9).toString('base64url');
    const created = await createUser({ actor: null, input: { email: DEMO_EMAIL, name: 'Demo researcher', role: 'researcher', password } });
    fs.writeFileSync(credentialsFile(), JSON.stringify({ email: DEMO_EMAIL, password }), { mode: 0o600 });
    user = await db.user.findUniqueOrThrow({ where: { id: created.id } });
  }
  await db.study.updateMany({ where: { ownerId: null, source: 'file' }, data: { ownerId: user.id } });
  return readDemoCredentials();
}
