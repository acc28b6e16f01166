// Forwarding semantics (5.14): a lost response never duplicates, expiry is honoured while queued, and the
// delivery reports a sender asked for come back across the domains.
import test from 'ava';
import { decode, list, nodeSoapClient, text } from '../helpers/clients.js';
import { addPeer, collect, lossyProxy, startDomain, statusOf, until, linkedDomains } from '../helpers/federation.js';
import { password } from '../helpers/gateway.js';

test('a response lost after the peer stored the message is retried without a duplicate', async (t) => {
  const a = await startDomain('a.example', ['alice']);
  const b = await startDomain('b.example', ['bob', 'peer-a']);
  const proxy = await lossyProxy(b.url);
  t.teardown(async () => {
    await a.stop();
    await proxy.close();
    await b.stop();
  });
  await addPeer({ ...b, domain: 'b.example' }, { domain: 'a.example', inboundAccount: 'peer-a@b.example' });
  await addPeer(
    { ...a, domain: 'a.example' },
    {
      domain: 'b.example',
      endpoint: `${proxy.url}/wsi/InstantMessaging`,
      username: 'peer-a@b.example',
      password: password('peer-a@b.example'),
    },
  );
  proxy.loseNextResponse();
  const alice = await nodeSoapClient(a.wsdlUrl, 'alice@a.example');
  const sent = await alice.call('SendMessages', { message: [{ recipient: ['bob@b.example'], content: text('exactly once') }] });
  const messageId = list<any>(sent.result)[0].messageId;

  await until(async () => (await statusOf(alice, messageId))['bob@b.example'] === 'forwarded', 'forwarded after the retry');
  t.true(proxy.sends >= 2, 'the forwarder sent again after losing the response');
  const bob = await nodeSoapClient(b.wsdlUrl, 'bob@b.example');
  const received = await collect(bob, 2, 2);
  t.deepEqual(
    received.map((m) => decode(m.content)),
    ['exactly once'],
  );
});

test('a message that expires while its peer is unreachable is marked expired and reported to the sender', async (t) => {
  const a = await startDomain('a.example', ['alice']);
  t.teardown(() => a.stop());
  // A route to a port where nothing listens: every attempt fails.
  await addPeer(
    { ...a, domain: 'a.example' },
    { domain: 'b.example', endpoint: 'http://127.0.0.1:9/wsi/InstantMessaging', username: 'peer-a@b.example', password: 'whatever-pw' },
  );
  const alice = await nodeSoapClient(a.wsdlUrl, 'alice@a.example');
  const sent = await alice.call('SendMessages', {
    message: [{ recipient: ['bob@b.example'], content: text('too late'), validitySeconds: 1, deliveryReport: true }],
  });
  const messageId = list<any>(sent.result)[0].messageId;

  const [report] = await collect(alice, 1);
  t.is(report!.kind, 'notification');
  t.like(report!.notification, { type: 'deliveryReport', messageId, address: 'bob@b.example', status: 'expired' });
  t.is((await statusOf(alice, messageId))['bob@b.example'], 'expired');
});

test('a delivery report comes back across domains and the status moves from forwarded to delivered', async (t) => {
  const { a, b } = await linkedDomains(t, ['alice'], ['bob']);
  const alice = await nodeSoapClient(a.wsdlUrl, 'alice@a.example');
  const bob = await nodeSoapClient(b.wsdlUrl, 'bob@b.example');
  const sent = await alice.call('SendMessages', {
    message: [{ recipient: ['bob@b.example'], content: text('report please'), deliveryReport: true }],
  });
  const messageId = list<any>(sent.result)[0].messageId;

  // Bob reads but does not acknowledge yet: the peer accepted it, nothing is delivered.
  const batch = await bob.call('GetMessages', { waitSeconds: 10 });
  await until(async () => (await statusOf(alice, messageId))['bob@b.example'] === 'forwarded', 'forwarded');
  await bob.call('AckMessages', { ackToken: batch.ackToken });

  const [report] = await collect(alice, 1);
  t.like(report!.notification, { type: 'deliveryReport', messageId, address: 'bob@b.example', status: 'delivered' });
  t.is((await statusOf(alice, messageId))['bob@b.example'], 'delivered');
});

test('a message that expires unread at the peer comes back as expired, with the non-delivery report', async (t) => {
  const { a } = await linkedDomains(t, ['alice'], ['bob'], { 'sweep-interval-ms': 100 });
  const alice = await nodeSoapClient(a.wsdlUrl, 'alice@a.example');
  const sent = await alice.call('SendMessages', {
    message: [{ recipient: ['bob@b.example'], content: text('read me soon'), validitySeconds: 2, deliveryReport: true }],
  });
  const messageId = list<any>(sent.result)[0].messageId;

  // Bob never reads it: B's sweeper expires it and reports to A's peer account, A settles and tells Alice.
  const [report] = await collect(alice, 1);
  t.like(report!.notification, { type: 'deliveryReport', messageId, address: 'bob@b.example', status: 'expired' });
  t.is((await statusOf(alice, messageId))['bob@b.example'], 'expired');
});
