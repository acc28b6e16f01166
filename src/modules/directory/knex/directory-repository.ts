// Consumer directories over knex: username -> IM address, per consumer account.
import type { Knex } from 'knex';
import type { DirectoryRepository } from '../ports.js';
import { batchLimits, chunks } from '../../../platform/db/batches.js';

export function directoryRepository(db: Knex | Knex.Transaction): DirectoryRepository {
  return {
    async set(accountId, entries) {
      const rows = entries.map((e) => ({ account_id: accountId, username: e.username, address: e.address }));
      // Chunked under SQLite's bound-variable limit; an existing username is replaced (upsert).
      for (const part of chunks(rows, batchLimits.directoryRowsPerUpsert)) {
        await db('directory_entries').insert(part).onConflict(['account_id', 'username']).merge(['address']);
      }
      return rows.length;
    },
    async remove(accountId, usernames) {
      let removed = 0;
      for (const part of chunks(usernames)) {
        removed += await db('directory_entries').where({ account_id: accountId }).whereIn('username', part).delete();
      }
      return removed;
    },
    async page(accountId, after, limit) {
      const query = db('directory_entries').where({ account_id: accountId }).orderBy('username').limit(limit).select('username', 'address');
      if (after !== undefined) query.andWhere('username', '>', after);
      return await query;
    },
    async count(accountId) {
      const row = await db('directory_entries').where({ account_id: accountId }).count({ n: '*' }).first();
      return Number(row?.n ?? 0);
    },
    async addressOf(accountId, username) {
      const row = await db('directory_entries').where({ account_id: accountId, username }).first('address');
      return row?.address;
    },
    async usernameOf(accountId, address) {
      const row = await db('directory_entries').where({ account_id: accountId, address }).orderBy('username').first('username');
      return row?.username;
    },
  };
}
