// Hot statements (README "Group commit"): the few statements every send and every GetMessages runs, as fixed
// SQL texts written once for both databases (`?` placeholders, plain identifiers). Inside a unit of work on
// better-sqlite3 they run directly on the connection: prepared once (the statement cache in database.ts) and
// run synchronously, with none of knex's query building, compiling, runner and pool per statement. On
// PostgreSQL they run on the batch's connection as named prepared statements (pg-statements.ts). Elsewhere
// (the sqlite3 driver, reads outside a unit of work) the same text goes through knex.raw.
//
// How knex and the group commit take turns on the one SQLite connection: knex's pool holds one connection,
// and a batch holds it from BEGIN to COMMIT (store.transaction), so a statement run directly while a unit of
// the batch runs is inside that transaction, and knex, outside the batch, waits for the pool. Direct runs
// happen only inside a unit of work; reads outside one go through knex, so they never see a batch's
// uncommitted rows.
import type { Knex } from 'knex';
import { batchLimits, chunks } from './batches.js';
import { batchConnectionOf, type ConnectionHold } from './batch-transaction.js';
import { pgQuery } from './pg-statements.js';
import { type SqliteConnectionHolder, sqliteConnectionOf } from './sqlite-connection.js';

export type Binding = string | number | Buffer | null | undefined | boolean;

export interface HotStatements {
  /** The rows of a statement that returns rows (a SELECT, or a write with RETURNING). */
  all<Row>(sql: string, bindings: readonly Binding[]): Promise<Row[]>;
  /** A statement whose result is not needed. */
  run(sql: string, bindings: readonly Binding[]): Promise<void>;
}

// better-sqlite3 binds numbers, strings, buffers and null; booleans are stored as 1 and 0, as knex does.
const bindable = (bindings: readonly Binding[]) => bindings.map((b) => (typeof b === 'boolean' ? Number(b) : (b ?? null)));

function direct(holder: SqliteConnectionHolder, fallback: HotStatements): HotStatements {
  return {
    all<Row>(sql: string, bindings: readonly Binding[]) {
      if (!holder.current) return fallback.all<Row>(sql, bindings);
      return Promise.resolve(holder.current.prepare(sql).all(...bindable(bindings)) as Row[]);
    },
    run(sql, bindings) {
      if (!holder.current) return fallback.run(sql, bindings);
      holder.current.prepare(sql).run(...bindable(bindings));
      return Promise.resolve();
    },
  };
}

function onPgConnection(hold: ConnectionHold): HotStatements {
  const connection = () => {
    if (!hold.connection) throw new Error('a hot statement ran after its transaction ended (a statement not awaited?)');
    return hold.connection;
  };
  return {
    async all<Row>(sql: string, bindings: readonly Binding[]) {
      return (await pgQuery(connection(), sql, bindings)).rows as Row[];
    },
    async run(sql, bindings) {
      await pgQuery(connection(), sql, bindings);
    },
  };
}

function throughKnex(db: Knex | Knex.Transaction): HotStatements {
  return {
    async all<Row>(sql: string, bindings: readonly Binding[]) {
      const result: unknown = await db.raw(sql, bindings.map((b) => b ?? null) as Knex.RawBinding[]);
      // pg answers { rows }, the sqlite drivers the rows themselves.
      return (Array.isArray(result) ? result : (result as { rows: Row[] }).rows) as Row[];
    },
    async run(sql, bindings) {
      await db.raw(sql, bindings.map((b) => b ?? null) as Knex.RawBinding[]);
    },
  };
}

/**
 * The hot statements of `tx`, a transaction (a unit of work's savepoint) opened on `db`: direct on
 * better-sqlite3 and on a batch's pg connection, knex.raw otherwise. Pass `db` itself as `tx` outside a unit
 * of work: always knex.raw.
 */
export function hotStatements(db: Knex, tx: Knex | Knex.Transaction): HotStatements {
  const pg = batchConnectionOf(tx);
  if (pg) return onPgConnection(pg);
  const holder = sqliteConnectionOf(db);
  const viaKnex = throughKnex(tx);
  return holder && tx !== db ? direct(holder, viaKnex) : viaKnex;
}

/** `(?, ?, ?), (?, ?, ?)`: the VALUES of a multi-row insert of `rows` rows of `columns` columns. */
function valuesList(rows: number, columns: number): string {
  const row = `(${new Array<string>(columns).fill('?').join(', ')})`;
  return new Array<string>(rows).fill(row).join(', ');
}

/**
 * Multi-row inserts of `rows` into `table`, chunked under SQLite's bound-variable limit: one statement per
 * chunk, one statement text (prepared once) per chunk size.
 */
export async function insertRows<Row extends { [K in keyof Row]: Binding }>(
  hot: HotStatements,
  table: string,
  columns: readonly (keyof Row & string)[],
  rows: readonly Row[],
): Promise<void> {
  for (const part of chunks(rows, batchLimits.rowsPerInsert)) {
    await hot.run(
      `insert into ${table} (${columns.join(', ')}) values ${valuesList(part.length, columns.length)}`,
      part.flatMap((row) => columns.map((column) => row[column])),
    );
  }
}
