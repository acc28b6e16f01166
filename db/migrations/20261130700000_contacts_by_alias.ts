// A contact added by one of the contact's aliases (docs/accounts.md "Contacts added by alias"): the entry keeps
// the resolved account (contact_account_id, address) as before, and the alias it was added by, which is what
// the owner sees. Portable schema builder only.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('contact_entries', (t) => {
    t.string('alias', 320).nullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('contact_entries', (t) => {
    t.dropColumn('alias');
  });
}
