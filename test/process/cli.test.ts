// The imwsi command: users add|list|passwd|remove, migrate, and configuration errors reported all at once.
import { join } from 'node:path';
import test from 'ava';
import { tempDir } from '../helpers/gateway.js';
import { imwsi } from '../helpers/process.js';

test('users add, list, passwd and remove manage accounts in the database', async (t) => {
  const db = join(tempDir(), 'cli.sqlite');
  const flags = ['--db', db, '--domain', 'example.com,example.org'];
  const added = imwsi(['users', 'add', 'Carol@Example.com', '--password', 'carol-secret', '--msisdn', '+15550001111', ...flags]);
  t.is(added.status, 0, added.stderr);
  t.regex(added.stdout, /added carol@example.com \(user, \+15550001111\)/);
  const fromStdin = imwsi(['users', 'add', 'game@example.org', '--role', 'consumer', ...flags], 'game-secret-1\n');
  t.is(fromStdin.status, 0, fromStdin.stderr);
  const listed = imwsi(['users', 'list', ...flags]);
  t.is(listed.stdout, 'carol@example.com\tuser\t+15550001111\ngame@example.org\tconsumer\t-\n');
  t.is(imwsi(['users', 'passwd', 'carol@example.com', '--password', 'another-secret', ...flags]).status, 0);
  t.is(imwsi(['users', 'remove', 'game@example.org', ...flags]).status, 0);
  t.is(imwsi(['users', 'list', ...flags]).stdout, 'carol@example.com\tuser\t+15550001111\n');
});

test('users add explains what is wrong: duplicate, foreign domain, short password', async (t) => {
  const flags = ['--db', join(tempDir(), 'cli.sqlite'), '--domain', 'example.com'];
  imwsi(['users', 'add', 'dan@example.com', '--password', 'dan-secret', ...flags]);
  const duplicate = imwsi(['users', 'add', 'dan@example.com', '--password', 'dan-secret', ...flags]);
  t.is(duplicate.status, 1);
  t.regex(duplicate.stderr, /dan@example.com exists/);
  t.regex(imwsi(['users', 'add', 'eve@other.net', '--password', 'eve-secret1', ...flags]).stderr, /No route to domain other.net/);
  t.regex(imwsi(['users', 'add', 'eve@example.com', '--password', 'short', ...flags]).stderr, /at least 8 characters/);
});

test('every configuration problem is reported at once, with what to do', async (t) => {
  const result = imwsi(['serve', '--port', 'eighty', '--db-client', 'oracle', '--lease-seconds', '0', '--bogus', 'x']);
  t.is(result.status, 1);
  t.regex(result.stderr, /port \(--port\): expected an integer/);
  t.regex(result.stderr, /db.client \(--db-client\): "oracle" is not one of/);
  t.regex(result.stderr, /leaseSeconds \(--lease-seconds\): expected an integer >= 1/);
  t.regex(result.stderr, /unknown flag --bogus/);
  t.regex(result.stderr, /imwsi help/);
});

test('migrate brings a new database up to date', async (t) => {
  const result = imwsi(['migrate', '--db', join(tempDir(), 'm.sqlite')]);
  t.is(result.status, 0, result.stderr);
  t.regex(result.stdout, /up to date/);
});

test('users cert pins a certificate, refuses a non-certificate, and --clear lifts it', async (t) => {
  const { makeKeyPair } = await import('../helpers/signing.js');
  const flags = ['--db', join(tempDir(), 'cert.sqlite'), '--domain', 'example.com'];
  imwsi(['users', 'add', 'game@example.com', '--password', 'game-secret', ...flags]);
  const pinned = imwsi(['users', 'cert', 'game@example.com', '--file', makeKeyPair('game').certFile, ...flags]);
  t.is(pinned.status, 0, pinned.stderr);
  t.regex(pinned.stdout, /must now sign its requests/);
  const bad = imwsi(['users', 'cert', 'game@example.com', '--file', 'package.json', ...flags]);
  t.regex(bad.stderr, /PEM X.509 certificate/);
  const cleared = imwsi(['users', 'cert', 'game@example.com', '--clear', ...flags]);
  t.regex(cleared.stdout, /no longer needs signed requests/);
});
