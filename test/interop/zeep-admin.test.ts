// Python zeep drives the Administration service from its WSDL alone (test/interop/zeep-admin/billing_feed.py):
// a billing system's paged usage feed resumed by nextAfterId, prepaid terms, suspend and resume, statistics and
// the audit log. Skipped with a notice where zeep is missing.
import { fileURLToPath } from 'node:url';
import test from 'ava';
import { list, nodeSoapClient, text } from '../helpers/clients.js';
import { password, startTestGateway } from '../helpers/gateway.js';
import { requireTools, runProgram } from '../helpers/foreign-stack.js';

const script = fileURLToPath(new URL('zeep-admin/billing_feed.py', import.meta.url));
const python = '/usr/bin/python3';

test('zeep: the usage feed a page at a time, SetCharging, suspend and resume, statistics, audit log', async (t) => {
  if (!requireTools(t, { 'python3-zeep': [python, '-c', 'import zeep'] })) return;
  const gateway = await startTestGateway({
    accounts: [{ address: 'op@example.com', password: password('op@example.com'), role: 'admin' }, 'alice', 'bob'],
  });
  t.teardown(() => gateway.stop());
  const alice = await nodeSoapClient(gateway.wsdlUrl, 'alice@example.com');
  for (const words of ['one', 'two'])
    await alice.call('SendMessages', { message: [{ recipient: ['bob@example.com'], content: text(words) }] });
  t.is(
    list((await alice.call('SendMessages', { message: [{ recipient: ['bob@example.com'], content: text('three') }] })).result).length,
    1,
  );

  const run = await runProgram(python, [script, gateway.url, password('op@example.com')]);
  t.log(run.stderr);
  t.is(run.code, 0, run.stdout + run.stderr);
  const report = JSON.parse(run.stdout.trim().split('\n').at(-1) ?? '{}');
  t.is(report.pages, 3, 'six records in pages of two');
  t.deepEqual(
    report.records.map((r: unknown[]) => r.slice(1, 4)),
    [0, 1, 2].flatMap(() => [
      ['message-sent', 'SENDING', 'alice@example.com'],
      ['message-exploded', 'RECEIVING', 'bob@example.com'],
    ]),
  );
  const ids: number[] = report.records.map((r: number[]) => r[0]);
  t.deepEqual(
    ids,
    [...new Set(ids)].sort((a: number, b: number) => a - b),
    'each record once, in order',
  );
  t.deepEqual(report.records[0][4], ['bob@example.com']);
  t.deepEqual(report.charging, { payment: 'prepaid', balance: 10, subscriberId: 'CUST-9' });
  t.deepEqual(report.states, ['suspended', 'active']);
  t.is(report.accounts, 3);
  t.deepEqual(report.domainTraffic, [['example.com', 3]]);
  t.deepEqual(
    report.audit.map((e: string[]) => e[0]),
    ['ExportUsage', 'ExportUsage', 'ExportUsage', 'SetCharging', 'SuspendAccount', 'ResumeAccount'],
  );
});
