// Indexes found missing by the benchmark (bench/README.md).
// - GetMessages counts what is still pending in the caller's inbox on every call (WSI-7). Without a
//   covering index the count reads every entry row of that inbox (17 ms at 25,000 entries); with it the
//   count is answered from the index alone (about 1 ms). It leads with (account_id, seq) so the lease query
//   keeps reading the inbox in sequence order without a sort (leading with expires_at made SQLite sort).
// - inbox_entries.message_id references messages: without an index, deleting a finished message (the
//   sweeper's purge, and its ON DELETE CASCADE) scans every inbox entry for each message deleted.
import type { Knex } from 'knex';

const available = { columns: ['account_id', 'seq', 'expires_at', 'lease_until'], name: 'inbox_entries_available_index' };
const byMessage = { columns: ['message_id'], name: 'inbox_entries_message_id_index' };

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('inbox_entries', (t) => {
    t.index(available.columns, available.name);
    t.index(byMessage.columns, byMessage.name);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('inbox_entries', (t) => {
    t.dropIndex(available.columns, available.name);
    t.dropIndex(byMessage.columns, byMessage.name);
  });
}
