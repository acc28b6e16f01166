// Blocking across domains (docs/federation.md "Blocking"): a user blocks a whole peer domain (a `blocks` row
// naming a domain), and the operator blocks a peer's user or a peer domain for everyone (`operator_blocks`).
// Portable schema builder only.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('blocks', (t) => {
    // Lower-case; every account whose address ends in "@<domain>" is blocked.
    t.string('domain', 253).nullable();
    t.unique(['owner_id', 'domain']);
  });
  await knex.schema.createTable('operator_blocks', (t) => {
    t.increments('id');
    // One of the two: a peer domain's user (its stand-in account), or a whole peer domain.
    t.integer('account_id').nullable().unique().references('id').inTable('accounts').onDelete('CASCADE');
    t.string('domain', 253).nullable().unique();
    t.text('reason').nullable();
    t.bigInteger('created_at').notNullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('operator_blocks');
  await knex.schema.alterTable('blocks', (t) => {
    t.dropUnique(['owner_id', 'domain']);
    t.dropColumn('domain');
  });
}
