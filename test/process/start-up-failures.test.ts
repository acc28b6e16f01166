// Every start-up failure ends `imwsi serve` by itself with one line that names the cause and what to do,
// and a non-zero status (README "Start-up failures"): 1 when the environment is wrong, 2 when the settings are.
// Serial: a hang is caught by a 60 s kill, which side-by-side start-ups on a busy machine must not reach.
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import test from 'ava';
import { tempDir } from '../helpers/gateway.js';
import { runImwsi } from '../helpers/process.js';

/** `imwsi serve` that must fail: killed if it is still running after 60 s (a hang fails the test). */
async function failingServe(args: readonly string[]) {
  const result = await runImwsi(['serve', '--port', '0', ...args], { killAfterMs: 60_000 });
  return { ...result, lines: result.stderr.trimEnd().split('\n') };
}

const sqlite = () => ['--db', join(tempDir(), 'gateway.sqlite')];

test.serial('a port in use: one line naming the port, exit 1', async (t) => {
  const other = createServer().listen(0, '127.0.0.1');
  await once(other, 'listening');
  const { port } = other.address() as AddressInfo;
  try {
    const result = await failingServe([...sqlite(), '--port', String(port)]);
    t.true(result.ended);
    t.is(result.status, 1);
    t.deepEqual(result.lines, [`imwsi: port ${port} on 127.0.0.1 is in use: stop the other server or choose another --port`]);
  } finally {
    other.close();
  }
});

test.serial('a port out of range is a settings error, exit 2', async (t) => {
  const result = await failingServe([...sqlite(), '--port', '99999']);
  t.true(result.ended);
  t.is(result.status, 2);
  t.regex(result.stderr, /port \(--port\): expected an integer from 0 to 65535, got "99999"/);
});

test.serial('a missing TLS certificate file: one line naming the file and the flag, exit 1', async (t) => {
  const dir = tempDir();
  const result = await failingServe([...sqlite(), '--tls-cert', join(dir, 'cert.pem'), '--tls-key', join(dir, 'key.pem')]);
  t.true(result.ended);
  t.is(result.status, 1);
  t.deepEqual(result.lines, [
    `imwsi: cannot read ${join(dir, 'cert.pem')} given by --tls-cert (ENOENT: no such file or directory): check the path and that imwsi may read it`,
  ]);
});

test.serial('a TLS file that is not PEM: one line, exit 1', async (t) => {
  const garbage = join(tempDir(), 'not.pem');
  writeFileSync(garbage, 'not a certificate\n');
  const result = await failingServe([...sqlite(), '--tls-cert', garbage, '--tls-key', garbage]);
  t.true(result.ended);
  t.is(result.status, 1);
  t.is(result.lines.length, 1);
  t.regex(result.lines[0]!, /^imwsi: the TLS certificate and key cannot serve HTTPS \(.*\): give a PEM certificate and its private key$/);
});

test.serial('an unreachable PostgreSQL: one line with the URL but not its password, exit 1', async (t) => {
  const result = await failingServe(['--db-client', 'pg', '--db-url', 'postgres://imwsi:s3cret@127.0.0.1:1/imwsi']);
  t.true(result.ended);
  t.is(result.status, 1);
  t.is(result.lines.length, 1);
  t.regex(
    result.lines[0]!,
    /^imwsi: cannot reach the database at postgres:\/\/imwsi:\*\*\*@127.0.0.1:1\/imwsi \(.*ECONNREFUSED.*\): check --db-url/,
  );
  t.notRegex(result.stderr, /s3cret/);
});

test.serial('a SQLite path that cannot be a file: one line, exit 1', async (t) => {
  const directory = join(tempDir(), 'a-directory');
  mkdirSync(directory);
  const result = await failingServe(['--db', directory, '--secret-key-file', join(tempDir(), 'imwsi.key')]);
  t.true(result.ended);
  t.is(result.status, 1);
  t.deepEqual(result.lines, [
    `imwsi: cannot open the SQLite file ${directory} (EISDIR: illegal operation on a directory): check --db, a file in a directory imwsi may write`,
  ]);
});

test.serial('a key file that is not a key: one line saying what to restore, exit 1', async (t) => {
  const key = join(tempDir(), 'imwsi.key');
  writeFileSync(key, 'not hex\n');
  const result = await failingServe([...sqlite(), '--secret-key-file', key]);
  t.true(result.ended);
  t.is(result.status, 1);
  t.deepEqual(result.lines, [
    `imwsi: secret key file ${key} must hold 64 hex characters: restore the key file the accounts were sealed with (--secret-key-file)`,
  ]);
});

test.serial('unknown keys in the config file are refused and listed, exit 2', async (t) => {
  const file = join(tempDir(), 'imwsi.json');
  writeFileSync(file, JSON.stringify({ port: 0, limits: { maxWaitSecs: 5, contentBytes: 1000 }, lease: 3, db: { filename: 'x.sqlite' } }));
  const result = await failingServe(['--config', file]);
  t.true(result.ended);
  t.is(result.status, 2);
  t.regex(result.stderr, new RegExp(`config file ${file}: unknown keys limits.maxWaitSecs, lease`));
});
