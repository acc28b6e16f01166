// Python zeep: runs examples/python-zeep/quickstart.py itself against a fresh gateway, over SOAP 1.1 and
// over the SOAP 1.2 view of the WSDL, then checks through node soap what the script claims to have done.
import { fileURLToPath } from 'node:url';
import test from 'ava';
import { list, nodeSoapClient } from '../helpers/clients.js';
import { password, startTestGateway } from '../helpers/gateway.js';
import { eachRun } from '../helpers/examples.js';
import { requireTools, runProgram } from '../helpers/foreign-stack.js';

const quickstart = fileURLToPath(new URL('../../examples/python-zeep/quickstart.py', import.meta.url));
// The Debian python3-zeep lives in the system interpreter, not in whatever python3 is first on PATH.
const python = '/usr/bin/python3';

for (const [version, path] of [
  ['1.1', ''],
  ['1.2', '/soap12'],
] as const) {
  test(`the zeep quickstart completes its round trip over SOAP ${version}: emoji and CJK content byte for byte, acked, SVC2001 detail`, async (t) => {
    // Skipped with a notice where zeep is missing (python3-zeep on Debian, or pip install zeep).
    if (!requireTools(t, { 'python3-zeep': [python, '-c', 'import zeep'] })) return;
    const gateway = await startTestGateway({ accounts: ['alice', 'bob'] });
    t.teardown(() => gateway.stop());
    const [alice, bob] = ['alice@example.com', 'bob@example.com'];
    // Twice on the same gateway, like every example: the second run must find its own message again.
    await eachRun(async (round) => {
      const run = await runProgram(python, [
        quickstart,
        `${gateway.url}/wsi/InstantMessaging${path}?wsdl`,
        '--user',
        alice,
        '--password',
        password(alice),
        '--to',
        bob,
        '--to-password',
        password(bob),
        '--wait',
        '5',
      ]);
      t.log(run.stdout + run.stderr);
      t.is(run.code, 0, `run ${round}`);
      t.regex(run.stdout, /round trip OK/);
      t.is(run.stdout.match(/\[bytes match\]/g)?.length, 2);
      t.regex(run.stdout, /fault ServiceException SVC2001: Unknown message id %1 \['no-such-message'\]/);

      // Independent check: both copies were acknowledged, so the status is delivered and the inboxes are empty.
      const messageId = /^sent (\S+),/m.exec(run.stdout)?.[1] ?? '';
      const sender = await nodeSoapClient(gateway.wsdlUrl, alice);
      const status = await sender.call('GetDeliveryStatus', { messageId });
      t.deepEqual(
        list<{ address: string; status: string }>(status.status).map((s) => [s.address, s.status]),
        [
          [bob, 'delivered'],
          [alice, 'delivered'],
        ],
      );
      for (const address of [alice, bob]) {
        const inbox = await (await nodeSoapClient(gateway.wsdlUrl, address)).call('GetMessages', {});
        t.is(list(inbox.message).length, 0, `${address}'s inbox is empty`);
      }
    });
  });
}
