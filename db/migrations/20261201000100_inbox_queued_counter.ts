// GetMessages' `pending` from a maintained counter instead of a count(*) over the caller's inbox (issue 9,
// README "Group commit"): accounts.inbox_queued is the number of the inbox's entries that are not held by a
// filter's `store` (leased or not, expired or not, until they are deleted). Every statement that adds or
// removes such entries changes it in the same transaction: the sequence reservation of a send (messages,
// group copies, notices), the deletes of acks and the expiry sweep, and the release of held entries; an
// account's removal deletes its entries with its row. This migration counts the existing rows once.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('accounts', (t) => t.bigInteger('inbox_queued').notNullable().defaultTo(0));
  await knex.raw(
    'update accounts set inbox_queued = (select count(*) from inbox_entries e where e.account_id = accounts.id and e.held = ?)',
    [false],
  );
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('accounts', (t) => t.dropColumn('inbox_queued'));
}
