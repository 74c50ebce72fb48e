// Which database a DATABASE_URL names. The one place that knows the accepted forms: settings (lib/env.ts),
// the client and migration runner (lib/db.ts, lib/db-migrate.ts) and db:copy's arguments all ask here.
const POSTGRESQL = /^postgres(ql)?:\/\//i;

/** The accepted forms, for error messages ("… must be " + this). */
export const DATABASE_URL_FORMS = 'file:<path> (SQLite) or postgresql://… (PostgreSQL)';

export function isPostgresqlUrl(url: string): boolean {
  return POSTGRESQL.test(url);
}

export function isDatabaseUrl(url: string): boolean {
  return url.startsWith('file:') || isPostgresqlUrl(url);
}
