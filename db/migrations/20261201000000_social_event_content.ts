// Groups across domains (docs/federation.md "Groups across domains"): a social event may carry content (a
// group message's bytes, up to the message size limit), which the 1,024-character attribute values cannot.
// Portable schema builder only.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('social_outbound', (t) => {
    t.binary('content').nullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('social_outbound', (t) => {
    t.dropColumn('content');
  });
}
