// imwsi backup and restore (docs/deploy.md "Backup and restore"): SQLite's online backup through the real
// command. A backup killed with SIGKILL part-way leaves the live database byte for byte as it was and no
// backup file (only a .partial that restore refuses); restore refuses a file that is not a complete backup
// and a database a running gateway holds open.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import test from 'ava';
import { openSqliteFile } from '../../src/platform/db/sqlite-file.js';
import { tempDir } from '../helpers/gateway.js';
import { imwsiBin, runImwsi, serve } from '../helpers/process.js';

const sha256 = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

async function databaseWith(users: readonly string[]): Promise<{ dir: string; db: string; flags: string[] }> {
  const dir = tempDir();
  const db = join(dir, 'live.sqlite');
  const flags = ['--db', db];
  for (const user of users) {
    const added = await runImwsi(['users', 'add', user, '--password', `${user}-password`, ...flags]);
    if (added.status !== 0) throw new Error(added.stderr);
  }
  return { dir, db, flags };
}

const addresses = async (flags: string[]) =>
  ((JSON.parse((await runImwsi(['users', 'list', '--json', ...flags])).stdout) as { address: string }[]) ?? []).map((a) => a.address);

test('backup copies the database; restore puts that copy back, and both refuse what they must', async (t) => {
  const { dir, flags } = await databaseWith(['carol@example.com']);
  const file = join(dir, 'backup.sqlite');
  const backup = await runImwsi(['backup', file, ...flags]);
  t.is(backup.status, 0, backup.stderr);
  t.regex(backup.stdout, /backed up .*live\.sqlite to .*backup\.sqlite: \d+ pages/);
  t.regex(backup.stdout, /keep .*imwsi\.key with it/);
  t.regex(backup.stderr, /backing up \[#+\] 100%/);
  t.deepEqual(
    readdirSync(dir).filter((f) => f.startsWith('backup')),
    ['backup.sqlite'],
    'one self-contained file',
  );
  const again = await runImwsi(['backup', file, ...flags]);
  t.is(again.status, 1);
  t.regex(again.stderr, /exists: give another name, or --force to replace it/);

  t.is((await runImwsi(['users', 'add', 'dave@example.com', '--password', 'dave-password', ...flags])).status, 0);
  t.deepEqual(await addresses(flags), ['carol@example.com', 'dave@example.com']);
  const restored = await runImwsi(['restore', file, ...flags]);
  t.is(restored.status, 0, restored.stderr);
  t.deepEqual(await addresses(flags), ['carol@example.com']);
  t.is((await runImwsi(['users', 'passwd', 'carol@example.com', '--password', 'carol-new-secret', ...flags])).status, 0);

  const junk = join(dir, 'junk.sqlite');
  writeFileSync(junk, 'not a database');
  const refused = await runImwsi(['restore', junk, ...flags]);
  t.is(refused.status, 1);
  t.regex(refused.stderr, /junk\.sqlite is not a complete imwsi backup \(.*\): restore a file `imwsi backup` finished/);

  const pg = await runImwsi(['backup', file, '--db-client', 'pg', '--db-url', 'postgres://127.0.0.1:1/none']);
  t.is(pg.status, 1);
  t.regex(pg.stderr, /PostgreSQL: back it up with pg_dump/);
});

test('restore refuses the database of a running gateway unless --force', async (t) => {
  const { dir, flags } = await databaseWith(['carol@example.com']);
  const file = join(dir, 'backup.sqlite');
  t.is((await runImwsi(['backup', file, ...flags])).status, 0);
  const gateway = await serve(flags);
  t.teardown(() => gateway.stop());
  const refused = await runImwsi(['restore', file, ...flags]);
  t.is(refused.status, 1);
  t.regex(refused.stderr, /live\.sqlite is open in process \d+ \(a running gateway\?\): stop it first, or give --force/);
  const forced = await runImwsi(['restore', file, '--force', ...flags]);
  t.is(forced.status, 0, forced.stderr);
  await gateway.stop();
  t.is((await runImwsi(['restore', file, ...flags])).status, 0);
  t.deepEqual(await addresses(flags), ['carol@example.com']);
});

test('SIGKILL during a backup leaves the live database untouched and no backup file to mistake for a good one', async (t) => {
  const { dir, db, flags } = await databaseWith(['carol@example.com']);
  // About 64 MB, so the copy takes many steps of the online backup.
  const filler = await openSqliteFile(db, { readonly: false, mustExist: true });
  filler.exec('create table filler (id integer primary key, data blob)');
  const insert = filler.prepare('insert into filler (data) values (randomblob(1000))');
  filler.transaction(() => {
    for (let i = 0; i < 64_000; i++) insert.run();
  })();
  filler.close();
  const before = sha256(db);
  const file = join(dir, 'backup.sqlite');

  const child = spawn(process.execPath, [imwsiBin, 'backup', file, ...flags], { stdio: ['ignore', 'pipe', 'pipe'] });
  let progress = '';
  const exited = once(child, 'exit');
  await new Promise<void>((resolve) =>
    child.stderr.on('data', (chunk: Buffer) => {
      progress += chunk.toString();
      // Part-way: kill at the first progress line between 1% and 9%.
      if (/ [1-9]% /.test(progress) && child.exitCode === null) {
        child.kill('SIGKILL');
        resolve();
      }
    }),
  );
  const [, signal] = (await exited) as [number | null, string | null];
  t.is(signal, 'SIGKILL');
  t.notRegex(progress, /100%/, 'killed before the copy completed');

  t.is(sha256(db), before, 'the live database is byte for byte as it was');
  t.false(existsSync(file), 'no backup file under the name asked for');
  const partial = readdirSync(dir).find((f) => f.endsWith('.partial'));
  t.truthy(partial, 'the interrupted copy is named .partial');
  const refused = await runImwsi(['restore', join(dir, partial!), ...flags]);
  t.is(refused.status, 1);
  t.regex(refused.stderr, /is not a complete imwsi backup/);
  t.is(sha256(db), before);
  t.deepEqual(await addresses(flags), ['carol@example.com']);
});
