// imwsi keys rotate (README "The secret key"): every sealed secret (account passwords, peer passwords)
// re-sealed under a new key in one transaction, with real processes: afterwards a gateway with the old key
// refuses to start, one with the new key logs users in, and the peer password opens with the new key only.
// On SQLite and on PostgreSQL (skipped visibly where it is not reachable).
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import test from 'ava';
import knexFactory from 'knex';
import { secretBox } from '../../src/platform/auth/secret-box.js';
import { backends, postgresAvailable } from '../helpers/backends.js';
import { nodeSoapClient } from '../helpers/clients.js';
import { password, tempDir } from '../helpers/gateway.js';
import { runImwsi, serve } from '../helpers/process.js';

const carol = 'carol@example.com';
const readKey = (file: string) => Buffer.from(readFileSync(file, 'utf8').trim(), 'hex');

for (const backend of backends) {
  test(`${backend.name}: keys rotate re-seals every secret; the old key is refused, the new one serves`, async (t) => {
    if (backend.name === 'pg' && !(await postgresAvailable())) {
      t.log('PostgreSQL is not reachable on 127.0.0.1:5432: skipped');
      t.false(await postgresAvailable());
      return;
    }
    const database = await backend.create();
    t.teardown(() => database.drop());
    const settings = new Map(Object.entries(database.settings));
    const keyFile = settings.get('secret-key-file') ?? join(dirname(settings.get('db')!), 'imwsi.key');
    settings.set('secret-key-file', keyFile);
    const flagsWith = (key: string) => [...settings].flatMap(([name, value]) => [`--${name}`, name === 'secret-key-file' ? key : value]);
    const flags = flagsWith(keyFile);

    t.is((await runImwsi(['users', 'add', carol, '--password', password(carol), ...flags])).status, 0);
    const peer = await runImwsi([
      'peers',
      'add',
      'b2.example',
      '--endpoint',
      'http://127.0.0.1:1/wsi/InstantMessaging',
      '--username',
      'peer@b2.example',
      '--password',
      'peer-password',
      ...flags,
    ]);
    t.is(peer.status, 0, peer.stderr);
    const oldKey = readKey(keyFile);
    const oldKeyFile = join(tempDir(), 'old.key');
    writeFileSync(oldKeyFile, `${oldKey.toString('hex')}\n`, { mode: 0o600 });

    const rotated = await runImwsi(['keys', 'rotate', ...flags]);
    t.is(rotated.status, 0, rotated.stderr);
    t.regex(rotated.stdout, /re-sealed 1 accounts\.sealed_secret/);
    t.regex(rotated.stdout, /re-sealed 1 peers\.sealed_password/);
    t.regex(rotated.stdout, /the new key is in .*imwsi\.key \(the old one in .*imwsi\.key\.old/);
    const newKey = readKey(keyFile);
    t.notDeepEqual(newKey, oldKey);
    t.deepEqual(readKey(`${keyFile}.old`), oldKey);

    // The peer password opens with the new key, and no longer with the old one.
    const db =
      backend.name === 'pg'
        ? knexFactory({ client: 'pg', connection: settings.get('db-url')! })
        : knexFactory({ client: 'better-sqlite3', connection: { filename: settings.get('db')! }, useNullAsDefault: true });
    const [row] = (await db('peers').select('sealed_password')) as { sealed_password: string }[];
    await db.destroy();
    t.is(secretBox(newKey).open(row!.sealed_password), 'peer-password');
    t.throws(() => secretBox(oldKey).open(row!.sealed_password));

    const refused = await runImwsi(['serve', '--port', '0', '--log-level', 'silent', ...flagsWith(oldKeyFile)], { killAfterMs: 15_000 });
    t.is(refused.status, 1, refused.stderr);
    t.regex(refused.stderr, /does not open the passwords of this database's accounts/);

    const gateway = await serve(flags);
    t.teardown(() => gateway.stop());
    const client = await nodeSoapClient(`${gateway.url}/wsi/InstantMessaging?wsdl`, carol);
    await t.notThrowsAsync(client.call('GetMessages', {}));
  });
}

test('keys rotate refuses a SQLite database a running gateway holds open, and asks where the new key goes when it came from IMWSI_SECRET_KEY', async (t) => {
  const dir = tempDir();
  const flags = ['--db', join(dir, 'live.sqlite')];
  t.is((await runImwsi(['users', 'add', carol, '--password', password(carol), ...flags])).status, 0);
  const key = readFileSync(join(dir, 'imwsi.key'), 'utf8').trim();
  const gateway = await serve(flags);
  const refused = await runImwsi(['keys', 'rotate', ...flags]);
  await gateway.stop();
  t.is(refused.status, 1);
  t.regex(refused.stderr, /live\.sqlite is open in process \d+ \(a running gateway\?\): stop it first/);

  const env = { IMWSI_SECRET_KEY: key };
  const usage = await runImwsi(['keys', 'rotate', '--db', join(dir, 'live.sqlite')], { env });
  t.is(usage.status, 2);
  t.regex(usage.stderr, /IMWSI_SECRET_KEY gives the current key: give --new-key-file FILE/);
  const newKeyFile = join(dir, 'next.key');
  const rotated = await runImwsi(['keys', 'rotate', '--db', join(dir, 'live.sqlite'), '--new-key-file', newKeyFile], { env });
  t.is(rotated.status, 0, rotated.stderr);
  t.regex(rotated.stdout, /the new key is in .*next\.key: give it to every gateway/);
  const next = await serve(['--db', join(dir, 'live.sqlite')], { IMWSI_SECRET_KEY: readFileSync(newKeyFile, 'utf8').trim() });
  t.teardown(() => next.stop());
  await t.notThrowsAsync((await nodeSoapClient(`${next.url}/wsi/InstantMessaging?wsdl`, carol)).call('GetMessages', {}));
});
