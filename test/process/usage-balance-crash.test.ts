// Usage records balance (docs/operations.md "Usage records"): the server is SIGKILLed inside a group commit
// (test/helpers/kill-in-group-commit.mjs) while senders send and a recipient reads and acknowledges. After
// the crash, `imwsi usage export` agrees with the messages table exactly: one SENDING record per stored
// message, one copy record per recipient that took it, one RETRIEVAL per acknowledged copy, the same bytes,
// and a prepaid sender's balance plus its charges equals what it started with.
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import test from 'ava';
import knexFactory from 'knex';
import { list, nodeSoapClient, text } from '../helpers/clients.js';
import { password, tempDir } from '../helpers/gateway.js';
import { imwsi, runImwsi, serve } from '../helpers/process.js';

const senders = ['s1', 's2', 's3'].map((name) => `${name}@example.com`);
const recipients = ['bob@example.com', 'carol@example.com'];
const killPreload = fileURLToPath(new URL('../helpers/kill-in-group-commit.mjs', import.meta.url));
const startingBalance = 1_000_000;

interface Exported {
  recordId: number;
  event: string;
  chargedParty: string;
  sizeBytes: number;
  charge: number;
}

test('after a SIGKILL mid-stream, the usage records equal what the messages table says', async (t) => {
  const file = join(tempDir(), 'usage-crash.sqlite');
  const flags = ['--db', file, '--domain', 'example.com'];
  for (const user of [...senders, ...recipients]) imwsi(['users', 'add', user, '--password', password(user), ...flags]);
  t.is(
    imwsi([
      'usage',
      'set',
      senders[0]!,
      '--payment',
      'prepaid',
      '--per-message',
      '3',
      '--per-recipient',
      '1',
      '--balance',
      String(startingBalance),
      ...flags,
    ]).status,
    0,
  );
  const server = await serve(flags, {
    NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --import=${killPreload}`,
    IMWSI_KILL_AT_GROUP_COMMIT: '30',
  });
  t.teardown(() => server.kill());
  const wsdl = `${server.url}/wsi/InstantMessaging?wsdl`;

  let alive = true;
  const sending = senders.map(async (sender) => {
    const client = await nodeSoapClient(wsdl, sender);
    for (let i = 0; alive; i++) {
      try {
        await client.call('SendMessages', { message: [{ recipient: recipients, content: text(`${sender} ${i} ${'x'.repeat(i % 50)}`) }] });
      } catch {
        alive = false;
      }
    }
  });
  // Bob reads and acknowledges as it goes: deliveries are recorded in the acknowledging transaction.
  const reading = (async () => {
    const bob = await nodeSoapClient(wsdl, 'bob@example.com');
    while (alive) {
      try {
        const batch = await bob.call('GetMessages', { maxMessages: 20 });
        if (list(batch.message).length > 0) await bob.call('AckMessages', { ackToken: batch.ackToken });
      } catch {
        alive = false;
      }
    }
  })();
  await Promise.all([...sending, reading]);
  await server.kill();
  t.is(server.child.signalCode, 'SIGKILL', 'the server died in a commit');

  const exported = await runImwsi(['usage', 'export', '--format', 'jsonl', ...flags]);
  t.is(exported.status, 0, exported.stderr);
  const records = exported.stdout
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Exported);
  const count = (event: string) => records.filter((r) => r.event === event).length;

  const db = knexFactory({ client: 'better-sqlite3', connection: { filename: file }, useNullAsDefault: true });
  t.teardown(() => db.destroy());
  const one = async (sql: string) => Number(Object.values((await db.raw(sql))[0] as object)[0]);
  const messages = await one(`select count(*) from messages where kind = 'message'`);
  t.true(messages > 10, `enough traffic before the crash (${messages} messages)`);
  t.is(count('message-sent'), messages, 'one SENDING record per stored message');
  t.is(
    count('message-exploded'),
    await one(`select count(*) from message_recipients r join messages m on m.id = r.message_id
               where m.kind = 'message' and r.status in ('queued', 'retrieved', 'delivered')`),
    'one copy record per recipient that took the message',
  );
  t.is(
    count('delivery'),
    await one(`select count(*) from message_recipients where status = 'delivered'`),
    'one RETRIEVAL per acknowledged copy',
  );
  t.true(count('delivery') > 0, 'Bob acknowledged some before the crash');
  t.is(
    records.filter((r) => r.event === 'message-sent').reduce((sum, r) => sum + r.sizeBytes, 0),
    await one(`select sum(length(content)) from messages where kind = 'message'`),
    'the same bytes',
  );
  const charged = records.filter((r) => r.chargedParty === senders[0]).reduce((sum, r) => sum + r.charge, 0);
  t.is(
    charged,
    5 * (await one(`select count(*) from messages where sender_address = '${senders[0]}'`)),
    'each stored message charged once',
  );
  t.is((await one(`select balance from account_charging`)) + charged, startingBalance, 'balance and charges add up');
  t.deepEqual(
    records.map((r) => r.recordId),
    [...records.map((r) => r.recordId)].sort((a, b) => a - b),
    'the export is in record id order',
  );
});
