// `imwsi usage export` (docs/operations.md "Usage records"): CSV or JSON Lines on standard output, a
// progress bar on standard error, a time range, and resumption from the last record id read, so a billing
// system that reads the feed in pieces gets every record exactly once.
import { join } from 'node:path';
import test from 'ava';
import { text } from '../helpers/clients.js';
import { startTestGateway } from '../helpers/gateway.js';
import { runImwsi } from '../helpers/process.js';
import { userOf } from '../helpers/social.js';

test('export in two pieces resumed with --after-id equals one whole export; CSV and JSON Lines agree', async (t) => {
  const gateway = await startTestGateway({ accounts: ['alice', 'bob'] });
  t.teardown(() => gateway.stop());
  const alice = await userOf(gateway, 'alice');
  for (let i = 0; i < 6; i++)
    await alice.im.call('SendMessages', { message: [{ recipient: ['bob@example.com'], content: text(`m${i}, "quoted"`) }] });
  const flags = ['--db', join(gateway.dir, 'imwsi.sqlite'), '--domain', 'example.com'];

  const whole = await runImwsi(['usage', 'export', '--format', 'jsonl', ...flags]);
  t.is(whole.status, 0, whole.stderr);
  t.regex(whole.stderr, /exporting \[#+\] 100% 12\/12/);
  const lines = whole.stdout.trim().split('\n');
  t.is(lines.length, 12, 'six SENDING records and six copies');
  const ids = lines.map((l) => (JSON.parse(l) as { recordId: number }).recordId);

  const first = (await runImwsi(['usage', 'export', '--format', 'jsonl', ...flags])).stdout.trim().split('\n').slice(0, 5);
  const lastRead = (JSON.parse(first[4]!) as { recordId: number }).recordId;
  const rest = (await runImwsi(['usage', 'export', '--format', 'jsonl', '--after-id', String(lastRead), ...flags])).stdout
    .trim()
    .split('\n');
  t.deepEqual([...first, ...rest], lines, 'nothing missed, nothing twice');
  t.true(ids.every((id, i) => i === 0 || id > ids[i - 1]!));

  const csv = await runImwsi(['usage', 'export', ...flags]);
  const rows = csv.stdout.trim().split('\r\n');
  t.is(
    rows[0],
    'recordId,correlationId,event,serviceType,chargedParty,subscriberId,subscriberType,otherParties,time,contentType,sizeBytes,sentCount,sentOk,explodedCount,explodedOk,peerDomain,outcome,charge',
  );
  t.is(rows.length, 13);
  t.regex(rows[1]!, /^\d+,[0-9a-f-]{36},message-sent,SENDING,alice@example.com,,,bob@example.com,\d{4}-\d\d-\d\dT[\d:.]+Z,/);
});

test('--since and --until bound the export by time; a wrong range or format says what to write', async (t) => {
  const gateway = await startTestGateway({ accounts: ['alice', 'bob'] });
  t.teardown(() => gateway.stop());
  const alice = await userOf(gateway, 'alice');
  await alice.im.call('SendMessages', { message: [{ recipient: ['bob@example.com'], content: text('today') }] });
  const flags = ['--db', join(gateway.dir, 'imwsi.sqlite'), '--domain', 'example.com'];
  const today = new Date().toISOString().slice(0, 10);
  const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
  const day = await runImwsi(['usage', 'export', '--format', 'jsonl', '--since', today, '--until', tomorrow, ...flags]);
  t.is(day.stdout.trim().split('\n').length, 2);
  const before = await runImwsi(['usage', 'export', '--format', 'jsonl', '--until', today, ...flags]);
  t.is(before.stdout, '');
  const wrong = await runImwsi(['usage', 'export', '--since', 'yesterday', ...flags]);
  t.is(wrong.status, 2);
  t.regex(wrong.stderr, /--since must be a date \(2026-11-30\) or a UTC time/);
  const backwards = await runImwsi(['usage', 'export', '--since', tomorrow, '--until', today, ...flags]);
  t.is(backwards.status, 1);
  t.regex(backwards.stderr, /until must be later than since/);
  t.is((await runImwsi(['usage', 'export', '--format', 'xml', ...flags])).status, 2);
});
