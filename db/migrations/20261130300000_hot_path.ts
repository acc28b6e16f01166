// Secondary indexes of the hot tables reviewed against the queries that use them (README "Group commit",
// hot tables): every index is one more B-tree written per row, and a single send writes a row into
// messages, message_recipients and inbox_entries. Two were not needed by any query:
// - inbox_entries (account_id, seq) UNIQUE: every read by inbox and sequence (the lease query, ack by
//   sequence number, the pending count) is served by inbox_entries_available_index, which leads with the
//   same columns; the uniqueness holds by construction, since sequence numbers are reserved from the
//   account's own counter (accounts.inbox_seq) in the sending transaction.
// - message_recipients (message_id, account_id): every query on recipients names the message, and the
//   primary key (message_id, position) leads with it; a message has at most recipientsPerMessage rows.
// Kept: inbox_entries available (lease, count), (account_id, lease_token) (ack by token), expires_at (the
// expiry sweep), message_id (finished-message purge and its cascade); messages expires_at (purge) and
// (sender_account_id, client_message_id) (idempotent retry); used_nonces expires_at (purge).
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('inbox_entries', (t) => t.dropUnique(['account_id', 'seq']));
  await knex.schema.alterTable('message_recipients', (t) => t.dropIndex(['message_id', 'account_id']));
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('inbox_entries', (t) => t.unique(['account_id', 'seq']));
  await knex.schema.alterTable('message_recipients', (t) => t.index(['message_id', 'account_id']));
}
