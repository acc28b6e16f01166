// The operator's commands (docs/operations.md "Administration"): imwsi accounts, usage set|show, audit and
// stats against a database file, each change audited as the shell user.
import { join } from 'node:path';
import test from 'ava';
import { tempDir } from '../helpers/gateway.js';
import { runImwsi } from '../helpers/process.js';

test('accounts list, search, show, suspend, resume, reset-password and remove; usage set; every change in audit list', async (t) => {
  const flags = ['--db', join(tempDir(), 'admin-cli.sqlite'), '--domain', 'example.com'];
  const run = async (...args: string[]) => {
    const result = await runImwsi([...args, ...flags]);
    t.is(result.status, 0, `${args.join(' ')}: ${result.stderr}`);
    return result.stdout;
  };
  await run('users', 'add', 'alice@example.com', '--password', 'alice-secret', '--msisdn', '+15550100001');
  await run('users', 'add', 'bob@example.com', '--password', 'bob-secret1');
  await run('users', 'add', 'game@example.com', '--password', 'game-secret', '--role', 'consumer');

  const page = JSON.parse(await run('accounts', 'list', '--max', '2', '--json')) as {
    accounts: { address: string }[];
    nextAfterId: number;
  };
  t.deepEqual(
    page.accounts.map((a) => a.address),
    ['alice@example.com', 'bob@example.com'],
  );
  t.regex(await run('accounts', 'list', '--max', '2'), /more: add --after-id 2\n$/);
  t.regex(await run('accounts', 'list', '--after-id', String(page.nextAfterId)), /^ID +ADDRESS.*\n3 +game@example.com +consumer +active/);
  t.regex(await run('accounts', 'search', '0100001'), /alice@example.com +user +active +\+15550100001/);

  t.is(await run('accounts', 'suspend', 'bob@example.com'), 'bob@example.com is suspended\n');
  t.regex(await run('accounts', 'list', '--state', 'suspended'), /\n2 +bob@example.com +user +suspended/);
  t.is(await run('accounts', 'resume', 'bob@example.com'), 'bob@example.com is active\n');
  t.regex(await run('accounts', 'reset-password', 'bob@example.com'), /^new password of bob@example.com: [A-Za-z0-9_-]{16}\n$/);
  await run(
    'usage',
    'set',
    'alice@example.com',
    '--payment',
    'prepaid',
    '--per-message',
    '2',
    '--balance',
    '50',
    '--subscriber-id',
    'CUST-1',
  );
  t.regex(
    await run('usage', 'show', 'alice@example.com'),
    /alice@example.com: prepaid, balance 50, tariff 2\/message .*subscriber id CUST-1/,
  );
  t.regex(await run('accounts', 'show', 'alice@example.com'), /payment +prepaid\nbalance +50\n/);
  t.is(await run('accounts', 'remove-from-groups', 'bob@example.com', '--ban'), 'bob@example.com is in no group\n');
  t.is(await run('accounts', 'remove', 'game@example.com'), 'removed game@example.com\n');

  const refused = await runImwsi(['accounts', 'suspend', 'nobody@example.com', ...flags]);
  t.is(refused.status, 1);
  t.regex(await run('stats'), /accounts +2 active, 0 suspended, 0 pending/);

  const audit = JSON.parse(await run('audit', 'list', '--json')) as {
    entries: { actor: string; action: string; target: string; outcome: string }[];
  };
  t.deepEqual(
    audit.entries.map((e) => [e.action, e.target, e.outcome]),
    [
      ['SuspendAccount', 'bob@example.com', 'ok'],
      ['ResumeAccount', 'bob@example.com', 'ok'],
      ['ResetPassword', 'bob@example.com', 'ok'],
      ['SetCharging', 'alice@example.com', 'ok'],
      ['BanFromAllGroups', 'bob@example.com', 'ok'],
      ['RemoveAccount', 'game@example.com', 'ok'],
      ['SuspendAccount', 'nobody@example.com', 'SVC2002'],
    ],
  );
  t.true(
    audit.entries.every((e) => /^cli:.+@.+/.test(e.actor)),
    'the shell user is the actor',
  );
  t.regex((await runImwsi(['accounts', 'list', '--state', 'gone', ...flags])).stderr, /--state must be one of pending, active, suspended/);
});
