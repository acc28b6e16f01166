// `imwsi peers` and `imwsi directory` against a database file, as an operator runs them.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import test from 'ava';
import { imwsi } from '../helpers/federation.js';
import { tempDir } from '../helpers/gateway.js';
import { backoffDelay } from '../../src/modules/federation/index.js';
import { parseDirectoryCsv } from '../../src/modules/directory/index.js';

test('imwsi directory import loads a CSV into a consumer directory with a progress bar, and list prints it', (t) => {
  const dir = tempDir();
  const db = ['--db', join(dir, 'a.sqlite'), '--domain', 'a.example'];
  t.is(imwsi(['users', 'add', 'game@a.example', '--role', 'consumer', '--password', 'game-password', ...db]).status, 0);
  const csv = join(dir, 'players.csv');
  writeFileSync(csv, ['username,address', ...Array.from({ length: 2500 }, (_, i) => `Player${i},p${i}@b.example`)].join('\n'));
  const imported = imwsi(['directory', 'import', 'game@a.example', csv, ...db]);
  t.is(imported.status, 0, imported.stderr);
  t.regex(imported.stderr, /\[#{30}\] 100% 2500\/2500/);
  t.regex(imported.stdout, /imported 2500 entries/);
  const listed = imwsi(['directory', 'list', 'game@a.example', ...db])
    .stdout.trim()
    .split('\n');
  t.is(listed.length, 2500);
  t.true(listed.includes('player42\tp42@b.example'));
});

test('imwsi peers add, list and remove manage the routing table; a hosted domain cannot be a peer', (t) => {
  const db = ['--db', join(tempDir(), 'a.sqlite'), '--domain', 'a.example'];
  t.is(imwsi(['users', 'add', 'peer-b@a.example', '--password', 'peer-password', ...db]).status, 0);
  const added = imwsi([
    'peers',
    'add',
    'b.example',
    '--endpoint',
    'http://127.0.0.1:9000/wsi/InstantMessaging',
    '--username',
    'peer-a@b.example',
    '--password',
    'secret-pw',
    '--inbound-account',
    'peer-b@a.example',
    ...db,
  ]);
  t.is(added.status, 0, added.stderr);
  t.is(
    imwsi(['peers', 'list', ...db]).stdout,
    'b.example\thttp://127.0.0.1:9000/wsi/InstantMessaging\tpeer-a@b.example\tpeer-b@a.example\n',
  );
  t.regex(imwsi(['peers', 'add', 'a.example', '--inbound-account', 'peer-b@a.example', ...db]).stderr, /hosted here/);
  t.is(imwsi(['peers', 'remove', 'b.example', ...db]).status, 0);
  t.is(imwsi(['peers', 'list', ...db]).stdout, '');
});

test('directory CSV lines that are not entries are reported by line number', (t) => {
  const parsed = parseDirectoryCsv('username,address\n# players\nalice,alice@a.example\n\nbroken line\nbob , bob@b.example\n');
  t.deepEqual(parsed.entries, [
    { username: 'alice', address: 'alice@a.example' },
    { username: 'bob', address: 'bob@b.example' },
  ]);
  t.deepEqual(parsed.problems, ['line 5: expected "username,address"']);
});

test('retry delays grow exponentially up to the cap, with jitter between half and all of the step', (t) => {
  const policy = { baseMs: 100, maxMs: 1000 };
  t.deepEqual(
    [1, 2, 3, 4, 5, 6].map((n) => backoffDelay(n, policy, () => 1)),
    [100, 200, 400, 800, 1000, 1000],
  );
  t.deepEqual(
    [1, 2, 3, 4].map((n) => backoffDelay(n, policy, () => 0)),
    [50, 100, 200, 400],
  );
});
