// Accounts and identity (module accounts; docs/accounts.md): account states, registration tokens, addresses
// held after a deletion, profiles with per-field visibility, aliases. Portable schema builder only; times are
// epoch milliseconds in bigint columns.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('accounts', (t) => {
    // pending (provisioned, not registered: 5.18) | active | suspended (by the operator). Existing accounts
    // were made by the operator and used at once: active.
    t.string('state', 16).notNullable().defaultTo('active');
    // While suspended: messages to the account are refused (true) or stored (false), the operator's choice.
    t.boolean('refuse_messages').notNullable().defaultTo(false);
    // Operator-assigned policy class (for example `minor`); null is the general class. Confines search.
    t.string('policy_class', 32).nullable();
    t.index(['state']);
  });

  // Registration tokens the operator issued (registration mode `token`), like Synapse's.
  await knex.schema.createTable('registration_tokens', (t) => {
    t.string('token', 64).primary();
    // Null: unlimited uses.
    t.integer('uses_allowed').nullable();
    t.integer('completed').notNullable().defaultTo(0);
    // Null: never expires.
    t.bigInteger('expires_at').nullable();
    t.bigInteger('created_at').notNullable();
  });

  // Addresses (deleted accounts', retired aliases') nobody may take until `held_until`.
  await knex.schema.createTable('held_addresses', (t) => {
    t.string('address', 320).primary();
    t.bigInteger('held_until').notNullable();
  });

  // One profile per account; no row means the operator's default profile (PP2-39). Each field has its value
  // and its visibility: public | contacts | private.
  await knex.schema.createTable('profiles', (t) => {
    t.integer('account_id').primary().references('id').inTable('accounts').onDelete('CASCADE');
    // JSON: { field: { value, visibility } } for the fields the user set.
    t.text('fields').notNullable().defaultTo('{}');
    // Searchable values, copied out of `fields` when public, so SearchUsers filters in SQL; null when the
    // value is not public (a hidden value never matches).
    t.integer('public_birth_year').nullable();
    t.string('public_gender', 64).nullable();
    t.string('public_intention', 64).nullable();
    t.string('public_city', 128).nullable();
    t.string('public_country', 64).nullable();
    t.text('public_text').nullable();
    t.boolean('searchable').notNullable().defaultTo(false);
    t.bigInteger('updated_at').notNullable();
    t.index(['searchable']);
  });

  // Aliases (PP2-24, 25): addresses others can send to, unique across accounts and aliases.
  await knex.schema.createTable('aliases', (t) => {
    t.string('address', 320).primary();
    t.integer('account_id').notNullable().references('id').inTable('accounts').onDelete('CASCADE');
    t.bigInteger('created_at').notNullable();
    t.index(['account_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('aliases');
  await knex.schema.dropTable('profiles');
  await knex.schema.dropTable('held_addresses');
  await knex.schema.dropTable('registration_tokens');
  await knex.schema.alterTable('accounts', (t) => {
    t.dropIndex(['state']);
    t.dropColumn('policy_class');
    t.dropColumn('refuse_messages');
    t.dropColumn('state');
  });
}
