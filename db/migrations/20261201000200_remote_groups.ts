// groups: at a member's gateway, the groups of peer domains its accounts belong to (docs/groups.md "Members in
// a peer domain"): one row per (account, qualified group id) kept from the hosting domain's notices, and a copy
// of every group message and member event received for it, keyed by the host's groupSequence, for
// GetGroupHistory. Portable schema builder only.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('remote_groups', (t) => {
    t.integer('account_id').notNullable().references('id').inTable('accounts').onDelete('CASCADE');
    // <groupId>@<hosting domain>
    t.string('group_id', 320).notNullable();
    // The group as the hosting domain last told it (its `group.*` attributes), as JSON text.
    t.text('group').notNullable();
    // Its history retention, a column of its own for the history purge.
    t.integer('history_seconds').notNullable();
    t.integer('member_count').notNullable();
    t.string('screen_name', 64).notNullable();
    t.string('role', 16).notNullable();
    t.boolean('muted').notNullable();
    t.boolean('typing_notices').notNullable();
    t.bigInteger('joined_at').notNullable();
    t.bigInteger('updated_at').notNullable();
    t.primary(['account_id', 'group_id']);
  });
  await knex.schema.createTable('remote_group_history', (t) => {
    t.integer('account_id').notNullable().references('id').inTable('accounts').onDelete('CASCADE');
    t.string('group_id', 320).notNullable();
    // The hosting domain's groupSequence.
    t.bigInteger('seq').notNullable();
    // message | event
    t.string('kind', 16).notNullable();
    t.string('screen_name', 64).nullable();
    t.boolean('private').notNullable();
    t.string('type', 32).nullable();
    t.string('status', 32).nullable();
    t.string('content_type', 255).nullable();
    t.binary('content').nullable();
    t.bigInteger('at').notNullable();
    t.primary(['account_id', 'group_id', 'seq']);
    t.index(['at']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('remote_group_history');
  await knex.schema.dropTable('remote_groups');
}
