// A peer domain down for a while (5.14): nothing is lost, nothing duplicated, and everything arrives in
// order per recipient once it is back. B runs as its own `imwsi serve` process so it can be killed.
import { join } from 'node:path';
import test from 'ava';
import { decode, list, nodeSoapClient, text } from '../helpers/clients.js';
import { password, tempDir } from '../helpers/gateway.js';
import { addPeer, collect, imwsi, spawnServe, startDomain, statusOf, until } from '../helpers/federation.js';

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
