// Every storage backend the gateway supports, each as a fresh, migrated, empty database.
// PostgreSQL runs where it is reachable on 127.0.0.1:5432 and is reported as skipped where it is not.
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import knexFactory from 'knex';
import type { Config } from '../../src/platform/config.js';
import { tempDir } from './gateway.js';

export interface Backend {
  readonly name: Config['db']['client'];
  /** Settings for configWith / startTestGateway. */
  create(): Promise<{ settings: Record<string, string>; drop(): Promise<void> }>;
}

const pgAdminUrl = process.env.IMWSI_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export async function postgresAvailable(): Promise<boolean> {
  const admin = knexFactory({ client: 'pg', connection: pgAdminUrl, pool: { min: 0, max: 1 }, acquireConnectionTimeout: 3000 });
  try {
    await admin.raw('select 1');
    return true;
  } catch {
    return false;
  } finally {
    await admin.destroy();
  }
}

const sqlite = (name: 'better-sqlite3' | 'sqlite3'): Backend => ({
  name,
  async create() {
    return { settings: { 'db-client': name, db: join(tempDir(), 'store.sqlite') }, drop: async () => {} };
  },
});

const postgres: Backend = {
  name: 'pg',
  async create() {
    const database = `imwsi_test_${randomBytes(6).toString('hex')}`;
    const admin = knexFactory({ client: 'pg', connection: pgAdminUrl, pool: { min: 0, max: 1 } });
    await admin.raw(`create database ${database}`);
    await admin.destroy();
    const url = new URL(pgAdminUrl);
    url.pathname = `/${database}`;
    return {
      settings: { 'db-client': 'pg', 'db-url': url.toString(), 'secret-key-file': join(tempDir(), 'imwsi.key') },
      async drop() {
        const cleanup = knexFactory({ client: 'pg', connection: pgAdminUrl, pool: { min: 0, max: 1 } });
        await cleanup.raw(`drop database if exists ${database} with (force)`);
        await cleanup.destroy();
      },
    };
  },
};

export const backends: readonly Backend[] = [sqlite('better-sqlite3'), sqlite('sqlite3'), postgres];
