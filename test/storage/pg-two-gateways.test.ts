// Several gateways on one PostgreSQL database are safe (issue 8): two `imwsi serve` processes share one
// database, so both run the expiry sweeper, the forwarder and the presence idle sweep over the same rows.
// With sends, acknowledgements, expiry (in a local inbox, at the peer, and of items a dead peer never
// accepted), forwarding and idle users all at once, every delivery report reaches its sender exactly once,
// every forwarded message reaches the peer exactly once, and every idle user is announced offline once.
import { createServer } from 'node:net';
import test from 'ava';
import { decode, list, nodeSoapClient, text, type ImClient } from '../helpers/clients.js';
import { backends, postgresAvailable } from '../helpers/backends.js';
import { addPeer, fastForwarding, startDomain, statusOf } from '../helpers/federation.js';
import { password } from '../helpers/gateway.js';
import { serve, type ImwsiProcess } from '../helpers/process.js';
import { recordingProxy } from '../helpers/recording-proxy.js';
import { configWith } from '../../src/platform/config.js';
import { openBackend } from '../../src/main/backend.js';
import { createLogger } from '../../src/platform/logger.js';
import { newMessageId, storeAndEnqueueAll } from '../../src/modules/inbox/index.js';
import type { RecipientRecord, Store } from '../../src/kernel/ports.js';
import type { Account, NewMessage } from '../../src/kernel/types.js';

const domain = 'a.example';
const at = (name: string) => `${name}@${domain}`;
const presentities = Array.from({ length: 10 }, (_, i) => `p${String(i).padStart(2, '0')}`);
const idleSeconds = 3;

/** A loopback URL where nothing listens: every call to it fails at once. */
async function deadEndpoint(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}/wsi/InstantMessaging`;
}

/** Reads an inbox (acknowledging each batch) through every given client at once, until stop() is called. */
function reader(clients: readonly ImClient[], maxMessages: number) {
  const got: any[] = [];
  const errors: string[] = [];
  let stopping = false;
  const loops = clients.map(async (client) => {
    try {
      while (!stopping) {
        const batch = await client.call('GetMessages', { maxMessages, waitSeconds: 1 });
        got.push(...list<any>(batch.message));
        if (batch.ackToken) await client.call('AckMessages', { ackToken: batch.ackToken });
      }
    } catch (error) {
      if (!stopping) errors.push((error as Error).message);
    }
  });
  return {
    got,
    errors,
    async stop() {
      stopping = true;
      await Promise.all(loops);
    },
  };
}

/** A fixed shuffle (so a failure can be replayed): the kinds of message interleave in every request. */
function shuffled<T>(items: readonly T[]): T[] {
  const out = [...items];
  let seed = 8;
  for (let i = out.length - 1; i > 0; i--) {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    const j = seed % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

async function until(check: () => boolean, what: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const tally = (keys: readonly string[]) => {
  const counts = new Map<string, number>();
  for (const key of keys) counts.set(key, (counts.get(key) ?? 0) + 1);
  return counts;
};

test('pg: two gateway processes on one database send each delivery report, forward and presence notice once', async (t) => {
  if (!(await postgresAvailable())) {
    // Visible in the TAP output: PostgreSQL is optional for a developer machine, present in CI.
    t.log('PostgreSQL is not reachable on 127.0.0.1:5432: skipped');
    t.false(await postgresAvailable());
    return;
  }
  // Hang guards, not timings: on a loaded machine (the whole suite beside it) the sweeps and forwarders of two
  // processes on PostgreSQL can take minutes to settle everything.
  t.timeout(300_000);
  const database = await backends.find((b) => b.name === 'pg')!.create();
  const cleanup: (() => Promise<unknown>)[] = [];
  // What the gateways log at error level (a failed sweep or forwarder pass, an SVC0001), shown on failure.
  const logged: string[] = [];
  t.teardown(async () => {
    if (logged.length > 0) console.error(logged.slice(0, 40).join('\n'));
    for (const step of cleanup.reverse()) await step().catch(() => undefined);
    await database.drop();
  });
  const db = { 'db-client': 'pg', 'db-url': database.settings['db-url']!, 'secret-key-file': database.settings['secret-key-file']! };

  // Migrate and provision once, before either process starts (both share the key file that seals passwords).
  const backend = await openBackend(configWith({ ...db, domain, 'log-level': 'silent' }), Date.now, createLogger('silent'));
  await backend.accounts.add({ address: at('admin'), password: password(at('admin')), role: 'admin' });
  for (const name of ['alice', 'bob', 'carol', 'wendy', ...presentities])
    await backend.accounts.add({ address: at(name), password: password(at(name)) });
  await backend.close();

  // The peer domain, a third gateway, behind a proxy that counts what reaches it.
  const b = await startDomain('b.example', ['dave', 'erin', 'peer-a'], { 'sweep-interval-ms': 50 });
  cleanup.push(() => b.stop());
  const proxy = await recordingProxy(b.url);
  cleanup.push(() => proxy.close());
  await addPeer({ ...b, domain: 'b.example' }, { domain, inboundAccount: 'peer-a@b.example' });

  const flags = [
    ...Object.entries(db).flatMap(([k, v]) => [`--${k}`, v]),
    '--domain',
    domain,
    '--sweep-interval-ms',
    '20',
    '--presence-idle-seconds',
    String(idleSeconds),
    '--max-wait-seconds',
    '1',
    ...Object.entries(fastForwarding).flatMap(([k, v]) => [`--${k}`, String(v)]),
  ];
  const gateways: ImwsiProcess[] = [];
  for (let i = 0; i < 2; i++) {
    const g = await serve([...flags, '--log-level', 'error']);
    gateways.push(g);
    cleanup.push(() => g.stop());
    for (const stream of [g.child.stdout!, g.child.stderr!])
      stream.on('data', (chunk: Buffer) =>
        logged.push(
          ...chunk
            .toString()
            .split('\n')
            .filter(Boolean)
            .map((line) => `gateway ${i + 1}: ${line}`),
        ),
      );
  }
  const [g1, g2] = gateways as [ImwsiProcess, ImwsiProcess];
  const wsdl = (g: ImwsiProcess, service = 'InstantMessaging') => `${g.url}/wsi/${service}?wsdl`;
  const both = (name: string, service?: string) => Promise.all(gateways.map((g) => nodeSoapClient(wsdl(g, service), at(name))));

  // b.example through the proxy; c.example at a port where nothing listens (its items can only expire).
  await addPeer(
    { domain, url: g1.url },
    {
      domain: 'b.example',
      endpoint: `${proxy.url}/wsi/InstantMessaging`,
      username: 'peer-a@b.example',
      password: password('peer-a@b.example'),
    },
  );
  await addPeer(
    { domain, url: g2.url },
    { domain: 'c.example', endpoint: await deadEndpoint(), username: 'peer-a@c.example', password: 'unused-secret' },
  );

  // Presence: wendy watches the presentities, who grant her; her inbox starts empty.
  const wendy = await both('wendy');
  for (const [i, p] of presentities.entries()) {
    const presence = await nodeSoapClient(wsdl(gateways[i % 2]!, 'Presence'), at(p));
    await presence.call('UpdateSubscriptionAuthorization', { decision: [{ watcher: at('wendy'), grant: true }] });
  }
  await (await nodeSoapClient(wsdl(g1, 'Presence'), at('wendy'))).call('SubscribePresence', { presentity: presentities.map(at) });
  for (;;) {
    const batch = await wendy[0]!.call('GetMessages', {});
    if (batch.ackToken) await wendy[0]!.call('AckMessages', { ackToken: batch.ackToken });
    if (list(batch.message).length === 0) break;
  }

  // Everything at once from here: wendy, bob, dave and alice read through both gateways (dave at the peer).
  const alice = await both('alice');
  const reports = reader(alice, 7);
  const bobReader = reader(await both('bob'), 3);
  const watcher = reader(wendy, 5);
  const daveReader = reader([await nodeSoapClient(b.wsdlUrl, 'dave@b.example'), await nodeSoapClient(b.wsdlUrl, 'dave@b.example')], 4);
  const readers = [reports, bobReader, watcher, daveReader];
  cleanup.push(() => Promise.all(readers.map((r) => r.stop())));
  // Each presentity polls once (online), then idles until both sweepers find it.
  await Promise.all(presentities.map(async (p, i) => (await nodeSoapClient(wsdl(gateways[i % 2]!), at(p))).call('GetMessages', {})));

  // recipient -> validity: bob reads (some of his expire first), carol never reads, dave reads at the peer,
  // erin never reads there (the peer reports the expiry), c.example never answers.
  const kinds: { recipients: string[]; validitySeconds: number; label: string }[] = [
    ...Array.from({ length: 20 }, () => ({ recipients: [at('bob')], validitySeconds: 60, label: 'bob' })),
    ...Array.from({ length: 20 }, () => ({ recipients: [at('bob')], validitySeconds: 1, label: 'bob-short' })),
    ...Array.from({ length: 30 }, () => ({ recipients: [at('carol')], validitySeconds: 1, label: 'carol' })),
    ...Array.from({ length: 30 }, () => ({ recipients: ['dave@b.example'], validitySeconds: 60, label: 'dave' })),
    ...Array.from({ length: 15 }, () => ({ recipients: ['erin@b.example'], validitySeconds: 2, label: 'erin' })),
    ...Array.from({ length: 15 }, () => ({ recipients: ['x@c.example'], validitySeconds: 1, label: 'dead' })),
    ...Array.from({ length: 10 }, () => ({
      recipients: [at('carol'), 'erin@b.example', 'x@c.example'],
      validitySeconds: 2,
      label: 'mixed',
    })),
  ];
  // Interleaved, in requests of 5, half through each gateway, 4 requests in flight. Within a request the
  // local recipients come in one order (bob before carol): a SendMessages reserves inbox sequence numbers in
  // the order its recipients appear, so two requests naming them in opposite orders can deadlock on
  // PostgreSQL, which is not what this test is about.
  const order = shuffled(kinds.map((k, i) => ({ ...k, content: `${k.label}-${i}` })));
  const rank = (m: { recipients: string[] }) => (m.recipients.includes(at('bob')) ? 0 : m.recipients.includes(at('carol')) ? 1 : 2);
  const requests = Array.from({ length: Math.ceil(order.length / 5) }, (_, i) =>
    order.slice(i * 5, i * 5 + 5).sort((x, y) => rank(x) - rank(y)),
  );
  const sent = new Map<string, { label: string; content: string; recipients: string[] }>();
  for (let i = 0; i < requests.length; i += 4) {
    await Promise.all(
      requests.slice(i, i + 4).map(async (request, j) => {
        const response = await alice[(i + j) % 2]!.call('SendMessages', {
          message: request.map((m) => ({
            recipient: m.recipients,
            content: text(m.content),
            validitySeconds: m.validitySeconds,
            deliveryReport: true,
          })),
        });
        list<any>(response.result).forEach((r, k) => sent.set(r.messageId, request[k]!));
      }),
    );
  }
  const expected = [...sent].flatMap(([id, m]) => m.recipients.map((r) => `${id} ${r}`));
  t.is(expected.length, 160);

  const reportKeys = () =>
    reports.got
      .filter((m) => m.notification?.type === 'deliveryReport')
      .map((m) => `${m.notification.messageId} ${m.notification.address}`);
  const offline = () => watcher.got.filter((m) => m.notification?.type === 'presence' && m.notification.status === 'offline');
  await until(
    () =>
      new Set(reportKeys()).size >= expected.length && new Set(offline().map((m) => m.notification.address)).size >= presentities.length,
    'every report and offline notice',
    240_000,
  );
  // Then a while longer: a second report or notice would arrive within a few sweeps and forwarder ticks.
  await new Promise((resolve) => setTimeout(resolve, 3000));
  await Promise.all(readers.map((r) => r.stop()));
  t.deepEqual(
    readers.flatMap((r) => r.errors),
    [],
    'no call failed',
  );
  t.deepEqual(logged, [], 'nothing logged at error level');

  // Every delivery report exactly once, with a status that fits the recipient.
  const counts = tally(reportKeys());
  t.deepEqual([...counts.keys()].sort(), [...expected].sort(), 'a report for every recipient and nothing else');
  t.deepEqual(
    [...counts].filter(([, n]) => n !== 1),
    [],
    'no report twice',
  );
  const statusOfReport = new Map(
    reports.got
      .filter((m) => m.notification?.type === 'deliveryReport')
      .map((m) => [`${m.notification.messageId} ${m.notification.address}`, m.notification.status as string]),
  );
  const reportOf = new Map(
    reports.got
      .filter((m) => m.notification?.type === 'deliveryReport')
      .map((m) => [`${m.notification.messageId} ${m.notification.address}`, m.notification]),
  );
  const wrong = [...sent].flatMap(([id, m]) =>
    m.recipients.flatMap((r) => {
      const status = statusOfReport.get(`${id} ${r}`);
      const fits =
        r === 'dave@b.example'
          ? status === 'delivered'
          : r === at('bob')
            ? status === 'delivered' || status === 'expired'
            : status === 'expired';
      return fits ? [] : [`${m.content} ${r}: ${status}`];
    }),
  );
  t.deepEqual(wrong, []);
  // What bob's reports say is what GetDeliveryStatus says (an ack racing the expiry settles one way only).
  const mismatched: string[] = [];
  for (const [id, m] of sent) {
    if (!m.label.startsWith('bob')) continue;
    const status = (await statusOf(alice[0]!, id))[at('bob')];
    if (status !== statusOfReport.get(`${id} ${at('bob')}`))
      mismatched.push(`${m.content}: status ${status}, report ${statusOfReport.get(`${id} ${at('bob')}`)}`);
  }
  t.deepEqual(mismatched, []);

  // No message went to the peer twice; each for b.example went once, unless it expired here first (then its
  // report says so); dave's (60 s validity) all went.
  t.deepEqual(
    [...proxy.sent].filter(([, n]) => n !== 1),
    [],
    'no message forwarded twice',
  );
  const forwardedHere = new Set([...proxy.sent.keys()]);
  const notForwarded: string[] = [];
  const inconsistent: string[] = [];
  for (const [id, m] of sent) {
    const peerRecipient = m.recipients.find((r) => r.endsWith('@b.example'));
    if (!peerRecipient) continue;
    const forwarded = forwardedHere.delete(`${id}/b.example`);
    const expiredHere = reportOf.get(`${id} ${peerRecipient}`)?.reason === 'validity period ended before the peer domain accepted it';
    if (!forwarded) notForwarded.push(m.content);
    if (forwarded === expiredHere) inconsistent.push(`${m.content}: forwarded ${forwarded}, expired before forwarding ${expiredHere}`);
  }
  t.deepEqual([...forwardedHere], [], 'the peer got nothing else');
  t.deepEqual(inconsistent, [], 'each message for the peer was forwarded, or reported expired before it could be');
  t.deepEqual(
    notForwarded.filter((c) => c.startsWith('dave')),
    [],
    'every long-lived message was forwarded',
  );
  const daveContents = tally(daveReader.got.map((m) => decode(m.content)));
  t.deepEqual(
    [...daveContents].filter(([, n]) => n !== 1),
    [],
  );
  t.is(daveContents.size, 30);

  // Each idle presentity announced offline exactly once.
  const offlineCounts = tally(offline().map((m) => m.notification.address as string));
  t.deepEqual([...offlineCounts.keys()].sort(), presentities.map(at).sort());
  t.deepEqual(
    [...offlineCounts].filter(([, n]) => n !== 1),
    [],
    'no presentity announced offline twice',
  );

  const byStatus = tally([...statusOfReport.values()]);
  t.log(
    `${counts.size} delivery reports (${[...byStatus].map(([s, n]) => `${n} ${s}`).join(', ')}), ${proxy.sent.size} messages forwarded (${notForwarded.length} more expired first), ${offlineCounts.size} offline notices; each exactly once`,
  );
});

test('pg: two stores on one database claim disjoint work, each piece once', async (t) => {
  if (!(await postgresAvailable())) {
    t.log('PostgreSQL is not reachable on 127.0.0.1:5432: skipped');
    t.false(await postgresAvailable());
    return;
  }
  const database = await backends.find((b) => b.name === 'pg')!.create();
  const config = configWith({ ...database.settings, domain, 'log-level': 'silent' });
  // Two knex pools on one database: what two gateway processes are to PostgreSQL.
  const one = await openBackend(config, Date.now, createLogger('silent'));
  const two = await openBackend(config, Date.now, createLogger('silent'));
  t.teardown(async () => {
    await Promise.all([one.close(), two.close()]);
    await database.drop();
  });
  const alice = await one.accounts.add({ address: at('alice'), password: 'alice-secret' });
  const bob = await one.accounts.add({ address: at('bob'), password: 'bob-secret' });
  const now = Date.now();
  const message = (expiresAt: number): NewMessage => ({
    id: newMessageId(now),
    kind: 'message',
    senderAccountId: alice.id,
    senderAddress: alice.address,
    hideSender: false,
    clientMessageId: undefined,
    contentType: 'text/plain',
    content: Buffer.from('x'),
    subject: undefined,
    priority: 'normal',
    deliveryReport: true,
    notification: undefined,
    sentAt: now - 10_000,
    expiresAt,
  });
  const to = (account: Account | { address: string }, route?: string): RecipientRecord => ({
    address: account.address,
    accountId: 'id' in account ? account.id : null,
    status: 'queued',
    errorCode: undefined,
    errorText: undefined,
    updatedAt: now,
    route,
  });
  const enqueue = (count: number, expiresAt: number, recipient: RecipientRecord) =>
    one.store.transaction((tx) =>
      storeAndEnqueueAll(
        tx,
        Array.from({ length: count }, () => ({ message: message(expiresAt), recipients: [recipient] })),
      ),
    );
  /** Runs `take` in a loop on both stores at once (two loops each) until both find nothing; returns all it took. */
  async function race<T>(take: (store: Store) => Promise<T[]>): Promise<T[]> {
    const loops = [one.store, one.store, two.store, two.store].map(async (store) => {
      const got: T[] = [];
      for (;;) {
        const batch = await take(store);
        if (batch.length === 0) return got;
        got.push(...batch);
      }
    });
    return (await Promise.all(loops)).flat();
  }
  const once = (keys: readonly (string | number)[]) => new Set(keys).size === keys.length;

  // Expiry sweeps in small batches: every expired entry is taken by exactly one of them.
  await enqueue(300, now - 1000, to(bob));
  const expired = await race((store) => store.transaction((tx) => tx.inbox.takeExpired(Date.now(), 7)));
  t.is(expired.length, 300);
  t.true(once(expired.map((e) => e.messageId)), 'no expired entry taken twice');
  t.is(await one.store.inbox.depth(), 0);

  // Acknowledgement racing the expiry of the same leased entries: each entry is settled one way, once.
  await enqueue(100, now + 60_000, to(bob));
  await one.store.transaction((tx) => tx.inbox.lease(bob.id, now, 100, now + 30_000, 'token-1'));
  const [acked, swept] = await Promise.all([
    one.store.transaction((tx) => tx.inbox.ackByToken(bob.id, 'token-1')),
    race((store) => store.transaction((tx) => tx.inbox.takeExpired(now + 120_000, 3))),
  ]);
  t.is(acked.length + swept.length, 100);
  t.true(once([...acked, ...swept].map((e) => e.messageId)), 'no entry both acknowledged and expired');

  // Outbound: one forwarder at a time holds a domain's queue; a lapsed claim is taken over.
  await enqueue(20, now + 60_000, to({ address: 'dave@b.example' }, 'b.example'));
  const claimA = { owner: 'gateway-a', now, until: now + 30_000 };
  const claimB = { owner: 'gateway-b', now, until: now + 30_000 };
  const [byA, byB] = await Promise.all([
    one.store.outbound.claimPending('b.example', 5, claimA),
    two.store.outbound.claimPending('b.example', 5, claimB),
  ]);
  t.true((byA.length === 0) !== (byB.length === 0), 'exactly one of two concurrent claims gets the head');
  const [holder, holderClaim, other, otherClaim] = byA.length > 0 ? [one, claimA, two, claimB] : [two, claimB, one, claimA];
  const held = byA.length > 0 ? byA : byB;
  t.is(held.length, 5);
  t.deepEqual(await other.store.outbound.claimPending('b.example', 5, otherClaim), [], 'the other waits while the claim lives');
  t.deepEqual(
    (await holder.store.outbound.claimPending('b.example', 5, { ...holderClaim, now: now + 1 })).map((i) => i.id),
    held.map((i) => i.id),
    'the holder may claim its own items again',
  );
  const lapsed = await other.store.outbound.claimPending('b.example', 5, { ...otherClaim, now: now + 31_000, until: now + 61_000 });
  t.deepEqual(
    lapsed.map((i) => i.id),
    held.map((i) => i.id),
    'a lapsed claim is taken over',
  );
  // Expiry leaves claimed items to their send; it takes the rest once.
  const expiredOutbound = await race((store) => store.transaction((tx) => tx.outbound.takeExpired(now + 60_000, 4)));
  t.is(expiredOutbound.length, 15);
  t.false(
    expiredOutbound.some((i) => held.some((h) => h.id === i.id)),
    'claimed items are not expired under their sender',
  );
  // Settling: two forwarders removing the same items (the same report collected twice) remove each once.
  const ids = held.map((i) => i.id);
  const [takenOne, takenTwo] = await Promise.all([
    one.store.transaction((tx) => tx.outbound.take(ids)),
    two.store.transaction((tx) => tx.outbound.take(ids)),
  ]);
  t.deepEqual(
    [...takenOne, ...takenTwo].sort((x, y) => x - y),
    [...ids].sort((x, y) => x - y),
  );

  // Idle sweep: every idle account is marked offline (and announced) by one sweep only; a first activity
  // reported through both stores at once stores one row.
  const idle = [alice, bob];
  for (let i = 0; i < 8; i++) idle.push(await one.accounts.add({ address: at(`idle${i}`), password: 'idle-secret' }));
  await Promise.all(
    idle.map((a) =>
      Promise.all([
        one.store.transaction((tx) => tx.presence.touch(a.id, now - 600_000)),
        two.store.transaction((tx) => tx.presence.touch(a.id, now - 600_000)),
      ]),
    ),
  );
  const offline = await race((store) => store.transaction((tx) => tx.presence.takeIdle(now - 300_000, 3)));
  t.deepEqual(
    offline.map((o) => o.accountId).sort((x, y) => x - y),
    idle.map((a) => a.id).sort((x, y) => x - y),
  );
});
