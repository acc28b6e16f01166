// WS-Security nonces seen within the Created window, so a replay is refused even after a restart.
import type { Knex } from 'knex';
import type { NonceRepository } from './nonce-port.js';
import type { HotStatements } from '../db/hot-statements.js';

// ON CONFLICT DO NOTHING rather than catching the unique violation: the insert runs in a unit of work (a
// savepoint of a group commit), and on PostgreSQL a failed statement would abort the transaction. A conflict
// still fails the unit: the caller throws SVC1103 on an empty RETURNING (pending-nonces.ts). On PostgreSQL an
// insert of a key another transaction inserted and has not committed waits for it, then conflicts or not.
const remember = 'insert into used_nonces (nonce, expires_at) values (?, ?) on conflict (nonce) do nothing returning nonce';

/** `hot` runs the per-request insert; the purge is a cold path through knex. Whether a nonce was used is read
 * with the account's credentials (accounts' findCredentials), in one statement. */
export function nonceRepository(db: Knex | Knex.Transaction, hot: HotStatements): NonceRepository {
  return {
    async remember(nonce, expiresAt) {
      return (await hot.all(remember, [nonce, expiresAt])).length === 1;
    },
    async purge(now) {
      return db('used_nonces').where('expires_at', '<', now).delete();
    },
  };
}
