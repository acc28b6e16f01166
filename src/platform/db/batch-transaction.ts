// The transaction of a group-commit batch (README "Group commit"), and on PostgreSQL the connection it runs on.
// On PostgreSQL the batch takes one connection from knex's pool itself (`client.acquireConnection()`) and
// opens knex's transaction on it (knex's TransactionConfig `connection`: knex then neither acquires nor
// releases one). knex's statements of the batch (the cold queries, BEGIN, SAVEPOINT, ROLLBACK TO, COMMIT) and
// the hot statements run directly on that connection (pg-statements.ts) then share one session and one
// transaction: pg runs a connection's queries one at a time, in the order they were sent, and a unit awaits
// each statement before its next, so knex and the hot statements take turns on it. Each transaction object
// of the batch (the batch's, and each unit's savepoint) holds the connection while its work runs, for
// hot-statements.ts to find; the map is weak, so nothing outlives the batch.
// On SQLite the batch is a plain knex transaction: there is one connection, which hot-statements.ts knows.
// A unit's savepoint there is three plain statements run directly on that connection (SAVEPOINT, then RELEASE,
// or ROLLBACK TO and RELEASE), and the unit works on the batch's own transaction object: knex's nested
// transaction would build a knex instance per unit (makeKnex) and send its savepoint statements through its
// runner, about a tenth of a single send's CPU (README "Group commit"). Units of a batch run one after
// another, each awaited to its end, so the connection is in the right savepoint for every statement.
import type { Knex } from 'knex';
import { dialectOf } from './dialect.js';
import type { PgConnection } from './pg-statements.js';
import { type SqliteConnectionHolder, sqliteConnectionOf } from './sqlite-connection.js';

/** Runs `unit` in a savepoint of the batch's transaction. */
export type BatchSavepoint = <T>(unit: (tx: Knex.Transaction) => Promise<T>) => Promise<T>;

/**
 * A transaction's (or savepoint's) hold on the batch's connection, emptied when its work ends: a statement sent
 * later (a unit that did not await one) must fail, as knex fails a query on a completed transaction, not run
 * in whatever the connection serves next (a later unit's savepoint, another batch, no transaction at all).
 */
export interface ConnectionHold {
  connection: PgConnection | undefined;
}

const holds = new WeakMap<Knex.Transaction, ConnectionHold>();

/** The hold on a pg connection of `tx`, when `tx` is (a savepoint of) a batch's transaction on PostgreSQL. */
export function batchConnectionOf(tx: Knex | Knex.Transaction): ConnectionHold | undefined {
  return holds.get(tx as Knex.Transaction);
}

/** Runs `work` with `tx` holding `connection` until `work` ends. */
async function holding<T>(tx: Knex.Transaction, connection: PgConnection, work: () => Promise<T>): Promise<T> {
  const hold: ConnectionHold = { connection };
  holds.set(tx, hold);
  try {
    return await work();
  } finally {
    hold.connection = undefined;
  }
}

/** A unit's savepoint on the batch's better-sqlite3 connection; the unit runs on the batch's transaction. */
function sqliteSavepoint(trx: Knex.Transaction, holder: SqliteConnectionHolder): BatchSavepoint {
  return async (unit) => {
    const connection = holder.current;
    // No connection known (not yet created, or another driver): knex's own savepoint.
    if (!connection) return trx.transaction(unit);
    connection.prepare('SAVEPOINT unit').run();
    try {
      const result = await unit(trx);
      connection.prepare('RELEASE SAVEPOINT unit').run();
      return result;
    } catch (error) {
      connection.prepare('ROLLBACK TO SAVEPOINT unit').run();
      connection.prepare('RELEASE SAVEPOINT unit').run();
      throw error;
    }
  };
}

/** One transaction for a batch of units of work, each run in its own savepoint through `savepoint`. */
export async function batchTransaction<T>(db: Knex, work: (trx: Knex.Transaction, savepoint: BatchSavepoint) => Promise<T>): Promise<T> {
  if (dialectOf(db).name !== 'pg') {
    const holder = sqliteConnectionOf(db);
    return db.transaction((trx) => work(trx, holder ? sqliteSavepoint(trx, holder) : (unit) => trx.transaction(unit)));
  }
  const client = db.client as Knex.Client;
  const connection = (await client.acquireConnection()) as PgConnection;
  try {
    return await db.transaction(
      (trx) =>
        holding(trx, connection, () =>
          work(trx, (unit) => trx.transaction((savepoint) => holding(savepoint, connection, () => unit(savepoint)))),
        ),
      { connection },
    );
  } finally {
    await client.releaseConnection(connection);
  }
}
