// Domain services on a real SQLite file with a fake clock, without HTTP: lease, redelivery, ack, expiry.
import { join } from 'node:path';
import test from 'ava';
import { expirySweeper } from '../../src/modules/messaging/index.js';
import { settleAcknowledged } from '../../src/modules/messaging/index.js';
import { inboxService } from '../../src/modules/inbox/index.js';
import { InboxSignals } from '../../src/platform/wake/inbox-signals.js';
import { messagingService } from '../../src/modules/messaging/index.js';
import type { Account, OutboundMessage } from '../../src/kernel/types.js';
import { openDatabase } from '../../src/platform/db/database.js';
import { migrateLatest } from '../../src/platform/db/migrate.js';
import { createStore } from '../../src/main/store.js';
import { unitOfWork } from '../../src/platform/db/unit-of-work.js';
import { tempDir } from '../helpers/gateway.js';
import { manualClock } from '../helpers/session.js';

const quiet = { messagesSent() {}, messagesDelivered() {}, messagesExpired() {} };

async function setup(t: { teardown(fn: () => Promise<void>): void }) {
  const clock = manualClock();
  const db = openDatabase({ client: 'better-sqlite3', filename: join(tempDir(), 'unit.sqlite'), url: undefined });
  await migrateLatest(db);
  const store = createStore(db, clock);
  t.teardown(() => store.close());
  const signals = new InboxSignals();
  const work = unitOfWork(store, signals, clock);
  const limits = { recipientsPerMessage: 10, messagesPerRequest: 10, contentBytes: 1000, maxMessagesPerGet: 100, maxWaitSeconds: 5 };
  const messaging = messagingService(
    store,
    work,
    {
      hostedDomains: ['example.com'],
      limits,
      validity: { defaultSeconds: 60, maxSeconds: 120 },
      hooks: { expansion: [], admission: [], submission: [] },
    },
    quiet,
  );
  const inbox = inboxService(
    work,
    signals,
    { ...limits, leaseSeconds: 10, acknowledged: [settleAcknowledged(60)], polling: [], gates: [] },
    quiet,
  );
  const sweeper = expirySweeper(work, { statusRetentionSeconds: 3600, reportValiditySeconds: 60, batchSize: 2 }, quiet);
  const account = (address: string) => store.accounts.create({ address, msisdn: null, role: 'user', passwordHash: 'x', sealedSecret: 'x' });
  return { clock, store, messaging, inbox, sweeper, alice: await account('alice@example.com'), bob: await account('bob@example.com') };
}

const message = (to: string, body: string, extra: Partial<OutboundMessage> = {}): OutboundMessage => ({
  recipients: [to],
  contentType: 'text/plain',
  content: Buffer.from(body),
  subject: undefined,
  priority: 'normal',
  validitySeconds: undefined,
  deliveryReport: false,
  hideSender: false,
  clientMessageId: undefined,
  ...extra,
});

const read = (inbox: ReturnType<typeof inboxService>, who: Account, max?: number) =>
  inbox.poll(who, { maxMessages: max, waitSeconds: undefined, ackToken: undefined, inbox: undefined }).then((p) => p.batch);

test('a lease hides messages until it runs out, then they come back in order as redelivered', async (t) => {
  const { clock, messaging, inbox, alice, bob } = await setup(t);
  await messaging.send(alice, [message('bob@example.com', 'a'), message('bob@example.com', 'b')]);
  const first = await read(inbox, bob);
  t.deepEqual(
    first.messages.map((m) => m.content.toString()),
    ['a', 'b'],
  );
  t.is((await read(inbox, bob)).messages.length, 0);
  clock.advance(10_001);
  const again = await read(inbox, bob);
  t.deepEqual(
    again.messages.map((m) => [m.content.toString(), m.redelivered, m.deliveryCount]),
    [
      ['a', true, 2],
      ['b', true, 2],
    ],
  );
  t.is(await inbox.ack(bob, { ackToken: first.ackToken, sequenceNumbers: [] }), 0, 'the expired lease token no longer acks');
  t.is(await inbox.ack(bob, { ackToken: again.ackToken, sequenceNumbers: [] }), 2);
});

test('the sweeper expires messages in batches and settles each recipient', async (t) => {
  const { clock, store, messaging, sweeper, alice, bob } = await setup(t);
  const results = await messaging.send(
    alice,
    ['1', '2', '3', '4', '5'].map((n) => message('bob@example.com', n, { validitySeconds: 30 })),
  );
  clock.advance(31_000);
  t.is(await sweeper.sweepOnce(), 5);
  t.is(await store.inbox.depth(), 0);
  t.deepEqual(
    (await messaging.deliveryStatus(alice, results[0]!.messageId)).map((r) => r.status),
    ['expired'],
  );
  t.is(bob.address, 'bob@example.com');
});

test('a failed request leaves nothing behind (one transaction per request)', async (t) => {
  const { store, messaging, alice } = await setup(t);
  const error = await t.throwsAsync(messaging.send(alice, [message('ghost@example.com', 'x')]));
  t.is((error as { code?: string }).code, 'SVC0004');
  t.is(await store.inbox.depth(), 0);
});
