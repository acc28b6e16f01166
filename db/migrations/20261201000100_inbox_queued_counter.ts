// GetMessages' `pending` from maintained counters instead of a count(*) over the caller's inbox (issue 9, README
// "Group commit"): an inbox's entries that are not held by a filter's `store` number accounts.inbox_queued less
// inbox_dequeued.count. Every statement that adds or removes such entries changes one of them in the same
// transaction: the sequence reservation of a send (messages, group copies, notices) and the release of held
// entries add to inbox_queued on the account's row, which those already lock; the deletes of acks and of the
// expiry sweep add to inbox_dequeued, a row of its own, so that they never take the account row's lock: an ack
// that sends a delivery report locks the sender's account row, and taking the acknowledging account's row
// first would let two users acknowledging each other's messages deadlock on PostgreSQL. An account's removal
// deletes its entries, its row and its inbox_dequeued row. This migration counts the existing rows once.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('accounts', (t) => t.bigInteger('inbox_queued').notNullable().defaultTo(0));
  await knex.schema.createTable('inbox_dequeued', (t) => {
    t.integer('account_id').primary().references('id').inTable('accounts').onDelete('CASCADE');
    t.bigInteger('count').notNullable().defaultTo(0);
  });
  await knex.raw(
    'update accounts set inbox_queued = (select count(*) from inbox_entries e where e.account_id = accounts.id and e.held = ?)',
    [false],
  );
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('inbox_dequeued');
  await knex.schema.alterTable('accounts', (t) => t.dropColumn('inbox_queued'));
}
