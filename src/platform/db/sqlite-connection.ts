// The one better-sqlite3 connection of a knex instance, as its pool created it (database.ts attaches it), for
// what runs directly on it inside a batch: the hot statements (hot-statements.ts) and the units' savepoints
// (batch-transaction.ts). None of knex's query building, runner and pool per statement.

interface SqliteStatement {
  all(...bindings: unknown[]): unknown[];
  run(...bindings: unknown[]): unknown;
}

/** A better-sqlite3 connection as the pool created it (prepare is the caching one from database.ts). */
export interface SqliteConnection {
  prepare(sql: string): SqliteStatement;
}

/** Holds the connection of one knex instance; empty until the pool creates it (or with the sqlite3 driver). */
export interface SqliteConnectionHolder {
  current: SqliteConnection | undefined;
}

const connections = new WeakMap<object, SqliteConnectionHolder>();

/** database.ts: the pool (re)created the one better-sqlite3 connection of `db`. */
export function attachSqliteConnection(db: object, connection: SqliteConnection): void {
  const holder = connections.get(db) ?? { current: undefined };
  holder.current = connection;
  connections.set(db, holder);
}

/** The holder of `db`'s better-sqlite3 connection; undefined for PostgreSQL and the sqlite3 driver. */
export function sqliteConnectionOf(db: object): SqliteConnectionHolder | undefined {
  return connections.get(db);
}
