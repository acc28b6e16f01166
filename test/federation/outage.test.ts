// A peer domain down for a while (5.14): nothing is lost, nothing duplicated, and everything arrives in
// order per recipient once it is back. B runs as its own `imwsi serve` process so it can be killed. Social
// events (presence subscriptions) too, through a SIGKILL of either gateway.
import { join } from 'node:path';
import test from 'ava';
import { decode, list, nodeSoapClient, text } from '../helpers/clients.js';
import { password, tempDir } from '../helpers/gateway.js';
import { addPeer, collect, imwsi, spawnServe, startDomain, statusOf, twoProcessDomains, until } from '../helpers/federation.js';
import { type User, userOf } from '../helpers/social.js';

test('messages queued while the peer is down arrive once each and in order after it restarts', async (t) => {
  const dir = tempDir();
  const db = ['--db', join(dir, 'b.sqlite'), '--domain', 'b.example'];
  for (const args of [
    ['users', 'add', 'bob@b.example', '--password', password('bob@b.example')],
    ['users', 'add', 'peer-a@b.example', '--password', password('peer-a@b.example')],
    ['peers', 'add', 'a.example', '--inbound-account', 'peer-a@b.example'],
  ]) {
    const run = imwsi([...args, ...db]);
    t.is(run.status, 0, run.stderr);
  }
  let b = await spawnServe([...db, '--port', '0']);
  const port = new URL(b.url).port;
  const a = await startDomain('a.example', ['alice']);
  t.teardown(async () => {
    await b.stop();
    await a.stop();
  });
  await addPeer(
    { ...a, domain: 'a.example' },
    {
      domain: 'b.example',
      endpoint: `${b.url}/wsi/InstantMessaging`,
      username: 'peer-a@b.example',
      password: password('peer-a@b.example'),
    },
  );
  const alice = await nodeSoapClient(a.wsdlUrl, 'alice@a.example');
  const bobAt = (url: string) => nodeSoapClient(`${url}/wsi/InstantMessaging?wsdl`, 'bob@b.example');

  await alice.call('SendMessages', { message: [{ recipient: ['bob@b.example'], content: text('before the outage') }] });
  t.deepEqual(
    (await collect(await bobAt(b.url), 1)).map((m) => decode(m.content)),
    ['before the outage'],
  );

  await b.kill();
  const ids: string[] = [];
  for (let i = 1; i <= 5; i++) {
    const sent = await alice.call('SendMessages', {
      message: [{ recipient: ['bob@b.example'], content: text(`during the outage #${i}`) }],
    });
    const [result] = list<any>(sent.result);
    t.is(list<any>(result.recipientResult)[0].status, 'queued');
    ids.push(result.messageId);
  }
  // The forwarder has tried and failed (the backoff path), and nothing is marked forwarded.
  await until(
    async () => /imwsi_forward_failures_total\{domain="b.example"\} [1-9]/.test(await (await fetch(`${a.url}/metrics`)).text()),
    'a failed attempt',
  );
  for (const id of ids) t.is((await statusOf(alice, id))['bob@b.example'], 'queued');

  b = await spawnServe([...db, '--port', port]);
  const bob = await bobAt(b.url);
  const received = await collect(bob, 5);
  t.deepEqual(
    received.map((m) => decode(m.content)),
    [1, 2, 3, 4, 5].map((i) => `during the outage #${i}`),
  );
  t.deepEqual(await collect(bob, 1, 1), [], 'no duplicates');
  for (const id of ids)
    await until(async () => ['forwarded', 'delivered'].includes((await statusOf(alice, id))['bob@b.example']!), 'forwarded');
});

test('social events queued while the peer is down, through a SIGKILL of the sending gateway, arrive once each and in order', async (t) => {
  const { b1, b2 } = await twoProcessDomains(t, ['alice', 'carol'], ['bob']);
  await b2.kill();
  const [alice, carol] = await Promise.all([userOf(b1, 'alice@b1.example'), userOf(b1, 'carol@b1.example')]);
  const subscribe = async (who: User) =>
    list<any>((await who.presence.call('SubscribePresence', { presentity: ['bob@b2.example'] })).result)[0].status;
  // While b2 is down: Alice subscribes and withdraws; Carol subscribes. All three wait in b1's queue.
  t.is(await subscribe(alice), 'pending');
  await alice.presence.call('UnsubscribePresence', { presentity: ['bob@b2.example'] });
  t.is(await subscribe(carol), 'pending');

  // b1 dies with its queue full (SIGKILL: no shutdown), and comes back before b2 does.
  await b1.kill();
  await b1.restart();
  await b2.restart();

  // Each event arrived once, in order: Alice's request and then its withdrawal (which removes a pending
  // request; reversed, she would still be waiting), then Carol's request, which waits for Bob.
  const bob = await userOf(b2, 'bob@b2.example');
  const watchers = await until(async () => {
    const found = list<any>((await bob.presence.call('GetWatchers', {})).watcher);
    return found.some((w) => w.address === 'carol@b1.example') ? found : undefined;
  }, "Carol's request at b2");
  t.deepEqual(
    watchers.map((w) => [w.address, w.status]),
    [['carol@b1.example', 'pending']],
  );
  const requests = await bob.notices('subscriptionRequest', 5);
  t.is(requests.filter((n) => n.address === 'carol@b1.example').length, 1);
  t.true(requests.filter((n) => n.address === 'alice@b1.example').length <= 1);

  // Bob grants Carol: the answer crosses back to the restarted b1, once.
  await bob.presence.call('UpdateSubscriptionAuthorization', { decision: [{ watcher: 'carol@b1.example', grant: true }] });
  const answers = await until(async () => {
    const found = (await carol.notices('subscriptionUpdate', 5)).filter((n) => n.address === 'bob@b2.example');
    return found.length > 0 ? found : undefined;
  }, "Bob's answer at b1");
  t.like(answers[0], { status: 'granted' });
  t.deepEqual(await bob.notices('subscriptionRequest', 1), [], 'no request was applied twice');
  t.deepEqual(await carol.notices('subscriptionUpdate', 1), [], 'no answer was applied twice');
});
