// The steps of starting that can fail for reasons outside the code (README "Start-up failures"): each
// throws a StartupError that names the file, port or database and says what to do, and leaves nothing
// open behind it, so the process ends at once instead of hanging on a half-open database.
import { closeSync, mkdirSync, openSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Knex } from 'knex';
import pg from 'pg';
import type { Config } from '../platform/config.js';
import { openDatabase } from '../platform/db/database.js';
import { migrateLatest } from '../platform/db/migrate.js';
import { StartupError, systemReason } from '../platform/startup-error.js';

/** The database URL without its password, for messages. */
function shownUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(the --db-url given)';
  }
}

/**
 * PostgreSQL is tried with one plain connection first: knex's pool would retry, log each attempt and hold
 * the process, where an operator wants one line at once.
 */
async function probePostgres(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
  } catch (error) {
    throw new StartupError(
      `cannot reach the database at ${shownUrl(url)} (${systemReason(error)}): check --db-url and that PostgreSQL runs and accepts this user`,
      { cause: error },
    );
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** The SQLite file can be created or opened for writing: checked before knex, which would retry and log. */
function probeSqliteFile(filename: string): void {
  if (filename === ':memory:') return;
  try {
    mkdirSync(dirname(filename), { recursive: true });
    closeSync(openSync(filename, 'a'));
  } catch (error) {
    throw new StartupError(
      `cannot open the SQLite file ${filename} (${systemReason(error)}): check --db, a file in a directory imwsi may write`,
      {
        cause: error,
      },
    );
  }
}

/** The database, reachable and migrated; closed again if either fails. */
export async function openMigratedDatabase(config: Config): Promise<Knex> {
  if (config.db.client !== 'pg') probeSqliteFile(config.db.filename);
  else if (config.db.url) await probePostgres(config.db.url);
  const db = openDatabase(config.db);
  try {
    await migrateLatest(db);
    return db;
  } catch (error) {
    await db.destroy();
    const where = config.db.client === 'pg' ? shownUrl(config.db.url ?? '') : config.db.filename;
    throw new StartupError(`cannot open or migrate the database ${where} (${systemReason(error)})`, { cause: error });
  }
}

function readPem(file: string, flag: string): Buffer {
  try {
    return readFileSync(file);
  } catch (error) {
    throw new StartupError(`cannot read ${file} given by ${flag} (${systemReason(error)}): check the path and that imwsi may read it`, {
      cause: error,
    });
  }
}

/** The TLS certificate and key, read before anything is opened. */
export function readTlsFiles(config: Config): { cert: Buffer; key: Buffer } | undefined {
  const { certFile, keyFile } = config.tls;
  if (!certFile || !keyFile) return undefined;
  return { cert: readPem(certFile, '--tls-cert'), key: readPem(keyFile, '--tls-key') };
}

const listenAdvice = new Map<string, (config: Config) => string>([
  ['EADDRINUSE', (c) => `port ${c.port} on ${c.host} is in use: stop the other server or choose another --port`],
  ['EACCES', (c) => `not allowed to listen on port ${c.port}: choose a --port above 1023, or grant CAP_NET_BIND_SERVICE`],
  ['EADDRNOTAVAIL', (c) => `${c.host} is not an address of this machine: check --host`],
  ['ENOTFOUND', (c) => `--host ${c.host} does not resolve to an address: check --host`],
]);

/** Listens, or explains why it cannot. */
export function listenOn(server: Server, config: Config): Promise<AddressInfo> {
  return new Promise((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      const advice = listenAdvice.get(error.code ?? '');
      const message = advice ? advice(config) : `cannot listen on ${config.host}:${config.port} (${systemReason(error)})`;
      reject(new StartupError(message, { cause: error }));
    });
    server.listen(config.port, config.host, () => resolve(server.address() as AddressInfo));
  });
}
