// The db:copy command line: every bad argument is named before anything opens a database, and the
// table list covers every model of the schema.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseDbCopyArgs } from '@/lib/db-copy/db-copy-args';
import { COPY_TABLES, uncopiedModels } from '@/lib/db-copy/copy-tables';

describe('parseDbCopyArgs', () => {
  it('reads a SQLite → PostgreSQL copy, with the data directory beside the SQLite file', () => {
    expect(parseDbCopyArgs(['--from', 'file:data/app.db', '--to', 'postgresql://u@h:5432/db'])).toEqual({
      help: false,
      options: { from: 'file:data/app.db', to: 'postgresql://u@h:5432/db', force: false, dataDir: path.resolve('data'), batchSize: 500 },
    });
    const forced = parseDbCopyArgs(['--from', 'file:/srv/a.db', '--to', 'postgres://h/db', '--force', '--data-dir', '/var/facexai', '--batch-size', '50']);
    expect(forced).toMatchObject({ options: { force: true, dataDir: path.resolve('/var/facexai'), batchSize: 50 } });
    expect(parseDbCopyArgs(['--help'])).toEqual({ help: true });
  });

  it('names every bad argument, and shows the help', () => {
    expect(() => parseDbCopyArgs(['--from', 'file:a.db'])).toThrow(/--to: is required[\s\S]*--force/);
    expect(() => parseDbCopyArgs(['--from', 'mysql://h/db', '--to', 'file:b.db'])).toThrow(/--from: must be file:<path> \(SQLite\) or postgresql/);
    expect(() => parseDbCopyArgs(['--from', 'file:a.db', '--to', 'file:a.db'])).toThrow(/--to: must name another database/);
    expect(() => parseDbCopyArgs(['--from', 'file:a.db', '--to', 'file:b.db', '--batch-size', 'many'])).toThrow(/--batch-size: must be a number/);
    expect(() => parseDbCopyArgs(['--from', 'file:a.db', '--to', 'file:b.db', '--batch-size', '0'])).toThrow(/--batch-size/);
    expect(() => parseDbCopyArgs(['--form', 'file:a.db'])).toThrow(/Unknown option '--form'/);
  });
});

describe('the copied tables', () => {
  it('are every model of the schema, each once', () => {
    expect(uncopiedModels()).toEqual([]);
    expect(new Set(COPY_TABLES.map((t) => t.model)).size).toBe(COPY_TABLES.length);
  });
});
