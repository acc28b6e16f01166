// Federation of social events (docs/federation.md "Social events across domains"): the durable queue of
// events for peer domains (subscribe, unsubscribe, authorization answers, presence), the ids of events
// received from peers (exactly once), and a peer found without the Federation service. Portable schema
// builder only.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('social_outbound', (t) => {
    t.increments('id').primary();
    t.string('event_id', 64).notNullable().unique();
    t.string('domain', 253).notNullable();
    t.string('type', 32).notNullable();
    t.string('from_address', 320).notNullable();
    t.string('to_address', 320).notNullable();
    t.string('status', 16).nullable();
    /** JSON array of {name, value}. */
    t.text('attributes').notNullable();
    t.integer('attempts').notNullable().defaultTo(0);
    t.text('last_error').nullable();
    t.bigInteger('created_at').notNullable();
    t.index(['domain', 'id']);
  });
  await knex.schema.createTable('social_inbound', (t) => {
    t.string('domain', 253).notNullable();
    t.string('event_id', 64).notNullable();
    t.bigInteger('received_at').notNullable();
    t.primary(['domain', 'event_id']);
    t.index(['received_at']);
  });
  await knex.schema.alterTable('peers', (t) => {
    /** When the peer answered that it has no Federation service; cleared by AddPeer. */
    t.bigInteger('social_unsupported_at').nullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('peers', (t) => {
    t.dropColumn('social_unsupported_at');
  });
  await knex.schema.dropTable('social_inbound');
  await knex.schema.dropTable('social_outbound');
}
