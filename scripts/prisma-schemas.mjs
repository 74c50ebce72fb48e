// One data model, two databases. prisma/schema.prisma (SQLite, the embedded default) is the source;
// prisma/postgresql/schema.prisma is derived from it here (provider and client output swapped), because
// Prisma's generated client is specific to one provider. Run by `npm run prisma:generate` before both
// clients are generated; test/unit/prisma-schemas.test.ts fails when the committed copy is stale.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
export const SQLITE_SCHEMA = path.join(root, 'prisma', 'schema.prisma');
export const POSTGRESQL_SCHEMA = path.join(root, 'prisma', 'postgresql', 'schema.prisma');

/** The PostgreSQL schema for a SQLite schema's text. Throws when the expected lines are missing. */
export function derivePostgresqlSchema(sqlite) {
  const swaps = [
    ['provider = "sqlite"', 'provider = "postgresql"'],
    ['output   = "../lib/generated/prisma"', 'output   = "../../lib/generated/prisma-postgresql"'],
  ];
  let out = sqlite;
  for (const [from, to] of swaps) {
    if (!out.includes(from)) throw new Error(`prisma/schema.prisma: expected the line \`${from}\``);
    out = out.replace(from, to);
  }
  const header = '// GENERATED from prisma/schema.prisma by scripts/prisma-schemas.mjs: edit that file, not this one.\n';
  return header + out;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  fs.mkdirSync(path.dirname(POSTGRESQL_SCHEMA), { recursive: true });
  fs.writeFileSync(POSTGRESQL_SCHEMA, derivePostgresqlSchema(fs.readFileSync(SQLITE_SCHEMA, 'utf8')));
  console.log(`wrote ${path.relative(root, POSTGRESQL_SCHEMA)}`);
}
