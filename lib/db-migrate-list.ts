// The migration folders of one database, in order: <timestamp>_<name>/migration.sql.
import fs from 'node:fs';
import path from 'node:path';

export interface MigrateResult {
  applied: string[];
  alreadyApplied: number;
}

export function listMigrations(migrationsDir: string): { name: string; sql: string }[] {
  return fs.readdirSync(migrationsDir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && fs.existsSync(path.join(migrationsDir, d.name, 'migration.sql')))
    .map((d) => d.name)
    .sort()
    .map((name) => ({ name, sql: fs.readFileSync(path.join(migrationsDir, name, 'migration.sql'), 'utf8') }));
}
