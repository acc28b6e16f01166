// Between domains (PP2-12, PP-10; docs/operations.md): per-peer rates out and in, and delivery to a peer
// switched off and on, over two gateways in-process (a.example forwards to b.example).
import test from 'ava';
import { decode, list, nodeSoapClient, text } from '../helpers/clients.js';
import { collect, linkedDomains, statusOf, until } from '../helpers/federation.js';
import { filledFault, localOperator, operatorOf } from '../helpers/policy.js';

const sendTo = (client: { call(op: string, args: object): Promise<any> }, to: string[], body: string) =>
  client.call('SendMessages', { message: [{ recipient: to, content: text(body) }] });

test('delivery off for a peer: its queue waits; back on, the message is forwarded', async (t) => {
  const { a, b } = await linkedDomains(t, ['alice'], ['bob']);
  const policy = await operatorOf(a, t.teardown, 'a.example');
  await policy.setSwitch(localOperator, 'delivery', 'peer', 'b.example', false);
  const alice = await nodeSoapClient(a.wsdlUrl, 'alice@a.example');
  const messageId = list<any>((await sendTo(alice, ['bob@b.example'], 'held')).result)[0].messageId;
  const bob = await nodeSoapClient(b.wsdlUrl, 'bob@b.example');
  t.deepEqual(await collect(bob, 1, 2), []);
  t.is((await statusOf(alice, messageId))['bob@b.example'], 'queued');
  await policy.setSwitch(localOperator, 'delivery', 'peer', 'b.example', true);
  t.deepEqual(
    (await collect(bob, 1)).map((m) => decode(m.content)),
    ['held'],
  );
});

test('peer.out.minute counts recipients sent to the peer; past it the request is refused (POL7001)', async (t) => {
  const { a } = await linkedDomains(t, ['alice'], ['bob', 'carol']);
  const policy = await operatorOf(a, t.teardown, 'a.example');
  await policy.setLimit(localOperator, 'peer', 'b.example', 'peer.out.minute', '2');
  const alice = await nodeSoapClient(a.wsdlUrl, 'alice@a.example');
  await sendTo(alice, ['bob@b.example', 'carol@b.example'], 'two');
  const fault = filledFault(await t.throwsAsync(sendTo(alice, ['bob@b.example'], 'three')));
  t.is(fault.messageId, 'POL7001');
  t.regex(fault.text, /^Limit peer\.out\.minute \(peer b\.example\) reached: 2 used of 2; it resets at /);
});

test('peer.in.minute at the receiving gateway: the message past it is refused, and the sender sees it failed', async (t) => {
  const { a, b } = await linkedDomains(t, ['alice'], ['bob']);
  const policy = await operatorOf(b, t.teardown, 'b.example');
  await policy.setLimit(localOperator, 'peer', 'a.example', 'peer.in.minute', '1');
  const alice = await nodeSoapClient(a.wsdlUrl, 'alice@a.example');
  const bob = await nodeSoapClient(b.wsdlUrl, 'bob@b.example');
  await sendTo(alice, ['bob@b.example'], 'first');
  t.deepEqual(
    (await collect(bob, 1)).map((m) => decode(m.content)),
    ['first'],
  );
  const second = list<any>((await sendTo(alice, ['bob@b.example'], 'second')).result)[0].messageId;
  await until(async () => (await statusOf(alice, second))['bob@b.example'] === 'failed', 'the second refused by b.example');
  t.deepEqual(await collect(bob, 1, 1), []);
});

test('submission off for a peer: what it forwards is refused (POL7008), and its sender sees it failed', async (t) => {
  const { a, b } = await linkedDomains(t, ['alice'], ['bob']);
  const policy = await operatorOf(b, t.teardown, 'b.example');
  await policy.setSwitch(localOperator, 'submission', 'peer', 'a.example', false);
  const alice = await nodeSoapClient(a.wsdlUrl, 'alice@a.example');
  const messageId = list<any>((await sendTo(alice, ['bob@b.example'], 'blocked at b')).result)[0].messageId;
  await until(async () => (await statusOf(alice, messageId))['bob@b.example'] === 'failed', 'refused by b.example');
  const bob = await nodeSoapClient(b.wsdlUrl, 'bob@b.example');
  t.deepEqual(await collect(bob, 1, 1), []);
});

test('a system-wide peer.out.minute applies to each routed peer domain, and counts nothing for unrouted ones', async (t) => {
  const { a } = await linkedDomains(t, ['alice'], ['bob']);
  const policy = await operatorOf(a, t.teardown, 'a.example');
  await policy.setLimit(localOperator, 'system', undefined, 'peer.out.minute', '1');
  const alice = await nodeSoapClient(a.wsdlUrl, 'alice@a.example');
  // Unrouted domains fail per recipient (SVC2004) and use none of the count.
  await sendTo(alice, ['bob@b.example', 'x@nowhere.example', 'y@elsewhere.example'], 'one');
  const fault = filledFault(await t.throwsAsync(sendTo(alice, ['bob@b.example'], 'two')));
  t.regex(fault.text, /^Limit peer\.out\.minute \(system\) reached: 1 used of 1/);
  await sendTo(alice, ['alice@a.example', 'z@nowhere.example'], 'local');
});
