// Runs the knex migrations in db/migrations (TypeScript, loaded through tsx).
import { fileURLToPath } from 'node:url';
import type { Knex } from 'knex';

export const migrationsDirectory = fileURLToPath(new URL('../../../db/migrations', import.meta.url));

export async function migrateLatest(db: Knex): Promise<string[]> {
  const [, applied] = (await db.migrate.latest({ directory: migrationsDirectory, loadExtensions: ['.ts'] })) as [number, string[]];
  return applied;
}
