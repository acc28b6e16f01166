// Routing between domains (5.14): a routed domain is forwarded, a domain with no route fails alone, and
// the routing table is the Administration service's, for admins only.
import test from 'ava';
import { decode, faultOf, list, nodeSoapClient, text } from '../helpers/clients.js';
import { collect, link, startDomain, statusOf, until, linkedDomains } from '../helpers/federation.js';

test('a recipient in a routed domain is forwarded while one in an unrouted domain fails alone with SVC2004', async (t) => {
  const { a, b } = await linkedDomains(t, ['alice'], ['bob']);
  const alice = await nodeSoapClient(a.wsdlUrl, 'alice@a.example');
  const bob = await nodeSoapClient(b.wsdlUrl, 'bob@b.example');

  const sent = await alice.call('SendMessages', {
    message: [{ recipient: ['bob@b.example', 'carol@c.example'], content: text('Hello from A') }],
  });
  const [result] = list<any>(sent.result);
  t.deepEqual(
    list<any>(result.recipientResult).map((r) => [r.address, r.status, r.errorCode]),
    [
      ['bob@b.example', 'queued', undefined],
      ['carol@c.example', 'failed', 'SVC2004'],
    ],
  );
  const [received] = await collect(bob, 1);
  t.is(decode(received!.content), 'Hello from A');
  t.is(received!.sender, 'alice@a.example');
  const statuses = await until(async () => {
    const s = await statusOf(alice, result.messageId);
    return s['bob@b.example'] !== 'queued' && s;
  }, 'the forwarded status');
  t.not(statuses['bob@b.example'], 'queued');
  t.is(statuses['carol@c.example'], 'failed');
});

test('a request whose only recipient has no route is refused whole with SVC0004', async (t) => {
  const a = await startDomain('a.example', ['alice']);
  t.teardown(() => a.stop());
  const alice = await nodeSoapClient(a.wsdlUrl, 'alice@a.example');
  const error = await t.throwsAsync(alice.call('SendMessages', { message: [{ recipient: ['carol@c.example'], content: text('x') }] }));
  t.is(faultOf(error).messageId, 'SVC0004');
});

test('the routing table is managed by admins through Administration; other accounts get POL1005', async (t) => {
  const a = await startDomain('a.example', ['alice']);
  t.teardown(() => a.stop());
  const admin = await nodeSoapClient(`${a.url}/wsi/Administration?wsdl`, 'admin@a.example');
  const alice = await nodeSoapClient(`${a.url}/wsi/Administration?wsdl`, 'alice@a.example');
  t.is(faultOf(await t.throwsAsync(alice.call('ListPeers', {}))).messageId, 'POL1005');

  const added = await admin.call('AddPeer', {
    domain: 'B.Example',
    endpoint: 'http://127.0.0.1:1/wsi/InstantMessaging',
    username: 'peer-a@b.example',
    password: 'secret-at-b',
  });
  t.is(added.peer.domain, 'b.example');
  t.is(added.peer.password, undefined);
  const listed = list<any>((await admin.call('ListPeers', {})).peer);
  t.deepEqual(
    listed.map((p) => [p.domain, p.endpoint, p.username]),
    [['b.example', 'http://127.0.0.1:1/wsi/InstantMessaging', 'peer-a@b.example']],
  );
  t.is(
    faultOf(await t.throwsAsync(admin.call('AddPeer', { domain: 'a.example', endpoint: 'http://x/', username: 'u', password: 'p' })))
      .messageId,
    'SVC4003',
  );
  t.is(
    faultOf(await t.throwsAsync(admin.call('AddPeer', { domain: 'c.example', endpoint: 'ftp://x/', username: 'u', password: 'p' })))
      .messageId,
    'SVC4004',
  );

  t.true((await admin.call('RemovePeer', { domain: 'b.example' })).removed);
  t.is(faultOf(await t.throwsAsync(admin.call('RemovePeer', { domain: 'b.example' }))).messageId, 'SVC4002');
  const user = await nodeSoapClient(a.wsdlUrl, 'alice@a.example');
  t.is(
    faultOf(await t.throwsAsync(user.call('SendMessages', { message: [{ recipient: ['bob@b.example'], content: text('x') }] }))).messageId,
    'SVC0004',
  );
});

test('recipients of one message in two peer domains and the home domain all receive it', async (t) => {
  const a = await startDomain('a.example', ['alice', 'ann']);
  const b = await startDomain('b.example', ['bob']);
  const c = await startDomain('c.example', ['carol']);
  t.teardown(() => Promise.all([a.stop(), b.stop(), c.stop()]));
  await link({ ...a, domain: 'a.example' }, { ...b, domain: 'b.example' });
  await link({ ...a, domain: 'a.example' }, { ...c, domain: 'c.example' });
  const alice = await nodeSoapClient(a.wsdlUrl, 'alice@a.example');
  await alice.call('SendMessages', {
    message: [{ recipient: ['bob@b.example', 'carol@c.example', 'ann@a.example'], content: text('fan out') }],
  });
  for (const [gateway, address] of [
    [b, 'bob@b.example'],
    [c, 'carol@c.example'],
    [a, 'ann@a.example'],
  ] as const) {
    const got = await collect(await nodeSoapClient(gateway.wsdlUrl, address), 1);
    t.deepEqual(
      got.map((m) => [decode(m.content), m.sender]),
      [['fan out', 'alice@a.example']],
      address,
    );
  }
});
