// WS-Security nonces seen within the Created window, so a replay is refused even after a restart.
import type { Knex } from 'knex';
import type { NonceRepository } from './nonce-port.js';
import { isUniqueViolation } from '../db/db-errors.js';

export function nonceRepository(db: Knex | Knex.Transaction): NonceRepository {
  return {
    async remember(nonce, expiresAt) {
      try {
        await db('used_nonces').insert({ nonce, expires_at: expiresAt });
        return true;
      } catch (error) {
        if (isUniqueViolation(error)) return false;
        throw error;
      }
    },
    async purge(now) {
      return db('used_nonces').where('expires_at', '<', now).delete();
    },
  };
}
