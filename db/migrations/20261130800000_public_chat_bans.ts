// "Remove and ban everywhere" (use case 5.17): the operator bars an account from every public room, those that
// exist and those opened later, until lifted. One row per barred account. Portable schema builder only.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('public_chat_bans', (t) => {
    t.integer('account_id').primary().references('id').inTable('accounts').onDelete('CASCADE');
    t.text('reason').nullable();
    // Who barred the account: an admin's address, or "cli" for the operator's command line.
    t.string('banned_by', 320).notNullable();
    t.bigInteger('banned_at').notNullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('public_chat_bans');
}
