// `imwsi users provision` (5.18): one subscriber, or many from a CSV file with a progress bar and a per-line
// report of what to fix; run again, it skips what is there. Real processes: the CLI, then `imwsi serve` on the
// same database file, where the provisioned subscriber's first Register completes the account.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import test from 'ava';
import { tempDir } from '../helpers/gateway.js';
import { runImwsi, serve } from '../helpers/process.js';
import { rawRegister } from './accounts-clients.js';

const csv = [
  '\uFEFFaddress,msisdn,password', // as a spreadsheet saves it: a byte order mark first
  'tina@example.com,+15550100077,preconfigured-1',
  'Tom@Example.com,+15550100078,preconfigured-2',
  '# a comment, skipped',
  'bad-address,+15550100079,preconfigured-3',
  'ann@example.com,12345,preconfigured-4',
  'bob@example.com,,short',
  'tom@example.com,+15550100080,preconfigured-5',
  'carl@example.com,+15550100081',
  'dora@elsewhere.org,,preconfigured-6',
  'eve@example.com,+15550100099,preconfigured-7',
  'fay@example.com,,preconfigured-8',
].join('\n');

const expectedFailures = [
  's.csv: line 5: bad-address is not an IM address: write user@domain',
  's.csv: line 6: msisdn: E.164, +digits',
  's.csv: line 7: password: at least 8 characters',
  's.csv: line 8: tom@example.com is already on line 3: keep one',
  's.csv: line 9: expected "address,msisdn,password" (msisdn may be empty), got 2 cells',
  's.csv: line 10: elsewhere.org is not a hosted domain: add it to --domain (every hosted domain, comma-separated)',
  's.csv: line 11: +15550100099 is already the number of another account: see `imwsi users list`',
];

interface Listed {
  address: string;
  state: string;
  msisdn: string | null;
}

test('provision --csv creates pending accounts, reports each bad line, and skips what it made when run again', async (t) => {
  const dir = tempDir();
  const file = join(dir, 's.csv');
  writeFileSync(file, csv);
  const flags = ['--db', join(dir, 'p.sqlite'), '--domain', 'example.com'];
  // Another account already holds the number of line 11.
  t.is(
    (await runImwsi(['users', 'add', 'holder@example.com', '--password', 'holder-secret', '--msisdn', '+15550100099', ...flags])).status,
    0,
  );

  const first = await runImwsi(['users', 'provision', '--csv', file, ...flags]);
  t.is(first.status, 1, 'a failed line makes the run fail');
  t.is(first.stdout, 'provisioned 3, skipped 0 already provisioned, failed 7\n');
  const reported = first.stderr.split('\n').filter((l) => l.startsWith(file));
  t.deepEqual(
    reported.map((l) => l.slice(dir.length + 1)),
    expectedFailures,
  );
  t.regex(first.stderr, /provisioning \[#+\] 100% 8\/8/, 'the progress bar, on stderr');

  const listed = JSON.parse((await runImwsi(['users', 'list', '--json', ...flags])).stdout) as Listed[];
  t.deepEqual(
    listed.map((a) => [a.address, a.state, a.msisdn]),
    [
      ['fay@example.com', 'pending', null],
      ['holder@example.com', 'active', '+15550100099'],
      ['tina@example.com', 'pending', '+15550100077'],
      ['tom@example.com', 'pending', '+15550100078'],
    ],
    'nothing written for a bad line',
  );

  // The subscriber registers by number with the preconfigured password, through a real server on the file.
  const server = await serve(flags);
  try {
    t.is((await rawRegister(server, 'tel:+15550100077', 'preconfigured-1')).status, 200);
  } finally {
    await server.stop();
  }

  const again = await runImwsi(['users', 'provision', '--csv', file, ...flags]);
  t.is(again.stdout, 'provisioned 0, skipped 3 already provisioned, failed 7\n', 'registered since counts as provisioned');
  const after = JSON.parse((await runImwsi(['users', 'list', '--json', ...flags])).stdout) as Listed[];
  t.deepEqual(
    after.map((a) => a.state),
    ['pending', 'active', 'active', 'pending'],
  );
});

test('provision one subscriber: again is a no-op, with another number it says what is wrong', async (t) => {
  const flags = ['--db', join(tempDir(), 'one.sqlite'), '--domain', 'example.com'];
  const args = ['users', 'provision', 'zed@example.com', '--msisdn', '+15550100090', ...flags];
  const made = await runImwsi(args, { input: 'zed-preconfigured\n' });
  t.is(made.status, 0, made.stderr);
  t.is(made.stdout, 'provisioned zed@example.com (+15550100090)\n');
  const again = await runImwsi([...args, '--password', 'zed-preconfigured']);
  t.is(again.status, 0, again.stderr);
  t.is(again.stdout, 'already provisioned: zed@example.com (+15550100090)\n');
  const other = await runImwsi([
    'users',
    'provision',
    'zed@example.com',
    '--msisdn',
    '+15550100091',
    '--password',
    'zed-secret-1',
    ...flags,
  ]);
  t.is(other.status, 1);
  t.is(other.stderr, 'imwsi: zed@example.com already exists with another number: see `imwsi users list`\n');
  const neither = await runImwsi(['users', 'provision', ...flags]);
  t.is(neither.status, 2);
  t.regex(neither.stderr, /give either <user@domain> or --csv FILE/);
});
