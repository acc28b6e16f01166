// Federation (issue 8): a claim on outbound items. Gateways sharing one PostgreSQL database each run a
// forwarder; the one that sends a batch to a peer claims its items first (claimed_by: the forwarder's id,
// claimed_until: epoch ms when the claim lapses, so a crashed gateway's items are taken over). On SQLite, one
// process drains the queue and the columns stay empty. Portable schema builder only.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('outbound_queue', (t) => {
    t.string('claimed_by', 64).nullable();
    t.bigInteger('claimed_until').nullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('outbound_queue', (t) => {
    t.dropColumn('claimed_by');
    t.dropColumn('claimed_until');
  });
}
