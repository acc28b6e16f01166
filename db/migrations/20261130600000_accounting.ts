// The accounting module (docs/operations.md "Usage records", "Prepaid"): one usage record per chargeable event,
// written in the event's own transaction, and each account's charging terms (subscriber identity, payment
// model, tariff, prepaid balance). Records keep addresses, not account ids: they outlive the accounts they
// name, as a bill must. Portable schema builder only.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('usage_records', (t) => {
    // The export cursor (`--after-id`): ascending, never reused.
    t.bigIncrements('id').primary();
    t.string('correlation_id', 64).notNullable();
    t.string('event', 24).notNullable();
    t.string('service_type', 12).notNullable();
    t.string('charged_party', 320).notNullable();
    t.string('subscriber_id', 64).nullable();
    t.string('subscriber_type', 8).nullable();
    /** JSON array of addresses. */
    t.text('other_parties').notNullable();
    t.bigInteger('at').notNullable();
    t.string('content_type', 255).nullable();
    t.bigInteger('size_bytes').notNullable().defaultTo(0);
    t.integer('sent_count').notNullable().defaultTo(0);
    t.integer('sent_ok').notNullable().defaultTo(0);
    t.integer('exploded_count').notNullable().defaultTo(0);
    t.integer('exploded_ok').notNullable().defaultTo(0);
    t.string('peer_domain', 253).nullable();
    t.string('outcome', 16).nullable();
    /** In the tariff's minor units; 0 when no tariff applies. */
    t.bigInteger('charge').notNullable().defaultTo(0);
    t.index(['at']);
  });
  await knex.schema.createTable('account_charging', (t) => {
    t.integer('account_id').primary().references('id').inTable('accounts').onDelete('CASCADE');
    /** GO-3: an identity the operator's billing system knows the subscriber by. */
    t.string('subscriber_id', 64).nullable();
    t.string('payment', 8).notNullable().defaultTo('postpaid');
    t.bigInteger('balance').notNullable().defaultTo(0);
    t.bigInteger('per_message').notNullable().defaultTo(0);
    t.bigInteger('per_recipient').notNullable().defaultTo(0);
    t.bigInteger('per_kilobyte').notNullable().defaultTo(0);
    t.bigInteger('updated_at').notNullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('account_charging');
  await knex.schema.dropTable('usage_records');
}
