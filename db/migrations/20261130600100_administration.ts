// The administration module (docs/operations.md "Administration"): the audit log of every administrative
// action, who did what to what and when, and how it ended. Portable schema builder only.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('audit_log', (t) => {
    t.bigIncrements('id').primary();
    t.bigInteger('at').notNullable();
    t.string('actor', 320).notNullable();
    t.string('action', 32).notNullable();
    t.string('target', 320).nullable();
    t.text('detail').nullable();
    /** ok, or the fault code the action ended with. */
    t.string('outcome', 16).notNullable();
    t.index(['at']);
    t.index(['actor', 'id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('audit_log');
}
