// Aliases over knex (rows: platform/db/tables.ts). The primary key keeps an alias unique across accounts.
import type { Knex } from 'knex';
import type { AliasRepository } from '../ports.js';

export function aliasRepository(db: Knex | Knex.Transaction): AliasRepository {
  return {
    async add(address, accountId, now) {
      await db('aliases').insert({ address, account_id: accountId, created_at: now });
    },
    async ownerOf(address) {
      const row = await db('aliases').where({ address }).first('account_id');
      return row?.account_id;
    },
    async list(accountId) {
      const rows = await db('aliases').where({ account_id: accountId }).orderBy('address').select('address');
      return rows.map((r) => r.address);
    },
    async remove(address, accountId) {
      return (await db('aliases').where({ address, account_id: accountId }).delete()) > 0;
    },
  };
}
