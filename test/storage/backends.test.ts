// The same behaviour on every backend (Dendrite style): SQLite through better-sqlite3 and sqlite3, and
// PostgreSQL. Each test drives the real gateway over SOAP, so storage, domain and edge run together.
import test from 'ava';
import { decode, list, nodeSoapClient, text } from '../helpers/clients.js';
import { backends, postgresAvailable } from '../helpers/backends.js';
import { startTestGateway } from '../helpers/gateway.js';
import { manualClock } from '../helpers/session.js';

const pgUp = postgresAvailable();

for (const backend of backends) {
  test(`${backend.name}: send, lease, redeliver order, ack, idempotent retry and delivery status`, async (t) => {
    if (backend.name === 'pg' && !(await pgUp)) {
      // Visible in the TAP output: PostgreSQL is optional for a developer machine, present in CI.
      t.log('PostgreSQL is not reachable on 127.0.0.1:5432: skipped');
      t.false(await pgUp);
      return;
    }
    const database = await backend.create();
    const clock = manualClock();
    const gateway = await startTestGateway({ accounts: ['alice', 'bob'], clock, settings: { ...database.settings, 'lease-seconds': 30 } });
    t.teardown(async () => {
      await gateway.stop();
      await database.drop();
    });
    const alice = await nodeSoapClient(gateway.wsdlUrl, 'alice@example.com');
    const bob = await nodeSoapClient(gateway.wsdlUrl, 'bob@example.com');
    const request = {
      message: [
        { recipient: ['bob@example.com', 'ghost@example.com'], content: text('první 🚀'), clientMessageId: 'c-1', deliveryReport: true },
        { recipient: ['bob@example.com'], content: text('second') },
      ],
    };
    const sent = list((await alice.call('SendMessages', request)).result) as any[];
    const retried = list((await alice.call('SendMessages', request)).result) as any[];
    t.is(retried[0].messageId, sent[0].messageId);

    const batch = await bob.call('GetMessages', {});
    const contents = list(batch.message).map((m: any) => decode(m.content));
    // The retry stored the first message once; the second carries no clientMessageId, so it is new.
    t.deepEqual(contents, ['první 🚀', 'second', 'second']);
    t.is(Number(batch.pending), 0);
    t.is(list((await bob.call('GetMessages', {})).message).length, 0, 'leased messages are not handed out twice');
    clock.advance(31_000);
    const redelivered = await bob.call('GetMessages', {});
    t.true(list(redelivered.message).every((m: any) => m.redelivered === true));
    t.is(Number((await bob.call('AckMessages', { ackToken: redelivered.ackToken })).acknowledged), 3);

    const status = list((await alice.call('GetDeliveryStatus', { messageId: sent[0].messageId })).status) as any[];
    t.deepEqual(
      status.map((s) => [s.address, s.status]),
      [
        ['bob@example.com', 'delivered'],
        ['ghost@example.com', 'failed'],
      ],
    );
    const report = list((await alice.call('GetMessages', {})).message) as any[];
    t.is(report[0].notification.status, 'delivered');
  });
}
