// imwsi backup | restore: the SQLite database through SQLite's online backup (docs/deploy.md "Backup and
// restore"). A backup reads a consistent copy while the gateway keeps serving, writes it under a temporary
// name, checks it, and only then renames it to FILE: a backup killed at any point leaves the live database
// untouched and no FILE, so a partial copy is never taken for a good one. PostgreSQL: pg_dump and pg_restore.
import { existsSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Config } from '../../platform/config.js';
import { openSqliteFile, type SqliteFile } from '../../platform/db/sqlite-file.js';
import { keyFileFor } from '../key-file.js';
import type { Command } from './command.js';
import { processesUsing } from './database-in-use.js';
import { progressBar } from './progress-bar.js';

const pgAdvice = (what: 'backup' | 'restore') =>
  what === 'backup'
    ? 'this gateway uses PostgreSQL: back it up with pg_dump, e.g. pg_dump --format=custom --file imwsi.dump "$IMWSI_DB_URL" (docs/deploy.md)'
    : 'this gateway uses PostgreSQL: restore a pg_dump file with pg_restore, e.g. pg_restore --clean --dbname "$IMWSI_DB_URL" imwsi.dump (docs/deploy.md)';

/** The SQLite file of these settings; a PostgreSQL gateway is told what to use instead. */
function sqliteFile(config: Config, what: 'backup' | 'restore'): string {
  if (config.db.client === 'pg') throw new Error(pgAdvice(what));
  return resolve(config.db.filename);
}

/** Why FILE is not a complete imwsi database, or undefined when it is one. */
async function notAnImwsiDatabase(file: string): Promise<string | undefined> {
  let db: SqliteFile | undefined;
  try {
    db = await openSqliteFile(file, { readonly: true, mustExist: true });
    const check = db.pragma('quick_check', { simple: true });
    if (check !== 'ok') return `SQLite finds it damaged (${String(check)})`;
    const migrations = db.prepare("select count(*) as n from sqlite_master where type = 'table' and name = 'knex_migrations'").get() as {
      n: number;
    };
    if (migrations.n === 0) return 'it holds no imwsi schema';
    return undefined;
  } catch (error) {
    return (error as Error).message;
  } finally {
    db?.close();
  }
}

/** Copies `source` into the file `to` with SQLite's online backup API, showing progress by pages. */
async function copyDatabase(source: SqliteFile, to: string, label: string): Promise<number> {
  let bar: ReturnType<typeof progressBar> | undefined;
  let remainingBefore = Number.POSITIVE_INFINITY;
  let restarts = 0;
  const result = await source.backup(to, {
    progress({ totalPages, remainingPages }) {
      bar ??= progressBar(totalPages, label);
      bar.update(totalPages - remainingPages);
      // A write by another connection (the gateway) restarts the copy. After a few restarts, copy the rest
      // in one step: that holds one read transaction, which in WAL mode never blocks the gateway's writes.
      if (remainingPages > remainingBefore) restarts++;
      remainingBefore = remainingPages;
      return restarts >= 3 ? -1 : 256;
    },
  });
  bar?.update(result.totalPages);
  bar?.done();
  return result.totalPages;
}

/** The copy carries the live database's WAL mode: switch it to a rollback journal, so FILE is one file. */
async function selfContained(file: string): Promise<void> {
  const db = await openSqliteFile(file, { readonly: false, mustExist: true });
  try {
    db.pragma('journal_mode = DELETE');
  } finally {
    db.close();
  }
}

const megabytes = (file: string) => `${(statSync(file).size / 1024 / 1024).toFixed(1)} MB`;

export const backupCommand: Command = {
  name: 'backup',
  summary: 'copy the SQLite database to FILE while the gateway runs (online backup, with progress)',
  args: ['<file>'],
  options: { force: { type: 'boolean', help: 'replace FILE if it exists' } },
  details: [
    'Example: imwsi backup /var/backups/imwsi-$(date +%F).sqlite --db /var/lib/imwsi/imwsi.sqlite',
    'The copy is written as FILE.<pid>.partial and renamed to FILE only once complete and checked.',
    'The secret key is not in the backup: keep the key file (or IMWSI_SECRET_KEY) with it.',
    'PostgreSQL: use pg_dump and pg_restore (docs/deploy.md).',
  ],
  async run(input) {
    const config = input.config();
    const live = sqliteFile(config, 'backup');
    const [target] = input.args as [string];
    const file = resolve(target);
    if (!existsSync(live)) throw new Error(`no database at ${live}: check --db`);
    if (file === live) throw new Error(`${target} is the live database: give the backup another name`);
    if (existsSync(file) && input.options.get('force') !== true)
      throw new Error(`${target} exists: give another name, or --force to replace it`);
    if (!existsSync(dirname(file))) throw new Error(`no directory ${dirname(file)} for the backup: create it first`);
    const partial = `${file}.${process.pid}.partial`;
    const started = Date.now();
    const source = await openSqliteFile(live, { readonly: false, mustExist: true });
    try {
      const pages = await copyDatabase(source, partial, 'backing up');
      await selfContained(partial);
      const problem = await notAnImwsiDatabase(partial);
      if (problem) throw new Error(`the copy failed its check (${problem}); the live database is untouched: try again`);
      renameSync(partial, file);
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      process.stdout.write(`backed up ${live} to ${file}: ${pages} pages, ${megabytes(file)}, ${seconds} s\n`);
      process.stdout.write(
        `the passwords in it open only with the secret key: keep ${config.secretKey ? 'IMWSI_SECRET_KEY' : keyFileFor(config)} with it\n`,
      );
    } finally {
      source.close();
      for (const leftover of ['', '-wal', '-shm', '-journal']) rmSync(`${partial}${leftover}`, { force: true });
    }
  },
};

export const restoreCommand: Command = {
  name: 'restore',
  summary: 'replace the SQLite database with a backup FILE (stop the gateway first)',
  args: ['<file>'],
  options: { force: { type: 'boolean', help: 'restore even though another process (a running gateway) has the database open' } },
  details: [
    'Example: systemctl stop imwsi && imwsi restore /var/backups/imwsi-2026-11-30.sqlite --db /var/lib/imwsi/imwsi.sqlite && systemctl start imwsi',
    'FILE must be a complete backup (`imwsi backup` made it); the gateway migrates it on start if it is older.',
    'Start the gateway with the secret key the backup was made with.',
  ],
  async run(input) {
    const config = input.config();
    const live = sqliteFile(config, 'restore');
    const [given] = input.args as [string];
    const file = resolve(given);
    if (!existsSync(file)) throw new Error(`no backup file ${given}`);
    const problem = await notAnImwsiDatabase(file);
    if (problem) throw new Error(`${given} is not a complete imwsi backup (${problem}): restore a file \`imwsi backup\` finished`);
    const users = processesUsing(live);
    if (users.length > 0 && input.options.get('force') !== true)
      throw new Error(
        `the database ${live} is open in ${users.join(', ')} (a running gateway?): stop it first, or give --force to restore under it`,
      );
    if (!existsSync(dirname(live))) throw new Error(`no directory ${dirname(live)} for the database: create it first`);
    const source = await openSqliteFile(file, { readonly: true, mustExist: true });
    try {
      const pages = await copyDatabase(source, live, 'restoring');
      process.stdout.write(`restored ${file} into ${live}: ${pages} pages\n`);
    } finally {
      source.close();
    }
  },
};
