// Federation (issue 4): the peer routing table, the durable outbound queue, the consumer directories, and
// the per-inbox usernames a consumer sees. Portable schema builder only; times are epoch-ms bigints.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  // One row per peer domain: where to forward (outbound route) and which local account the peer uses to
  // send to us (inbound trust). A peer account may speak only for the domains bound to it here.
  await knex.schema.createTable('peers', (t) => {
    t.string('domain', 253).primary();
    t.text('endpoint_url').nullable();
    t.string('remote_username', 320).nullable();
    // The password used at the peer, sealed with the server key (secret-box), never stored in clear.
    t.text('sealed_password').nullable();
    t.integer('inbound_account_id').nullable().references('id').inTable('accounts').onDelete('SET NULL');
    t.bigInteger('created_at').notNullable();
    t.index(['inbound_account_id']);
  });

  // Recipients in routed domains, stored in the SendMessages transaction and drained by the forwarder.
  // id order is submission order: the forwarder sends per domain in id order, so order per recipient holds.
  await knex.schema.createTable('outbound_queue', (t) => {
    t.increments('id');
    t.string('message_id', 64).notNullable().references('id').inTable('messages').onDelete('CASCADE');
    t.integer('position').notNullable();
    t.string('domain', 253).notNullable();
    t.string('address', 320).notNullable();
    // pending: not yet accepted by the peer; sent: accepted, waiting for the peer's delivery report.
    t.string('state', 16).notNullable();
    t.integer('attempts').notNullable().defaultTo(0);
    t.text('last_error').nullable();
    t.string('remote_message_id', 128).nullable();
    t.bigInteger('expires_at').notNullable();
    t.bigInteger('created_at').notNullable();
    t.index(['state', 'domain', 'id']);
    t.index(['remote_message_id']);
    t.index(['expires_at']);
  });

  // A consumer's own usernames (Appendix B), each mapped to an IM address in any domain.
  await knex.schema.createTable('directory_entries', (t) => {
    t.integer('account_id').notNullable().references('id').inTable('accounts').onDelete('CASCADE');
    t.string('username', 64).notNullable();
    t.string('address', 320).notNullable();
    t.primary(['account_id', 'username']);
    t.index(['account_id', 'address']);
  });

  // What the inbox owner sees in its own namespace: the sender's username (reverse directory lookup) and
  // the target username of a sub-addressed message (consumer+name@domain).
  await knex.schema.alterTable('inbox_entries', (t) => {
    t.string('sender_username', 64).nullable();
    t.string('target_username', 64).nullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('inbox_entries', (t) => {
    t.dropColumn('sender_username');
    t.dropColumn('target_username');
  });
  for (const table of ['directory_entries', 'outbound_queue', 'peers']) await knex.schema.dropTableIfExists(table);
}
