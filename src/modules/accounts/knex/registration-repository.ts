// Registration tokens and held addresses over knex (rows: platform/db/tables.ts).
import type { Knex } from 'knex';
import type { RegistrationRepository, RegistrationToken } from '../ports.js';
import type { RegistrationTokenRow } from '../../../platform/db/tables.js';
import { dialectOf } from '../../../platform/db/dialect.js';

const toToken = (row: RegistrationTokenRow): RegistrationToken => ({
  token: row.token,
  usesAllowed: row.uses_allowed,
  completed: row.completed,
  expiresAt: row.expires_at === null ? null : Number(row.expires_at),
  createdAt: Number(row.created_at),
});

export function registrationRepository(db: Knex | Knex.Transaction): RegistrationRepository {
  return {
    async createToken(token) {
      await db('registration_tokens').insert({
        token: token.token,
        uses_allowed: token.usesAllowed,
        completed: token.completed,
        expires_at: token.expiresAt,
        created_at: token.createdAt,
      });
    },
    async listTokens() {
      return (await db('registration_tokens').orderBy('created_at').select()).map(toToken);
    },
    async useToken(token, now) {
      // One conditional UPDATE: two registrations racing for the last use cannot both get it.
      const changed = await db('registration_tokens')
        .where({ token })
        .andWhere((q) => q.whereNull('expires_at').orWhere('expires_at', '>', now))
        .andWhere((q) => q.whereNull('uses_allowed').orWhere('completed', '<', db.ref('uses_allowed')))
        .increment('completed', 1);
      return changed > 0;
    },
    async claim(address) {
      // SQLite has one writer: the unit's checks and insert already run alone.
      if (dialectOf(db).name !== 'pg') return;
      // Released at commit or rollback of the transaction. 6000: this module's key space (the error range).
      await db.raw('select pg_advisory_xact_lock(6000, hashtext(?))', [address]);
    },
    async hold(address, until) {
      await db('held_addresses').insert({ address, held_until: until }).onConflict('address').merge();
    },
    async isHeld(address, now) {
      const row = await db('held_addresses').where({ address }).andWhere('held_until', '>', now).first('address');
      return row !== undefined;
    },
  };
}
