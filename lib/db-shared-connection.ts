// Transactions on the libsql client's own connection instead of a new one per transaction.
//
// @libsql/client (sqlite3 mode) answers transaction() by handing its current connection to the
// transaction and opening a fresh one for everything after; the transaction's close() only rolls back,
// so the handed-off connection is never closed. Prisma's libsql adapter never calls close() anyway. Each
// answer a participant gives is a transaction, so the server opened one SQLite connection per answer and
// kept it until the garbage collector finalised it: open file descriptors grew 30 → 2 670 and memory by
// ~0.8 GB in a 1 000-participant run, and stayed after idling (issue #13).
//
// Sharing the connection is safe here because Prisma's adapter already serialises all use of one client:
// startTransaction holds the adapter's lock from BEGIN until commit/rollback, so no other statement can
// reach the connection while a transaction is open on it.
import 'server-only';
import type { Client, InStatement, ResultSet, Transaction, TransactionMode } from '@libsql/client';

const BEGIN: Record<TransactionMode, string> = { write: 'BEGIN IMMEDIATE', read: 'BEGIN TRANSACTION READONLY', deferred: 'BEGIN DEFERRED' };

class SharedConnectionTransaction implements Transaction {
  #client: Client;
  #open = true;
  constructor(client: Client) {
    this.#client = client;
  }
  get closed(): boolean {
    return !this.#open;
  }
  #check(): void {
    if (!this.#open) throw new Error('The transaction is closed');
  }
  async execute(stmt: InStatement): Promise<ResultSet> {
    this.#check();
    return this.#client.execute(stmt);
  }
  async batch(stmts: InStatement[]): Promise<ResultSet[]> {
    // Not the client's batch(): that would BEGIN a second transaction on this connection.
    const results: ResultSet[] = [];
    for (const stmt of stmts) results.push(await this.execute(stmt));
    return results;
  }
  async executeMultiple(sql: string): Promise<void> {
    this.#check();
    await this.#client.executeMultiple(sql);
  }
  async commit(): Promise<void> {
    this.#check();
    // A failed COMMIT (busy) leaves the transaction open: the caller rolls back, so stay open until then.
    await this.#client.execute('COMMIT');
    this.#open = false;
  }
  async rollback(): Promise<void> {
    if (!this.#open) return;
    this.#open = false;
    try {
      await this.#client.execute('ROLLBACK');
    } catch (e) {
      // SQLite may already have rolled back (e.g. after some errors); anything else is real.
      if (!/no transaction is active/i.test(e instanceof Error ? e.message : String(e))) throw e;
    }
  }
  close(): void {
    if (this.#open) void this.rollback().catch(() => undefined);
  }
}

/** The same client, whose transaction() runs BEGIN … COMMIT on the client's own connection. */
export function withSharedConnectionTransactions(client: Client): Client {
  return new Proxy(client, {
    get(target, prop) {
      if (prop === 'transaction') {
        return async (mode: TransactionMode = 'write') => {
          await target.execute(BEGIN[mode]);
          return new SharedConnectionTransaction(target);
        };
      }
      // The client keeps its state in private fields: its methods must run with the client itself as `this`.
      const value: unknown = Reflect.get(target, prop, target);
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}
