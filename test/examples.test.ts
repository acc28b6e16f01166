// The examples in examples/ run as documented against a real gateway with the demo accounts, twice each on
// the same gateway: a second run must pass as the first did.
import { join } from 'node:path';
import test from 'ava';
import { demoAccounts } from '../src/main/gateway.js';
import { eachRun, runExample } from './helpers/examples.js';
import { startTestGateway, tempDir } from './helpers/gateway.js';

const withDemo = async (settings = {}) => startTestGateway({ accounts: demoAccounts.map((a) => ({ ...a })), settings });

test('the quickstart sends to two inboxes, long-polls, acks and sees the delivery report; and runs again', async (t) => {
  const gateway = await withDemo();
  t.teardown(() => gateway.stop());
  await eachRun(async (run) => {
    const result = await runExample('examples/quickstart/quickstart.ts', [gateway.url]);
    t.is(result.code, 0, `run ${run}: ${result.stdout}${result.stderr}`);
    t.regex(result.stdout, new RegExp(`bob got #${run} from alice@example.com: Hello Bob! 👋 こんにちは`));
    t.regex(result.stdout, /delivery status: bob@example.com=delivered, alice@example.com=/);
    t.regex(result.stdout, /alice got the report: report\(delivered\)/);
  });
});

test('the raw envelopes work with curl through call.sh, each step fed by the previous one; and run again', async (t) => {
  const gateway = await withDemo();
  t.teardown(() => gateway.stop());
  const call = (operation: string, user: string, ...fill: string[]) =>
    runExample('examples/raw/call.sh', [operation, user, `${user.split('@')[0]}-password`, gateway.url, ...fill]);
  // call.sh prints the next command on stderr, the value it needs filled in.
  const next = (stderr: string, name: string) => new RegExp(`${name}=(\\S+)`).exec(stderr)?.[1] ?? '';
  await eachRun(async (run) => {
    const sent = await call('SendMessages', 'alice@example.com');
    t.is(sent.code, 0, sent.stderr);
    t.regex(sent.stdout, /<(\w+:)?status>queued</);
    t.notRegex(sent.stdout, /Fault/, `run ${run}`);
    const got = await call('GetMessages', 'bob@example.com');
    t.regex(got.stdout, /SGVsbG8gZnJvbSBjdXJsIPCfkYs=/);
    t.regex(got.stdout, /QnkgbnVtYmVyLg==/);
    t.is(got.stdout.match(/<(\w+:)?message>/g)?.length, 2, `run ${run}: only this run's two messages`);
    const acked = await call('AckMessages', 'bob@example.com', `ACK_TOKEN=${next(got.stderr, 'ACK_TOKEN')}`);
    t.regex(acked.stdout, /<(\w+:)?acknowledged>2</, `run ${run}`);
    const status = await call('GetDeliveryStatus', 'alice@example.com', `MESSAGE_ID=${next(sent.stderr, 'MESSAGE_ID')}`);
    t.regex(status.stdout, /bob@example\.com<\/(\w+:)?address><(\w+:)?status>delivered</, `run ${run}: ${status.stdout}`);
  });
  const missing = await call('AckMessages', 'bob@example.com');
  t.is(missing.code, 2);
  t.regex(missing.stderr, /AckMessages needs ACK_TOKEN=<the ackToken of a GetMessages response>/);
});

test('the presence example: add a contact, approve with add-back, publish, see it in GetPresence and the inbox; and runs again', async (t) => {
  const gateway = await withDemo();
  t.teardown(() => gateway.stop());
  await eachRun(async (run) => {
    const result = await runExample('examples/presence/buddies.ts', [gateway.url]);
    t.is(result.code, 0, `run ${run}: ${result.stdout}${result.stderr}`);
    t.regex(result.stdout, /alice added bob: pending/);
    t.regex(result.stdout, /bob approved: granted/);
    t.regex(result.stdout, /alice sees bob: authorized, away \(At lunch\) on phone/);
  });
});

test('the Accounts example runs every operation with curl, and runs again', async (t) => {
  const gateway = await withDemo({ registration: 'open' });
  t.teardown(() => gateway.stop());
  await eachRun(async (run) => {
    const result = await runExample('examples/accounts/accounts.sh', [gateway.url]);
    t.is(result.code, 0, result.stderr);
    t.notRegex(result.stdout, /Fault/, `run ${run}: ${result.stdout}`);
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
      t.regex(result.stdout, new RegExp(`${response}Response`), `run ${run}`);
    t.regex(result.stdout, /<[\w:]*user>trail\d+@example\.com</);
    t.regex(result.stdout, /AddContactResponse.*<[\w:]*address>trail\d+@example\.com</s, 'the contact shows the alias');
  });
});

test('the provisioning example provisions the CSV file, and run again skips every line', async (t) => {
  const flags = ['--db', join(tempDir(), 'provision.sqlite'), '--domain', 'example.com'];
  const first = await runExample('examples/accounts/provision.sh', flags);
  t.is(first.code, 0, first.stderr);
  t.regex(first.stdout, /provisioned 3, skipped 0 already provisioned, failed 0/);
  t.regex(first.stdout, /tina@example\.com +user +pending +\+15550100077/);
  const second = await runExample('examples/accounts/provision.sh', flags);
  t.is(second.code, 0, second.stderr);
  t.regex(second.stdout, /provisioned 0, skipped 3 already provisioned, failed 0/);
});

test('the guest example registers a new guest each run, which is confined', async (t) => {
  const gateway = await startTestGateway({ accounts: demoAccounts.map((a) => ({ ...a })), settings: { 'guest-accounts': true } });
  t.teardown(() => gateway.stop());
  const guests = new Set<string>();
  await eachRun(async (run) => {
    const result = await runExample('examples/accounts/guest.sh', [gateway.url]);
    t.is(result.code, 0, result.stderr);
    const guest = /guest address: (guest-[0-9a-f]{12}@example\.com)/.exec(result.stdout)?.[1];
    t.truthy(guest, `run ${run}: ${result.stdout}`);
    guests.add(guest!);
    t.regex(result.stdout, /GetMessagesResponse/);
    t.regex(result.stdout, /POL6010/, 'SearchUsers is refused');
    t.regex(result.stdout, /<[\w:]*errorCode>POL6011</, 'alice has not added the guest');
    t.regex(result.stdout, /DeleteAccountResponse/);
  });
  t.is(guests.size, 2);
});
