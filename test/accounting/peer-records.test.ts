// Usage records across domains (5.14, PP2-6): a.example records the message it forwarded to b.example with
// the peer's domain, and b.example records the message it accepted from its peer.
import test from 'ava';
import { list, nodeSoapClient, text } from '../helpers/clients.js';
import { linkedDomains, statusOf, until } from '../helpers/federation.js';
import type { TestGateway } from '../helpers/gateway.js';

const recordsOf = async (gateway: TestGateway) =>
  gateway.store.usage.page({ afterId: 0, since: undefined, until: undefined }, await gateway.store.usage.settledHighWater(), 1000);

test('a message forwarded to a peer domain: SENDING with the peer domain here, RECEIVING from the peer there', async (t) => {
  const { a, b } = await linkedDomains(t, ['alice'], ['bob']);
  const alice = await nodeSoapClient(a.wsdlUrl, 'alice@a.example');
  const sent = await alice.call('SendMessages', { message: [{ recipient: ['bob@b.example'], content: text('across') }] });
  const messageId = list<any>(sent.result)[0].messageId as string;
  await until(async () => (await statusOf(alice, messageId))['bob@b.example'] === 'forwarded', 'forwarded');

  const here = await recordsOf(a);
  t.like(
    here.find((r) => r.event === 'message-exploded'),
    { chargedParty: 'bob@b.example', peerDomain: 'b.example' },
  );
  const forwarded = await until(async () => (await recordsOf(a)).find((r) => r.event === 'peer-forwarded'), 'the forward record');
  t.like(forwarded, {
    serviceType: 'SENDING',
    chargedParty: 'alice@a.example',
    correlationId: messageId,
    peerDomain: 'b.example',
    explodedOk: 1,
    sizeBytes: 6,
  });

  const there = await recordsOf(b);
  const accepted = there.find((r) => r.event === 'peer-accepted');
  t.like(accepted, { serviceType: 'RECEIVING', chargedParty: 'peer-a@b.example', peerDomain: 'a.example', explodedOk: 1 });
  t.deepEqual(accepted!.otherParties, ['alice@a.example', 'bob@b.example']);
  t.like(
    there.find((r) => r.event === 'message-exploded'),
    { chargedParty: 'bob@b.example', peerDomain: 'a.example' },
  );
});
