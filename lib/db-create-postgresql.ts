// A fresh, empty PostgreSQL database on the server of `adminUrl` (any existing database there, e.g.
// postgresql://postgres@host:5432/postgres), for tests and benchmarks that must not share one; `drop`
// removes it even while connections are still open.
import { randomBytes } from 'node:crypto';
import pg from 'pg';

async function adminQuery(adminUrl: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

export async function createPostgresqlDatabase(adminUrl: string, prefix: string): Promise<{ url: string; drop: () => Promise<void> }> {
  if (!/^[a-z_]+$/.test(prefix)) throw new Error(`database name prefix must be lower-case letters and _: ${prefix}`);
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  await adminQuery(adminUrl, `CREATE DATABASE ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => adminQuery(adminUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}
