// `npm run user:create -- --email a@b.org --role admin [--password …]`: creates a user (e.g. the
// first admin). Without --password a strong one is generated and printed once.
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { getEnv } from '@/lib/env';
import { migrateDatabase } from '@/lib/db-migrate';
import { createUser, newUserSchema } from '@/lib/users/manage-users';
import { isAppError } from '@/lib/errors';

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { email: { type: 'string' }, role: { type: 'string', default: 'researcher' }, password: { type: 'string' }, name: { type: 'string' } } });
  const password = values.password ?? randomBytes(12).toString('base64url');
  const parsed = newUserSchema.safeParse({ email: values.email, role: values.role, password, name: values.name });
  if (!parsed.success) {
    for (const i of parsed.error.issues) console.error(`--${i.path.join('.')}: ${i.message}`);
    process.exit(2);
  }
  await migrateDatabase({ url: getEnv().DATABASE_URL });
  const user = await createUser({ actor: null, input: parsed.data });
  console.log(`Created ${parsed.data.role} ${user.email}${values.password ? '' : ` with password: ${password}`}`);
}

main().catch((e: unknown) => {
  console.error(isAppError(e) ? e.message : e);
  process.exit(1);
});
