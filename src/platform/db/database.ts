// The one switch between SQLite (better-sqlite3 or sqlite3) and PostgreSQL.
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { createRequire } from 'node:module';
import knexFactory, { type Knex } from 'knex';
import type { Config } from '../config.js';
import { attachSqliteConnection, type SqliteConnection } from './sqlite-connection.js';

// int8 columns hold epoch milliseconds and sequence numbers: both are exact in a double, so read them as
// numbers rather than pg's default strings. pg is loaded only for PostgreSQL (the module knex itself loads):
// a SQLite gateway and its CLI commands never pay for it.
function readInt8AsNumber(): void {
  const pg = createRequire(import.meta.url)('pg') as typeof import('pg');
  pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));
}

type SqlitePragmaConnection = { pragma(statement: string): unknown } | { run(sql: string, done: (error: Error | null) => void): void };

// WAL lets readers run beside the writer; synchronous=NORMAL in WAL mode keeps every committed transaction
// across a process crash (SIGKILL), losing at most the last commits on power loss. foreign_keys is off by
// default in SQLite and must be switched on per connection. temp_store=MEMORY keeps the statement journals of
// savepoints (group commit: one per unit of work) in memory: with the default FILE each savepoint that writes
// opened and wrote a temporary file, about 125 us per request.
const sqlitePragmas = ['journal_mode = WAL', 'synchronous = NORMAL', 'foreign_keys = ON', 'busy_timeout = 5000', 'temp_store = MEMORY'];

/**
 * knex prepares every statement anew on better-sqlite3, and preparing measured as much CPU as running
 * (profiled under SendMessages load). The SQL texts knex generates repeat, so keep prepared statements by
 * text: a statement is reusable with new bindings, and SQLite re-prepares it itself after a schema change.
 * Bounded, because texts with IN lists vary with their length.
 */
function cachePreparedStatements(connection: { prepare(sql: string): unknown }): void {
  const prepare = connection.prepare.bind(connection);
  const cache = new Map<string, unknown>();
  connection.prepare = (sql: string) => {
    let statement = cache.get(sql);
    if (statement === undefined) {
      if (cache.size >= 2000) cache.clear();
      statement = prepare(sql);
      cache.set(sql, statement);
    }
    return statement;
  };
}

/**
 * knex binds every LIMIT as a parameter (`.first()` is `limit ?`), and SQLite lets the LIMIT value choose the
 * plan, so it re-prepared such a statement whenever it ran: the statement cache above kept it, SQLite threw its
 * plan away (37 us per single send, profiled). An integer LIMIT is written into the SQL text instead: a text
 * per distinct limit (1, maxMessages), each prepared once. Patched on the client class, which knex's
 * transaction clients inherit from.
 */
function inlineIntegerLimits(db: Knex): void {
  type Compiler = { single: { limit?: unknown }; limit(): string };
  const clientClass = Object.getPrototypeOf(db.client) as {
    queryCompiler: (this: unknown, ...args: unknown[]) => Compiler;
    [inlined]?: true;
  };
  if (clientClass[inlined]) return;
  const queryCompiler = clientClass.queryCompiler;
  clientClass.queryCompiler = function (this: unknown, ...args: unknown[]) {
    const compiler = queryCompiler.apply(this, args);
    const bound = compiler.limit.bind(compiler);
    compiler.limit = () => {
      const limit = compiler.single.limit;
      return typeof limit === 'number' && Number.isSafeInteger(limit) && limit >= 0 ? `limit ${limit}` : bound();
    };
    return compiler;
  };
  clientClass[inlined] = true;
}
const inlined = Symbol('imwsi.inlineIntegerLimits');

async function applyPragmas(connection: SqlitePragmaConnection): Promise<void> {
  if ('pragma' in connection) cachePreparedStatements(connection as unknown as { prepare(sql: string): unknown });
  for (const pragma of sqlitePragmas) {
    if ('pragma' in connection) connection.pragma(pragma);
    else await new Promise<void>((resolve, reject) => connection.run(`PRAGMA ${pragma}`, (e) => (e ? reject(e) : resolve())));
  }
}

export function openDatabase(config: Config['db']): Knex {
  if (config.client === 'pg') {
    readInt8AsNumber();
    return knexFactory({ client: 'pg', ...(config.url === undefined ? {} : { connection: config.url }), pool: { min: 0, max: 10 } });
  }
  if (config.filename !== ':memory:') mkdirSync(dirname(config.filename), { recursive: true });
  const db = knexFactory({
    client: config.client,
    connection: { filename: config.filename },
    useNullAsDefault: true,
    // One connection: SQLite has one writer anyway, and transactions then serialize in the pool.
    pool: {
      min: 1,
      max: 1,
      afterCreate: (connection: SqlitePragmaConnection, done: (error: Error | null, c: unknown) => void) => {
        applyPragmas(connection).then(
          () => {
            // better-sqlite3 (it has pragma()): the hot statements run directly on this connection.
            if ('pragma' in connection) attachSqliteConnection(db, connection as unknown as SqliteConnection);
            done(null, connection);
          },
          (error: unknown) => done(error instanceof Error ? error : new Error(String(error)), connection),
        );
      },
    },
  });
  inlineIntegerLimits(db);
  return db;
}
