// Groups and chat rooms (module groups, docs/groups.md): groups, their members, pending invitations and join
// requests, ban lists, the history in each group's one order, the coalesced typing notices, and the
// server-wide public chat switch. Portable schema builder only; times are epoch milliseconds in bigint columns.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('groups', (t) => {
    t.string('id', 64).primary();
    t.string('name', 255).notNullable();
    // The owner account; null once the owner's account is gone (the group lives on under its admins).
    t.integer('owner_id').nullable().references('id').inTable('accounts').onDelete('SET NULL');
    // GIM-7: created by an admin account for others.
    t.boolean('created_by_operator').notNullable().defaultTo(false);
    // GIM-8: open | closed.
    t.string('access', 16).notNullable();
    // private | public (listed in the room directory, screen names only).
    t.string('visibility', 16).notNullable();
    t.text('topic').nullable();
    t.text('welcome').nullable();
    t.integer('max_members').notNullable();
    t.boolean('private_messages').notNullable();
    t.boolean('members_may_invite').notNullable();
    // How long history is kept: at most the operator's retention, lower if the group says so.
    t.integer('history_seconds').notNullable();
    // Temporary groups (use case 5.12): the end of the duration; null for permanent groups.
    t.bigInteger('expires_at').nullable();
    t.boolean('expiring_notice_sent').notNullable().defaultTo(false);
    // The group's one order (PP-29): every message and member event takes the next number.
    t.bigInteger('last_seq').notNullable().defaultTo(0);
    t.bigInteger('created_at').notNullable();
    t.bigInteger('last_activity_at').notNullable();
    // A closed group is a tombstone until purged: its id cannot be re-created or reused.
    t.bigInteger('closed_at').nullable();
    t.index(['visibility', 'closed_at']);
    t.index(['expires_at']);
  });

  await knex.schema.createTable('group_members', (t) => {
    t.string('group_id', 64).notNullable().references('id').inTable('groups').onDelete('CASCADE');
    t.integer('account_id').notNullable().references('id').inTable('accounts').onDelete('CASCADE');
    // owner | admin | member
    t.string('role', 16).notNullable();
    t.string('screen_name', 64).notNullable();
    // PP-43: unique within the group, case-insensitively.
    t.string('screen_key', 64).notNullable();
    t.boolean('muted').notNullable().defaultTo(false);
    // PP-44: the member's opt-out of typing notices, enforced both ways.
    t.boolean('typing_notices').notNullable().defaultTo(true);
    t.bigInteger('joined_at').notNullable();
    t.bigInteger('last_sent_at').nullable();
    t.primary(['group_id', 'account_id']);
    t.unique(['group_id', 'screen_key']);
    t.index(['account_id']);
  });

  // Pending invitations (kind invitation, with the inviter) and join requests to closed groups (kind request).
  await knex.schema.createTable('group_invitations', (t) => {
    t.string('group_id', 64).notNullable().references('id').inTable('groups').onDelete('CASCADE');
    t.integer('account_id').notNullable().references('id').inTable('accounts').onDelete('CASCADE');
    t.string('kind', 16).notNullable();
    t.integer('inviter_id').nullable().references('id').inTable('accounts').onDelete('SET NULL');
    // The screen name a join request asked for (approval keeps it).
    t.string('screen_name', 64).nullable();
    t.bigInteger('created_at').notNullable();
    t.primary(['group_id', 'account_id', 'kind']);
  });

  // The IMPS RejectList (XEP-0045 "outcast"): a banned account can neither join nor be invited.
  await knex.schema.createTable('group_bans', (t) => {
    t.string('group_id', 64).notNullable().references('id').inTable('groups').onDelete('CASCADE');
    t.integer('account_id').notNullable().references('id').inTable('accounts').onDelete('CASCADE');
    // The screen name it was banned under: how an admin names it to unban.
    t.string('screen_key', 64).notNullable();
    t.text('reason').nullable();
    t.bigInteger('banned_at').notNullable();
    t.primary(['group_id', 'account_id']);
  });

  // MU-7, PP2-45: messages and member events in the group's order. Private messages (PP-33) are kept for
  // their sender and addressee only (private_to).
  await knex.schema.createTable('group_history', (t) => {
    t.string('group_id', 64).notNullable().references('id').inTable('groups').onDelete('CASCADE');
    t.bigInteger('seq').notNullable();
    // message | event
    t.string('kind', 16).notNullable();
    t.string('message_id', 64).nullable();
    t.integer('sender_id').nullable();
    t.string('screen_name', 64).nullable();
    t.integer('private_to').nullable();
    // For an event: its notice type and status.
    t.string('type', 32).nullable();
    t.string('status', 32).nullable();
    t.string('content_type', 255).nullable();
    t.binary('content').nullable();
    t.bigInteger('at').notNullable();
    t.primary(['group_id', 'seq']);
    t.index(['at']);
  });

  // The last typing notice per (group, sender, recipient), rewritten while unread (coalescing, PP-37).
  await knex.schema.createTable('group_typing_notices', (t) => {
    t.string('group_id', 64).notNullable().references('id').inTable('groups').onDelete('CASCADE');
    t.integer('sender_id').notNullable();
    t.integer('recipient_id').notNullable();
    t.string('message_id', 64).notNullable();
    t.primary(['group_id', 'sender_id', 'recipient_id']);
  });

  // Server-wide switches the operator sets at run time (5.17: public chat MUST be possible to switch off).
  await knex.schema.createTable('group_switches', (t) => {
    t.string('name', 64).primary();
    t.boolean('enabled').notNullable();
    t.bigInteger('updated_at').notNullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  for (const table of [
    'group_switches',
    'group_typing_notices',
    'group_history',
    'group_bans',
    'group_invitations',
    'group_members',
    'groups',
  ])
    await knex.schema.dropTableIfExists(table);
}
