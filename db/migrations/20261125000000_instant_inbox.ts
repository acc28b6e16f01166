// The Instant Inbox schema. Portable schema builder only, so SQLite and PostgreSQL share it unchanged.
// Times are epoch milliseconds in bigint columns: comparable, indexable and identical on both databases.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('accounts', (t) => {
    t.increments('id');
    t.string('address', 320).notNullable().unique();
    t.string('msisdn', 16).nullable().unique();
    t.string('role', 16).notNullable();
    t.text('password_hash').notNullable();
    t.text('sealed_secret').notNullable();
    // Last sequence number handed out in this account's inbox (per-inbox order, WSI-6).
    t.bigInteger('inbox_seq').notNullable().defaultTo(0);
    t.bigInteger('created_at').notNullable();
  });

  await knex.schema.createTable('messages', (t) => {
    t.string('id', 64).primary();
    t.string('kind', 16).notNullable();
    t.integer('sender_account_id').nullable().references('id').inTable('accounts').onDelete('SET NULL');
    t.string('sender_address', 320).nullable();
    t.boolean('hide_sender').notNullable();
    t.string('client_message_id', 128).nullable();
    t.string('content_type', 255).notNullable();
    t.binary('content').notNullable();
    t.text('subject').nullable();
    t.string('priority', 8).notNullable();
    t.boolean('delivery_report').notNullable();
    t.text('notification').nullable();
    // The accepted recipients, as JSON, so reading an inbox needs no second query.
    t.text('recipient_list').notNullable();
    t.bigInteger('sent_at').notNullable();
    t.bigInteger('expires_at').notNullable().index();
    // Idempotent retry: the same sender and clientMessageId is stored once.
    t.unique(['sender_account_id', 'client_message_id']);
  });

  await knex.schema.createTable('message_recipients', (t) => {
    t.string('message_id', 64).notNullable().references('id').inTable('messages').onDelete('CASCADE');
    t.integer('position').notNullable();
    t.string('address', 320).notNullable();
    t.integer('account_id').nullable().references('id').inTable('accounts').onDelete('SET NULL');
    t.string('status', 16).notNullable();
    t.string('error_code', 16).nullable();
    t.text('error_text').nullable();
    t.bigInteger('updated_at').notNullable();
    t.primary(['message_id', 'position']);
    t.index(['message_id', 'account_id']);
  });

  await knex.schema.createTable('inbox_entries', (t) => {
    t.increments('id');
    t.integer('account_id').notNullable().references('id').inTable('accounts').onDelete('CASCADE');
    t.bigInteger('seq').notNullable();
    t.string('message_id', 64).notNullable().references('id').inTable('messages').onDelete('CASCADE');
    t.bigInteger('received_at').notNullable();
    t.bigInteger('expires_at').notNullable().index();
    // A returned message is leased, not deleted: it comes back when lease_until passes unacknowledged.
    t.bigInteger('lease_until').nullable();
    t.string('lease_token', 64).nullable();
    t.integer('delivery_count').notNullable().defaultTo(0);
    t.unique(['account_id', 'seq']);
    t.index(['account_id', 'lease_token']);
  });

  await knex.schema.createTable('used_nonces', (t) => {
    t.string('nonce', 128).primary();
    t.bigInteger('expires_at').notNullable().index();
  });
}

export async function down(knex: Knex): Promise<void> {
  for (const table of ['used_nonces', 'inbox_entries', 'message_recipients', 'messages', 'accounts']) {
    await knex.schema.dropTableIfExists(table);
  }
}
