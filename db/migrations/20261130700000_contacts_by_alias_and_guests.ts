// Two additions of the accounts work (docs/accounts.md). Portable schema builder only.
// - A contact added by one of the contact's aliases: the entry keeps the resolved account
//   (contact_account_id, address) as before, and the alias it was added by, which is what the owner sees.
// - Anonymous guest accounts (GS-3): when a guest last polled its inbox, so the idle ones can be removed.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('contact_entries', (t) => {
    t.string('alias', 320).nullable();
  });
  await knex.schema.alterTable('accounts', (t) => {
    t.bigInteger('last_active_at').nullable();
    t.index(['policy_class']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('accounts', (t) => {
    t.dropIndex(['policy_class']);
    t.dropColumn('last_active_at');
  });
  await knex.schema.alterTable('contact_entries', (t) => {
    t.dropColumn('alias');
  });
}
