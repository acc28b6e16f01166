// WS-Security nonces seen within the Created window, so a replay is refused even after a restart.
import type { Knex } from 'knex';
import type { NonceRepository } from './nonce-port.js';

export function nonceRepository(db: Knex | Knex.Transaction): NonceRepository {
  return {
    async remember(nonce, expiresAt) {
      // ON CONFLICT DO NOTHING rather than catching the unique violation: the insert runs in a unit of work
      // (a savepoint of a group commit), and on PostgreSQL a failed statement would abort the transaction.
      const inserted = await db('used_nonces').insert({ nonce, expires_at: expiresAt }).onConflict('nonce').ignore().returning('nonce');
      return inserted.length === 1;
    },
    async purge(now) {
      return db('used_nonces').where('expires_at', '<', now).delete();
    },
  };
}
