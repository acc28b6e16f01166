// The imwsi command: users add|list|passwd|remove, migrate, --help and --version, errors in the operator's words
// with exit status 1, usage and configuration errors with 2.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import test from 'ava';
import { tempDir } from '../helpers/gateway.js';
import { runImwsi } from '../helpers/process.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

test('users add, list, passwd and remove manage accounts in the database', async (t) => {
  const db = join(tempDir(), 'cli.sqlite');
  const flags = ['--db', db, '--domain', 'example.com,example.org'];
  const added = await runImwsi(['users', 'add', 'Carol@Example.com', '--password', 'carol-secret', '--msisdn', '+15550001111', ...flags]);
  t.is(added.status, 0, added.stderr);
  t.regex(added.stdout, /added carol@example.com \(user, \+15550001111\)/);
  const fromStdin = await runImwsi(['users', 'add', 'game@example.org', '--role', 'consumer', ...flags], { input: 'game-secret-1\n' });
  t.is(fromStdin.status, 0, fromStdin.stderr);
  const listed = (await runImwsi(['users', 'list', ...flags])).stdout.split('\n');
  t.regex(listed[0]!, /^ADDRESS +ROLE +STATE +NUMBER +CREATED$/);
  t.regex(listed[1]!, /^carol@example.com +user +active +\+15550001111 +\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  t.regex(listed[2]!, /^game@example.org +consumer +active +- +\d{4}-/);
  t.is((await runImwsi(['users', 'passwd', 'carol@example.com', '--password', 'another-secret', ...flags])).status, 0);
  t.is((await runImwsi(['users', 'remove', 'game@example.org', ...flags])).status, 0);
  const json = JSON.parse((await runImwsi(['users', 'list', '--json', ...flags])).stdout) as {
    address: string;
    state: string;
    createdAt: string;
  }[];
  t.deepEqual(
    json.map((a) => [a.address, a.state]),
    [['carol@example.com', 'active']],
  );
  t.false(Number.isNaN(Date.parse(json[0]!.createdAt)));
});

test('an empty users list says how to add the first account', async (t) => {
  const empty = await runImwsi(['users', 'list', '--db', join(tempDir(), 'empty.sqlite')]);
  t.is(empty.status, 0, empty.stderr);
  t.regex(empty.stdout, /no accounts yet: add one with `imwsi users add/);
  t.deepEqual(JSON.parse((await runImwsi(['users', 'list', '--json', '--db', join(tempDir(), 'empty.sqlite')])).stdout), []);
});

test("users commands say what is wrong in the operator's words, with exit status 1", async (t) => {
  const flags = ['--db', join(tempDir(), 'cli.sqlite'), '--domain', 'example.com'];
  await runImwsi(['users', 'add', 'dan@example.com', '--password', 'dan-secret', '--msisdn', '+15550009999', ...flags]);
  const failures: [readonly string[], string][] = [
    [['users', 'add', 'dan@example.com', '--password', 'dan-secret'], 'imwsi: dan@example.com already exists: see `imwsi users list`'],
    [
      ['users', 'add', 'eve@example.com', '--password', 'eve-secret1', '--msisdn', '+15550009999'],
      'imwsi: +15550009999 is already the number of another account: see `imwsi users list`',
    ],
    [
      ['users', 'add', 'eve@nothosted.org', '--password', 'eve-secret1'],
      'imwsi: nothosted.org is not a hosted domain: add it to --domain (every hosted domain, comma-separated)',
    ],
    [
      ['users', 'add', 'eve-at-example.com', '--password', 'eve-secret1'],
      'imwsi: eve-at-example.com is not an IM address: write user@domain',
    ],
    [['users', 'add', 'eve@example.com', '--password', 'short'], 'imwsi: password: at least 8 characters'],
    [['users', 'remove', 'carol@example.com'], 'imwsi: no account carol@example.com: see `imwsi users list`'],
    [['users', 'passwd', 'carol@example.com', '--password', 'carol-secret'], 'imwsi: no account carol@example.com: see `imwsi users list`'],
  ];
  for (const [args, message] of failures) {
    const result = await runImwsi([...args, ...flags]);
    t.is(result.status, 1, args.join(' '));
    t.is(result.stderr, message + '\n', args.join(' '));
  }
});

test("usage errors exit with status 2 and point at the command's help", async (t) => {
  const usage: [readonly string[], RegExp][] = [
    [['frobnicate'], /unknown command "frobnicate"\nSee `imwsi --help`/],
    [['users', 'frob'], /unknown command "users frob"\nSee `imwsi users --help`/],
    [['users', 'add'], /missing <user@domain>\nSee `imwsi users add --help`/],
    [['users', 'list', '--bogus'], /Unknown option '--bogus'\nSee `imwsi users list --help`/],
    [['users', 'list', 'extra'], /unexpected argument "extra"/],
  ];
  for (const [args, message] of usage) {
    const result = await runImwsi(args);
    t.is(result.status, 2, args.join(' '));
    t.regex(result.stderr, message, args.join(' '));
  }
});

test('a missing or contradictory option is a usage error too (status 2)', async (t) => {
  const usage: [readonly string[], RegExp][] = [
    [['users', 'add', 'a@example.com', '--role', 'king', '--password', 'a-secret-1'], /--role must be one of user, consumer, admin/],
    [['users', 'cert', 'a@example.com'], /exactly one of --file FILE and --clear/],
    [['wsse', '--password', 'x'], /--user is required/],
    [['relay'], /--config FILE is required/],
  ];
  for (const [args, message] of usage) {
    const result = await runImwsi(args);
    t.is(result.status, 2, args.join(' '));
    t.regex(result.stderr, message, args.join(' '));
  }
});

test('--version prints the package version', async (t) => {
  const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };
  for (const flag of ['--version', '-v']) {
    const result = await runImwsi([flag]);
    t.is(result.status, 0);
    t.is(result.stdout, `imwsi ${version}\n`);
  }
});

test('--help lists every command', async (t) => {
  const overview = await runImwsi(['--help']);
  t.is(overview.status, 0);
  const listed = [...overview.stdout.matchAll(/^ {2}(\w+)( <command>)?  /gm)].map((m) => m[1]!);
  t.deepEqual(listed, [...commands.keys()]);
  t.is((await runImwsi(['help', 'users'])).stdout, (await runImwsi(['users', '--help'])).stdout);
  t.regex((await runImwsi(['help', 'settings'])).stdout, /--db +IMWSI_DB_FILENAME +SQLite file/);
});

// Each command (and each subcommand of a group) answers --help with its usage and options.
const commands = new Map<string, readonly string[]>([
  ['serve', []],
  ['migrate', []],
  ['users', ['add', 'provision', 'list', 'passwd', 'remove', 'cert']],
  ['peers', ['add', 'list', 'remove']],
  ['blocks', ['add', 'remove', 'list']],
  ['directory', ['import', 'list']],
  ['groups', ['create', 'list', 'close', 'public-chat', 'ban', 'unban']],
  ['limits', ['set', 'remove', 'list', 'show', 'names']],
  ['filters', ['add', 'list', 'remove']],
  ['switches', ['off', 'on', 'list']],
  ['wsse', []],
  ['relay', []],
  ['backup', []],
  ['restore', []],
  ['keys', ['rotate']],
  ['usage', ['export', 'show', 'set']],
  ['accounts', ['list', 'search', 'show', 'suspend', 'resume', 'reset-password', 'remove', 'remove-from-groups']],
  ['audit', ['list']],
  ['stats', []],
]);
for (const [name, subcommands] of commands) {
  test(`imwsi ${name} --help${subcommands.length > 0 ? " and each subcommand's --help" : ''} show the usage`, async (t) => {
    const help = await runImwsi([name, '--help']);
    t.is(help.status, 0, help.stderr);
    t.regex(help.stdout, new RegExp(`^Usage: imwsi ${name}`));
    for (const sub of subcommands) {
      t.regex(help.stdout, new RegExp(`^ {2}imwsi ${name} ${sub}`, 'm'));
      const subHelp = await runImwsi([name, sub, '--help']);
      t.is(subHelp.status, 0, `${name} ${sub}: ${subHelp.stderr}`);
      t.regex(subHelp.stdout, new RegExp(`^Usage: imwsi ${name} ${sub}`));
      t.regex(subHelp.stdout, /-h, --help +show this help/);
    }
  });
}

test('every configuration problem is reported at once, with what to do', async (t) => {
  const result = await runImwsi(['serve', '--port', 'eighty', '--db-client', 'oracle', '--lease-seconds', '0']);
  t.is(result.status, 2);
  t.regex(result.stderr, /port \(--port\): expected an integer/);
  t.regex(result.stderr, /db.client \(--db-client\): "oracle" is not one of/);
  t.regex(result.stderr, /leaseSeconds \(--lease-seconds\): expected an integer >= 1/);
  t.regex(result.stderr, /imwsi help settings/);
});

test('migrate brings a new database up to date', async (t) => {
  const result = await runImwsi(['migrate', '--db', join(tempDir(), 'm.sqlite')]);
  t.is(result.status, 0, result.stderr);
  t.regex(result.stdout, /up to date/);
});

test('users cert pins a certificate, refuses a non-certificate, and --clear lifts it', async (t) => {
  const { makeKeyPair } = await import('../helpers/signing.js');
  const flags = ['--db', join(tempDir(), 'cert.sqlite'), '--domain', 'example.com'];
  await runImwsi(['users', 'add', 'game@example.com', '--password', 'game-secret', ...flags]);
  const pinned = await runImwsi(['users', 'cert', 'game@example.com', '--file', makeKeyPair('game').certFile, ...flags]);
  t.is(pinned.status, 0, pinned.stderr);
  t.regex(pinned.stdout, /must now sign its requests/);
  const bad = await runImwsi(['users', 'cert', 'game@example.com', '--file', 'package.json', ...flags]);
  t.regex(bad.stderr, /PEM X.509 certificate/);
  const cleared = await runImwsi(['users', 'cert', 'game@example.com', '--clear', ...flags]);
  t.regex(cleared.stdout, /no longer needs signed requests/);
});
