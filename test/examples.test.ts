// The examples in examples/ run as documented against a real gateway with the demo accounts.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import test from 'ava';
import { demoAccounts } from '../src/main/gateway.js';
import { startTestGateway, tempDir } from './helpers/gateway.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const run = (command: string, args: string[]) =>
  new Promise<{ code: number; stdout: string; stderr: string }>((resolve) =>
    execFile(command, args, { cwd: root }, (error, stdout, stderr) =>
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    ),
  );

const withDemo = async () => startTestGateway({ accounts: demoAccounts.map((a) => ({ ...a })) });

test('the quickstart sends to two inboxes, long-polls, acks and sees the delivery report', async (t) => {
  const gateway = await withDemo();
  t.teardown(() => gateway.stop());
  const result = await run(process.execPath, ['--import', 'tsx', 'examples/quickstart/quickstart.ts', gateway.url]);
  t.is(result.code, 0, result.stdout + result.stderr);
  t.regex(result.stdout, /bob got #1 from alice@example.com: Hello Bob! 👋 こんにちは/);
  t.regex(result.stdout, /delivery status: bob@example.com=delivered, alice@example.com=/);
  t.regex(result.stdout, /report\(delivered\)/);
});

test('the raw envelopes work with curl through call.sh', async (t) => {
  const gateway = await withDemo();
  t.teardown(() => gateway.stop());
  const sent = await run('examples/raw/call.sh', ['SendMessages', 'alice@example.com', 'alice-password', gateway.url]);
  t.is(sent.code, 0, sent.stderr);
  t.regex(sent.stdout, /<(\w+:)?status>queued</);
  t.notRegex(sent.stdout, /Fault/);
  const got = await run('examples/raw/call.sh', ['GetMessages', 'bob@example.com', 'bob-password', gateway.url]);
  t.regex(got.stdout, /SGVsbG8gZnJvbSBjdXJsIPCfkYs=/);
  t.regex(got.stdout, /QnkgbnVtYmVyLg==/);
  const acked = await run('examples/raw/call.sh', ['AckMessages', 'bob@example.com', 'bob-password', gateway.url]);
  t.regex(acked.stdout, /<(\w+:)?acknowledged>1</);
});

test('the presence example: add a contact, approve with add-back, publish, see it in GetPresence and the inbox', async (t) => {
  const gateway = await withDemo();
  t.teardown(() => gateway.stop());
  const result = await run(process.execPath, ['--import', 'tsx', 'examples/presence/buddies.ts', gateway.url]);
  t.is(result.code, 0, result.stdout + result.stderr);
  t.regex(result.stdout, /alice added bob: pending/);
  t.regex(result.stdout, /bob approved: granted/);
  t.regex(result.stdout, /alice sees bob: authorized, away \(At lunch\) on phone/);
});

test('the Accounts example runs every operation with curl, and runs again', async (t) => {
  const gateway = await startTestGateway({ accounts: demoAccounts.map((a) => ({ ...a })), settings: { registration: 'open' } });
  t.teardown(() => gateway.stop());
  for (const run_ of [1, 2]) {
    const result = await run('bash', ['examples/accounts/accounts.sh', gateway.url]);
    t.is(result.code, 0, result.stderr);
    t.notRegex(result.stdout, /Fault/, `run ${run_}: ${result.stdout}`);
    for (const response of [
      'Register',
      'ChangePassword',
      'SetProfile',
      'AddAlias',
      'SendMessages',
      'SearchUsers',
      'RetireAlias',
      'DeleteAccount',
    ])
      t.regex(result.stdout, new RegExp(`${response}Response`), `run ${run_}`);
    t.regex(result.stdout, /<[\w:]*user>trail\d+@example\.com</);
    t.regex(result.stdout, /AddContactResponse.*<[\w:]*address>trail\d+@example\.com</s, 'the contact shows the alias');
  }
});

test('the provisioning example provisions the CSV file, and run again skips every line', async (t) => {
  const flags = ['--db', join(tempDir(), 'provision.sqlite'), '--domain', 'example.com'];
  const first = await run('bash', ['examples/accounts/provision.sh', ...flags]);
  t.is(first.code, 0, first.stderr);
  t.regex(first.stdout, /provisioned 3, skipped 0 already provisioned, failed 0/);
  t.regex(first.stdout, /tina@example\.com +user +pending +\+15550100077/);
  const second = await run('bash', ['examples/accounts/provision.sh', ...flags]);
  t.is(second.code, 0, second.stderr);
  t.regex(second.stdout, /provisioned 0, skipped 3 already provisioned, failed 0/);
});

test('the guest example registers a new guest each run, which is confined', async (t) => {
  const gateway = await startTestGateway({ accounts: demoAccounts.map((a) => ({ ...a })), settings: { 'guest-accounts': true } });
  t.teardown(() => gateway.stop());
  const guests = new Set<string>();
  for (const run_ of [1, 2]) {
    const result = await run('bash', ['examples/accounts/guest.sh', gateway.url]);
    t.is(result.code, 0, result.stderr);
    const guest = /guest address: (guest-[0-9a-f]{12}@example\.com)/.exec(result.stdout)?.[1];
    t.truthy(guest, `run ${run_}: ${result.stdout}`);
    guests.add(guest!);
    t.regex(result.stdout, /GetMessagesResponse/);
    t.regex(result.stdout, /POL6010/, 'SearchUsers is refused');
    t.regex(result.stdout, /<[\w:]*errorCode>POL6011</, 'alice has not added the guest');
    t.regex(result.stdout, /DeleteAccountResponse/);
  }
  t.is(guests.size, 2);
});
