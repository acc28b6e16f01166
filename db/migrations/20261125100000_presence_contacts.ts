// Presence, presence subscriptions/authorizations, server-stored contact lists, blocks and privacy settings
// (issue 3). Portable schema builder only; times are epoch milliseconds in bigint columns.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  // Published presence (PP-4, GU-4) plus the activity that derives "online" from polling.
  await knex.schema.createTable('presence', (t) => {
    t.integer('account_id').primary().references('id').inTable('accounts').onDelete('CASCADE');
    // Null until the user publishes: an active user who never published is simply "available".
    t.string('availability', 16).nullable();
    t.text('status_text').nullable();
    t.string('device', 255).nullable();
    t.text('capabilities').notNullable().defaultTo('[]');
    // WSI-4: further attributes as name/value pairs, JSON.
    t.text('attributes').notNullable().defaultTo('[]');
    t.bigInteger('published_at').nullable();
    t.bigInteger('last_active_at').nullable();
    // The activity state last announced to watchers; the idle sweep looks for online rows gone quiet.
    t.boolean('online').notNullable().defaultTo(false);
    t.index(['online', 'last_active_at']);
  });

  // One row per (presentity, watcher): the presentity's authorization and whether the watcher subscribes.
  await knex.schema.createTable('presence_subscriptions', (t) => {
    t.integer('presentity_id').notNullable().references('id').inTable('accounts').onDelete('CASCADE');
    t.integer('watcher_id').notNullable().references('id').inTable('accounts').onDelete('CASCADE');
    // pending | granted | refused
    t.string('state', 16).notNullable();
    t.boolean('subscribed').notNullable();
    // subscribe | contact: which notice types the request and its answer use.
    t.string('origin', 16).notNullable();
    // The watcher invited the presentity to add it back (use case 5.1 step 24).
    t.boolean('add_back_invited').notNullable().defaultTo(false);
    t.bigInteger('requested_at').notNullable();
    t.bigInteger('updated_at').notNullable();
    t.primary(['presentity_id', 'watcher_id']);
    t.index(['watcher_id']);
  });

  // The last presence notice written per (watcher, presentity), so bursts rewrite it instead of piling up.
  await knex.schema.createTable('presence_notices', (t) => {
    t.integer('watcher_id').notNullable().references('id').inTable('accounts').onDelete('CASCADE');
    t.integer('presentity_id').notNullable().references('id').inTable('accounts').onDelete('CASCADE');
    t.string('message_id', 64).notNullable();
    t.primary(['watcher_id', 'presentity_id']);
    t.index(['presentity_id']);
  });

  await knex.schema.createTable('contact_lists', (t) => {
    t.increments('id');
    t.integer('owner_id').notNullable().references('id').inTable('accounts').onDelete('CASCADE');
    t.string('name', 64).notNullable();
    // Lower-cased name: "Friends" and "friends" are one list.
    t.string('name_key', 64).notNullable();
    t.bigInteger('created_at').notNullable();
    t.unique(['owner_id', 'name_key']);
  });

  await knex.schema.createTable('contact_entries', (t) => {
    t.increments('id');
    t.integer('list_id').notNullable().references('id').inTable('contact_lists').onDelete('CASCADE');
    t.integer('contact_account_id').notNullable().references('id').inTable('accounts').onDelete('CASCADE');
    t.string('address', 320).notNullable();
    t.string('nickname', 64).notNullable();
    t.string('nickname_key', 64).notNullable();
    // PP2-22: alternative contact information, name/value pairs as JSON.
    t.text('alternatives').notNullable().defaultTo('[]');
    t.bigInteger('created_at').notNullable();
    t.bigInteger('updated_at').notNullable();
    t.unique(['list_id', 'nickname_key']);
    t.unique(['list_id', 'contact_account_id']);
    t.index(['contact_account_id']);
  });

  // PP2-23: a block names one user or one of the owner's lists.
  await knex.schema.createTable('blocks', (t) => {
    t.increments('id');
    t.integer('owner_id').notNullable().references('id').inTable('accounts').onDelete('CASCADE');
    t.integer('account_id').nullable().references('id').inTable('accounts').onDelete('CASCADE');
    t.integer('list_id').nullable().references('id').inTable('contact_lists').onDelete('CASCADE');
    t.bigInteger('created_at').notNullable();
    t.unique(['owner_id', 'account_id']);
    t.unique(['owner_id', 'list_id']);
    t.index(['account_id']);
  });

  // GU-5: privacy is opt-in; a missing row means the defaults.
  await knex.schema.createTable('user_settings', (t) => {
    t.integer('account_id').primary().references('id').inTable('accounts').onDelete('CASCADE');
    t.string('alias', 64).nullable();
    t.boolean('require_authorization').notNullable();
    t.string('accept_messages_from', 16).notNullable();
    t.boolean('reject_while_unavailable').notNullable();
    t.boolean('notify_attempted_contacts').notNullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  for (const table of [
    'user_settings',
    'blocks',
    'contact_entries',
    'contact_lists',
    'presence_notices',
    'presence_subscriptions',
    'presence',
  ]) {
    await knex.schema.dropTableIfExists(table);
  }
}
