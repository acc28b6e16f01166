// Two gateway processes' worth of gateways on one PostgreSQL database (the scale-out setup): a long poll
// waiting on one gateway is woken at once by a SendMessages stored through the other.
import test from 'ava';
import { decode, list, nodeSoapClient, text } from '../helpers/clients.js';
import { backends, postgresAvailable } from '../helpers/backends.js';
import { startTestGateway } from '../helpers/gateway.js';

test('pg: a send through gateway B wakes a long poll waiting on gateway A at once', async (t) => {
  if (!(await postgresAvailable())) {
    // Visible in the TAP output: PostgreSQL is optional for a developer machine, present in CI.
    t.log('PostgreSQL is not reachable on 127.0.0.1:5432: skipped');
    t.false(await postgresAvailable());
    return;
  }
  const database = await backends.find((b) => b.name === 'pg')!.create();
  const a = await startTestGateway({ accounts: ['alice', 'bob'], settings: database.settings });
  const b = await startTestGateway({ settings: database.settings });
  t.teardown(async () => {
    await Promise.all([a.stop(), b.stop()]);
    await database.drop();
  });
  const bobAtA = await nodeSoapClient(a.wsdlUrl, 'bob@example.com');
  const aliceAtB = await nodeSoapClient(b.wsdlUrl, 'alice@example.com');
  const started = Date.now();
  const poll = bobAtA.call('GetMessages', { waitSeconds: 30 });
  for (;;) {
    if (/^imwsi_long_polls_waiting 1$/m.test(await (await fetch(`${a.url}/metrics`)).text())) break;
    await new Promise((resolve) => setImmediate(resolve));
  }
  await aliceAtB.call('SendMessages', { message: [{ recipient: ['bob@example.com'], content: text('across gateways') }] });
  const batch = await poll;
  t.deepEqual(
    list(batch.message).map((m: any) => decode(m.content)),
    ['across gateways'],
  );
  t.true(Date.now() - started < 15_000, 'answered long before the 30 s deadline');
});
