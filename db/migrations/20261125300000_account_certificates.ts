// A pinned X.509 certificate per account: when set, every request of that account must be signed with
// its key over Body and Timestamp (DESIGN "Security": signatures for consumers configured to require them).
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('accounts', (t) => {
    t.text('signing_certificate').nullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('accounts', (t) => {
    t.dropColumn('signing_certificate');
  });
}
