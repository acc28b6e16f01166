// GetMessages' `pending` comes from a maintained counter per inbox (accounts.inbox_queued, README "Group
// commit"), not from a count(*) over the inbox. After every step of sends, acks, lease expiry, message expiry
// (before and after the sweep deletes it), entries held by a `store` filter and released, and delivery-report
// notices, driven over SOAP, the pending each GetMessages reports equals a count(*) of the database's available
// entries at the same instant, and every account's counter equals its count of entries not held.
import { join } from 'node:path';
import test from 'ava';
import knexFactory, { type Knex } from 'knex';
import { list, text, type ImClient } from '../helpers/clients.js';
import { manualClock, session } from '../helpers/session.js';
import { policyClient } from '../helpers/policy.js';
import { backends, postgresAvailable } from '../helpers/backends.js';

/** What DESIGN.md's pending means, counted the old way: stored, not held, not expired, not under a live lease. */
async function available(db: Knex, address: string, now: number): Promise<number> {
  const [row] = await db('inbox_entries as e')
    .join('accounts as a', 'a.id', 'e.account_id')
    .where('a.address', address)
    .andWhere('e.expires_at', '>', now)
    .andWhere('e.held', false)
    .andWhere((q) => q.whereNull('e.lease_until').orWhere('e.lease_until', '<=', now))
    .count({ n: '*' });
  return Number(row?.n ?? 0);
}

/** Accounts whose counter differs from a count of their entries not held, with both figures. */
async function drifted(db: Knex): Promise<string[]> {
  const rows = await db('accounts as a').select(
    'a.address',
    db.raw('a.inbox_queued - coalesce((select d.count from inbox_dequeued d where d.account_id = a.id), 0) as inbox_queued'),
    db.raw('(select count(*) from inbox_entries e where e.account_id = a.id and e.held = ?) as counted', [false]),
  );
  return rows.filter((r) => Number(r.inbox_queued) !== Number(r.counted)).map((r) => `${r.address}: ${r.inbox_queued} != ${r.counted}`);
}

test('pending equals a count(*) of the database after sends, acks, lease expiry, message expiry and notices', async (t) => {
  const clock = manualClock();
  const { as, gateway } = await session(t, 'node-soap', ['alice', 'bob'], {
    clock,
    settings: { 'lease-seconds': 30, 'sweep-interval-ms': 20 },
  });
  const db = knexFactory({ client: 'better-sqlite3', connection: { filename: join(gateway.dir, 'imwsi.sqlite') }, useNullAsDefault: true });
  t.teardown(() => db.destroy());

  /** One GetMessages; its pending must match the database now, and no counter may have drifted. */
  async function get(client: ImClient, address: string, args: object, step: string) {
    const batch = await client.call('GetMessages', args);
    t.is(Number(batch.pending), await available(db, address, clock()), `${step}: pending of ${address}`);
    t.deepEqual(await drifted(db), [], `${step}: counters`);
    return batch;
  }
  const send = (texts: string[], extra: object = {}) =>
    as.alice!.call('SendMessages', { message: texts.map((s) => ({ recipient: ['bob@example.com'], content: text(s), ...extra })) });

  await send(['1', '2', '3', '4', '5']);
  const first = await get(as.bob!, 'bob@example.com', { maxMessages: 2 }, 'after five sends, two leased');
  t.is(Number(first.pending), 3);
  const second = await get(as.bob!, 'bob@example.com', { maxMessages: 1, ackToken: first.ackToken }, 'ack by token, one leased');
  t.is(Number(second.pending), 2);

  // The lease of the third runs out unacknowledged: it counts again, without any write.
  clock.advance(31_000);
  const third = await get(as.bob!, 'bob@example.com', { maxMessages: 1 }, 'after lease expiry');
  t.is(Number(third.pending), 2);
  const sequence = Number((list(third.message)[0] as any).sequenceNumber);
  await as.bob!.call('AckMessages', { sequenceNumber: [sequence] });
  await get(as.bob!, 'bob@example.com', { maxMessages: 1 }, 'after ack by sequence number');

  // A filter's `store` holds two: not pending, not counted, until bob releases them.
  const bobPolicy = await policyClient(gateway, 'bob');
  const { id } = await bobPolicy.call('AddInboxFilter', { criteria: { subject: 'hold' }, treatment: 'store' });
  await send(['held 1', 'held 2'], { subject: 'hold' });
  await get(as.bob!, 'bob@example.com', { maxMessages: 1 }, 'with two held');
  await bobPolicy.call('RemoveInboxFilter', { id });
  t.is(Number((await bobPolicy.call('ReleaseStoredMessages', {})).released), 2);
  t.deepEqual(await drifted(db), [], 'after the release');
  await get(as.bob!, 'bob@example.com', { maxMessages: 1 }, 'after the release');

  // Two short-lived messages with delivery reports expire: out of pending at once, before the sweep deletes them.
  await send(['short 1', 'short 2'], { validitySeconds: 10, deliveryReport: true });
  await get(as.bob!, 'bob@example.com', { maxMessages: 1 }, 'after two short-lived sends');
  clock.advance(11_000);
  const expiredNow = clock();
  const stillThere = await db('inbox_entries').where('expires_at', '<=', expiredNow).count({ n: '*' });
  t.log(`expired entries not yet swept when counted: ${Number(stillThere[0]?.n)}`);
  await get(as.bob!, 'bob@example.com', { maxMessages: 1 }, 'after expiry');
  // The sweep deletes them and sends alice her expiry notices.
  for (;;) {
    const [row] = await db('inbox_entries').where('expires_at', '<=', clock()).count({ n: '*' });
    if (Number(row?.n) === 0) break;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  t.deepEqual(await drifted(db), [], 'after the sweep');
  const notices = await get(as.alice!, 'alice@example.com', { maxMessages: 1 }, 'alice, with her expiry notices');
  t.is(list(notices.message).length, 1);
  // Everything acknowledged: both inboxes empty, both counters zero.
  clock.advance(31_000);
  let drained = await get(as.bob!, 'bob@example.com', {}, 'bob, everything leased');
  drained = await get(as.bob!, 'bob@example.com', { ackToken: drained.ackToken }, 'bob, everything acknowledged');
  t.is(list(drained.message).length, 0);
  t.is(Number(drained.pending), 0);
  t.deepEqual(
    (
      await db('accounts as a').select(
        db.raw('a.inbox_queued - coalesce((select d.count from inbox_dequeued d where d.account_id = a.id), 0) as n'),
      )
    )
      .map((r) => Number(r.n))
      .filter((n) => n !== 0),
    [2],
    'only alice still holds her two notices (one of them leased)',
  );
});

test('pg: pending from the counters, through leases and acks', async (t) => {
  if (!(await postgresAvailable())) {
    t.log('PostgreSQL is not reachable on 127.0.0.1:5432: skipped');
    t.false(await postgresAvailable());
    return;
  }
  const database = await backends.find((b) => b.name === 'pg')!.create();
  t.teardown(() => database.drop());
  const { as } = await session(t, 'node-soap', ['alice', 'bob'], { settings: database.settings });
  await as.alice!.call('SendMessages', {
    message: ['1', '2', '3', '4'].map((s) => ({ recipient: ['bob@example.com'], content: text(s) })),
  });
  const first = await as.bob!.call('GetMessages', { maxMessages: 1 });
  t.is(Number(first.pending), 3);
  const second = await as.bob!.call('GetMessages', { maxMessages: 2, ackToken: first.ackToken });
  t.is(Number(second.pending), 1);
  const third = await as.bob!.call('GetMessages', { maxMessages: 1, ackToken: second.ackToken });
  t.is(Number(third.pending), 0);
});
