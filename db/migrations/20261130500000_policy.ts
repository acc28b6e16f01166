// Policy (module policy; docs/operations.md): the operator's limits, filters (the operator's and each user's)
// and switches, the counters that enforce limits across every gateway sharing the database, and a version
// that every rule change bumps so each gateway reloads its cached rules. Portable schema builder only;
// times are epoch milliseconds in bigint columns.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  // One limit per (scope, subject, name). scope: system (subject ''), domain, role, account (an address),
  // peer (a peer domain). `value` for numbers, `text` for lists and choices (content types, overflow policy).
  await knex.schema.createTable('policy_limits', (t) => {
    t.increments('id').primary();
    t.string('scope', 16).notNullable();
    t.string('subject', 320).notNullable();
    t.string('name', 32).notNullable();
    t.bigInteger('value').nullable();
    t.text('text').nullable();
    t.bigInteger('created_at').notNullable();
    t.unique(['scope', 'subject', 'name']);
  });

  // Filters in order of id. owner_id null: a system filter (the operator's), applied before users' own.
  await knex.schema.createTable('policy_filters', (t) => {
    t.increments('id').primary();
    t.integer('owner_id').nullable().references('id').inTable('accounts').onDelete('CASCADE');
    // JSON: the criteria (filter-rules.ts), all of which must match.
    t.text('criteria').notNullable();
    t.string('treatment', 16).notNullable();
    // The redirect address or the tag.
    t.string('argument', 320).nullable();
    t.bigInteger('created_at').notNullable();
    t.index(['owner_id']);
  });

  // A row is a switch turned off. kind: submission | delivery | reports; scope: service (subject ''),
  // domain, account, peer, destination; set_by: operator | user (a user pausing their own delivery).
  await knex.schema.createTable('policy_switches', (t) => {
    t.increments('id').primary();
    t.string('kind', 16).notNullable();
    t.string('scope', 16).notNullable();
    t.string('subject', 320).notNullable();
    t.string('set_by', 16).notNullable();
    t.bigInteger('created_at').notNullable();
    t.unique(['kind', 'scope', 'subject', 'set_by']);
  });

  // Counters: a fixed window (rate 0: `used` in the window starting at `window_start`) or a token bucket
  // (rate > 0: `used` is the bucket's level at `window_start`, draining `rate` per millisecond).
  await knex.schema.createTable('policy_counters', (t) => {
    t.string('key', 400).primary();
    t.bigInteger('window_start').notNullable();
    t.double('used').notNullable();
    t.double('rate').notNullable().defaultTo(0);
  });

  // The inbox's entries carry the tag a filter gave them (treatment `tag`), shown with the message in GetMessages,
  // and whether a filter holds them (treatment `store`): kept, not handed out until the recipient releases them.
  await knex.schema.alterTable('inbox_entries', (t) => {
    t.string('tag', 64).nullable();
    t.boolean('held').notNullable().defaultTo(false);
  });

  await knex.schema.createTable('policy_state', (t) => {
    t.integer('id').primary();
    t.integer('version').notNullable();
  });
  await knex('policy_state').insert({ id: 1, version: 0 });
}

export async function down(knex: Knex): Promise<void> {
  for (const table of ['policy_state', 'policy_counters', 'policy_switches', 'policy_filters', 'policy_limits'])
    await knex.schema.dropTableIfExists(table);
  await knex.schema.alterTable('inbox_entries', (t) => {
    t.dropColumn('tag');
    t.dropColumn('held');
  });
}
