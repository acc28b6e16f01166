// Where SQLite and PostgreSQL differ when workers claim rows (README "Operating it"). Every PostgreSQL-only clause the
// repositories need is here, behind one method each; a repository calls the method and gets the statement
// that is right for its database.
//
// SQLite has one connection (pool size 1) and one writer: a transaction that reads rows and then changes them
// runs alone, so the plain statements already claim what they read, and they stay exactly as they were.
// On PostgreSQL several gateway processes share the database, each with a pool, and transactions run side by
// side in READ COMMITTED: two of them can read the same rows. So there:
//  - skipLocked: SELECT ... FOR UPDATE [OF t] SKIP LOCKED. Each transaction locks the rows it reads and passes
//    over rows another transaction holds: two sweepers take disjoint batches, neither waits for the other.
//  - lockRows: SELECT ... FOR UPDATE [OF t]. Waits for the holder, then reads the row as the holder left it.
//  - deleteIds: DELETE ... RETURNING id. A row another transaction deleted first is not returned (the DELETE
//    waits for that transaction, then finds nothing to delete), so exactly one of them acts on the row.
import type { Knex } from 'knex';
import { chunks } from './batches.js';
import type {} from './tables.js';

export type DialectName = 'sqlite' | 'pg';

/** The tables whose rows a worker deletes by id (an `id` primary key). */
export type TableWithId = { [T in Knex.TableNames]: Knex.TableType<T> extends { id: number } ? T : never }[Knex.TableNames];

export interface Dialect {
  readonly name: DialectName;
  /** Locks the rows `query` reads for this transaction, skipping rows another transaction holds. `of`: the table (alias) to lock in a join. */
  skipLocked<TRecord extends object, TResult>(query: Knex.QueryBuilder<TRecord, TResult>, of?: string): Knex.QueryBuilder<TRecord, TResult>;
  /** Locks the rows `query` reads for this transaction, waiting for rows another transaction holds. */
  lockRows<TRecord extends object, TResult>(query: Knex.QueryBuilder<TRecord, TResult>, of?: string): Knex.QueryBuilder<TRecord, TResult>;
  /**
   * Deletes the rows of `table` with these ids, which the caller read in this transaction, and returns the
   * ids this statement deleted: on PostgreSQL a row another transaction removed in between is left out.
   */
  deleteIds(db: Knex | Knex.Transaction, table: TableWithId, ids: readonly number[]): Promise<Set<number>>;
}

const sqlite: Dialect = {
  name: 'sqlite',
  skipLocked: (query) => query,
  lockRows: (query) => query,
  async deleteIds(db, table, ids) {
    // One writer: what this transaction read is still there, so every id is deleted here.
    for (const part of chunks(ids)) await db(table).whereIn('id', part).delete();
    return new Set(ids);
  },
};

const pg: Dialect = {
  name: 'pg',
  skipLocked: (query, of) => (of ? query.forUpdate(of) : query.forUpdate()).skipLocked(),
  lockRows: (query, of) => (of ? query.forUpdate(of) : query.forUpdate()),
  async deleteIds(db, table, ids) {
    const deleted = new Set<number>();
    for (const part of chunks(ids)) {
      const rows = await db(table).whereIn('id', part).delete().returning('id');
      for (const row of rows) deleted.add(row.id);
    }
    return deleted;
  },
};

export function dialectOf(db: Knex | Knex.Transaction): Dialect {
  return (db.client as { config: Knex.Config }).config.client === 'pg' ? pg : sqlite;
}
