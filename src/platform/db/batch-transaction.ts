// The transaction of a group-commit batch (README "Group commit"), and on PostgreSQL the connection it runs on.
// On PostgreSQL the batch takes one connection from knex's pool itself (`client.acquireConnection()`) and
// opens knex's transaction on it (knex's TransactionConfig `connection`: knex then neither acquires nor
// releases one). knex's statements of the batch (the cold queries, BEGIN, SAVEPOINT, ROLLBACK TO, COMMIT) and
// the hot statements run directly on that connection (pg-statements.ts) then share one session and one
// transaction: pg runs a connection's queries one at a time, in the order they were sent, and a unit awaits
// each statement before its next, so knex and the hot statements take turns on it. Each transaction object
// of the batch (the batch's, and each unit's savepoint) is remembered with the connection, for
// hot-statements.ts to find; the map is weak, so nothing outlives the batch.
// On SQLite the batch is a plain knex transaction: there is one connection, which hot-statements.ts knows.
import type { Knex } from 'knex';
import { dialectOf } from './dialect.js';
import type { PgConnection } from './pg-statements.js';

/** Runs `unit` in a savepoint of the batch's transaction. */
export type BatchSavepoint = <T>(unit: (tx: Knex.Transaction) => Promise<T>) => Promise<T>;

const connectionOfTransaction = new WeakMap<Knex.Transaction, PgConnection>();

/** The pg connection `tx` runs on, when `tx` is (a savepoint of) a batch's transaction on PostgreSQL. */
export function batchConnectionOf(tx: Knex | Knex.Transaction): PgConnection | undefined {
  return connectionOfTransaction.get(tx as Knex.Transaction);
}

/** One transaction for a batch of units of work, each run in its own savepoint through `savepoint`. */
export async function batchTransaction<T>(db: Knex, work: (trx: Knex.Transaction, savepoint: BatchSavepoint) => Promise<T>): Promise<T> {
  if (dialectOf(db).name !== 'pg') return db.transaction((trx) => work(trx, (unit) => trx.transaction(unit)));
  const client = db.client as Knex.Client;
  const connection = (await client.acquireConnection()) as PgConnection;
  try {
    return await db.transaction(
      (trx) => {
        connectionOfTransaction.set(trx, connection);
        return work(trx, (unit) =>
          trx.transaction((savepoint) => {
            connectionOfTransaction.set(savepoint, connection);
            return unit(savepoint);
          }),
        );
      },
      { connection },
    );
  } finally {
    await client.releaseConnection(connection);
  }
}
