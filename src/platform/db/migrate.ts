// Runs the knex migrations in db/migrations: TypeScript through tsx (tests, a checkout without a build), or
// the JavaScript npm run build compiled into dist/db/migrations.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Knex } from 'knex';

export const migrationsDirectory = fileURLToPath(new URL('../../../db/migrations', import.meta.url));

/**
 * knex records each migration by file name. A database migrated from the sources holds `..._init.ts`; the
 * compiled gateway would list `..._init.js`, call the directory corrupt and re-run everything. So every
 * migration is named `<base>.ts` whichever file is loaded, and one database serves both.
 */
const migrationSource: Knex.MigrationSource<string> = {
  getMigrations: () =>
    Promise.resolve(
      readdirSync(migrationsDirectory)
        .filter((file) => /\.(ts|js)$/.test(file) && !file.endsWith('.d.ts'))
        .sort(),
    ),
  getMigrationName: (file) => file.replace(/\.js$/, '.ts'),
  getMigration: (file) => import(pathToFileURL(join(migrationsDirectory, file)).href) as Promise<Knex.Migration>,
};

export async function migrateLatest(db: Knex): Promise<string[]> {
  // Up to date (every CLI command, and a gateway restarted beside others on one database): read only. knex's
  // latest() takes its migration lock in a write transaction (read the lock row, then update it) even when
  // nothing is pending; on SQLite that transaction fails at once with SQLITE_BUSY when a running gateway
  // commits between its read and its write (a deferred transaction cannot upgrade past a newer commit).
  const [, pending] = (await db.migrate.list({ migrationSource })) as [unknown[], unknown[]];
  if (pending.length === 0) return [];
  const [, applied] = (await db.migrate.latest({ migrationSource })) as [number, string[]];
  return applied;
}
