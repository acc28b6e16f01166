// GetMessages and AckMessages through node soap and strong-soap (WSI-6, 7, 22-25, 30, 31; MU-3, MT-3).
import test from 'ava';
import { decode, list, text } from '../helpers/clients.js';
import { manualClock, session, stacks } from '../helpers/session.js';

/** Resolves once the gateway reports `n` long polls waiting (read from /metrics). */
async function waitingPolls(url: string, n: number): Promise<void> {
  for (;;) {
    const metrics = await (await fetch(`${url}/metrics`)).text();
    if (new RegExp(`^imwsi_long_polls_waiting ${n}$`, 'm').test(metrics)) return;
    await new Promise((resolve) => setImmediate(resolve));
  }
}

const sendTexts = (client: { call: (op: string, args: object) => Promise<any> }, to: string, texts: string[]) =>
  client.call('SendMessages', { message: texts.map((s) => ({ recipient: [to], content: text(s) })) });

for (const stack of stacks) {
  test(`${stack}: messages come in per-inbox order; maxMessages caps a batch and pending counts the rest (WSI-7)`, async (t) => {
    const { as } = await session(t, stack, ['alice', 'bob']);
    await sendTexts(as.alice!, 'bob@example.com', ['1', '2', '3', '4', '5']);
    const first = await as.bob!.call('GetMessages', { maxMessages: 2 });
    t.deepEqual(
      list(first.message).map((m: any) => decode(m.content)),
      ['1', '2'],
    );
    t.is(Number(first.pending), 3);
    const rest = await as.bob!.call('GetMessages', { ackToken: first.ackToken });
    t.deepEqual(
      list(rest.message).map((m: any) => decode(m.content)),
      ['3', '4', '5'],
    );
    t.deepEqual(
      list(rest.message).map((m: any) => Number(m.sequenceNumber)),
      [3, 4, 5],
    );
    t.is(Number(rest.pending), 0);
  });

  test(`${stack}: absent maxMessages returns everything up to the server maximum`, async (t) => {
    const { as } = await session(t, stack, ['alice', 'bob'], { settings: { 'max-messages-per-get': 3 } });
    await sendTexts(as.alice!, 'bob@example.com', ['a', 'b', 'c', 'd']);
    const batch = await as.bob!.call('GetMessages', {});
    t.is(list(batch.message).length, 3);
    t.is(Number(batch.pending), 1);
  });

  test(`${stack}: AckMessages removes a batch by token, and by sequence number`, async (t) => {
    const { as } = await session(t, stack, ['alice', 'bob']);
    await sendTexts(as.alice!, 'bob@example.com', ['x', 'y']);
    const batch = await as.bob!.call('GetMessages', { maxMessages: 1 });
    t.is(Number((await as.bob!.call('AckMessages', { ackToken: batch.ackToken })).acknowledged), 1);
    const second = await as.bob!.call('GetMessages', {});
    const seq = Number((list(second.message)[0] as any).sequenceNumber);
    t.is(Number((await as.bob!.call('AckMessages', { sequenceNumber: [seq] })).acknowledged), 1);
    t.is(Number((await as.bob!.call('AckMessages', { sequenceNumber: [seq] })).acknowledged), 0);
  });

  test(`${stack}: delivery status moves queued -> retrieved -> delivered, and the sender gets a delivery report`, async (t) => {
    const { as } = await session(t, stack, ['alice', 'bob']);
    const sent = await as.alice!.call('SendMessages', {
      message: [{ recipient: ['bob@example.com'], content: text('report please'), deliveryReport: true }],
    });
    const messageId = (list(sent.result)[0] as any).messageId;
    const state = async () => (list((await as.alice!.call('GetDeliveryStatus', { messageId })).status)[0] as any).status;
    t.is(await state(), 'queued');
    const batch = await as.bob!.call('GetMessages', {});
    t.is(await state(), 'retrieved');
    await as.bob!.call('AckMessages', { ackToken: batch.ackToken });
    t.is(await state(), 'delivered');
    const [report] = list((await as.alice!.call('GetMessages', {})).message) as any[];
    t.is(report.kind, 'notification');
    t.is(report.sender, undefined);
    t.is(report.notification.type, 'deliveryReport');
    t.is(report.notification.messageId, messageId);
    t.is(report.notification.address, 'bob@example.com');
    t.is(report.notification.status, 'delivered');
  });
}

test('an unacknowledged message comes back after its lease, marked redelivered with a delivery count', async (t) => {
  const clock = manualClock();
  const { as } = await session(t, 'node-soap', ['alice', 'bob'], { clock, settings: { 'lease-seconds': 30 } });
  await sendTexts(as.alice!, 'bob@example.com', ['lost on the wire']);
  const first = list((await as.bob!.call('GetMessages', {})).message) as any[];
  t.is(first[0].redelivered, false);
  t.is(list((await as.bob!.call('GetMessages', {})).message).length, 0, 'leased: not handed out twice');
  clock.advance(31_000);
  const again = list((await as.bob!.call('GetMessages', {})).message) as any[];
  t.is(again[0].messageId, first[0].messageId);
  t.is(again[0].redelivered, true);
  t.is(Number(again[0].deliveryCount), 2);
});

test('a long poll is answered as soon as a message arrives, not at its deadline', async (t) => {
  const { as, gateway } = await session(t, 'node-soap', ['alice', 'bob']);
  const started = Date.now();
  const poll = as.bob!.call('GetMessages', { waitSeconds: 20 });
  await waitingPolls(gateway.url, 1);
  await sendTexts(as.alice!, 'bob@example.com', ['wake up']);
  const batch = await poll;
  t.deepEqual(
    list(batch.message).map((m: any) => decode(m.content)),
    ['wake up'],
  );
  t.true(Date.now() - started < 10_000, 'answered long before the 20 s deadline');
});

test('a long poll with nothing to deliver answers empty at its deadline', async (t) => {
  const { as } = await session(t, 'strong-soap', ['bob']);
  const batch = await as.bob!.call('GetMessages', { waitSeconds: 1 });
  t.is(list(batch.message).length, 0);
  t.is(Number(batch.pending), 0);
});

test('order holds under concurrent senders: sequence numbers rise and each sender keeps its own order', async (t) => {
  const senders = ['s1', 's2', 's3', 's4', 's5'];
  const { as } = await session(t, 'node-soap', [...senders, 'bob']);
  await Promise.all(
    senders.map(async (name) => {
      for (let i = 0; i < 10; i++) await sendTexts(as[name]!, 'bob@example.com', [`${name}-${i}`]);
    }),
  );
  const messages = list((await as.bob!.call('GetMessages', {})).message) as any[];
  t.is(messages.length, 50);
  const sequence = messages.map((m) => Number(m.sequenceNumber));
  t.deepEqual(
    sequence,
    [...sequence].sort((a, b) => a - b),
  );
  t.is(new Set(sequence).size, 50);
  for (const name of senders) {
    const own = messages.filter((m) => m.sender === `${name}@example.com`).map((m) => decode(m.content));
    t.deepEqual(
      own,
      [...Array(10).keys()].map((i) => `${name}-${i}`),
    );
  }
});

test('an expired message is removed, its status is expired, and a sender who asked gets a notice', async (t) => {
  const clock = manualClock();
  const { as } = await session(t, 'node-soap', ['alice', 'bob'], { clock, settings: { 'sweep-interval-ms': 20 } });
  const sent = await as.alice!.call('SendMessages', {
    message: [{ recipient: ['bob@example.com'], content: text('too late'), validitySeconds: 60, deliveryReport: true }],
  });
  const messageId = (list(sent.result)[0] as any).messageId;
  clock.advance(61_000);
  const notice = await as.alice!.call('GetMessages', { waitSeconds: 5 });
  const [report] = list(notice.message) as any[];
  t.is(report.notification.type, 'deliveryReport');
  t.is(report.notification.status, 'expired');
  t.is(report.notification.messageId, messageId);
  t.is(list((await as.bob!.call('GetMessages', {})).message).length, 0);
  const status = list((await as.alice!.call('GetDeliveryStatus', { messageId })).status)[0] as any;
  t.is(status.status, 'expired');
});

test('validity is capped by the configured maximum', async (t) => {
  const { as } = await session(t, 'node-soap', ['alice', 'bob'], { settings: { 'max-validity': 3600, 'default-validity': 600 } });
  const before = Date.now();
  const sent = await as.alice!.call('SendMessages', {
    message: [
      { recipient: ['bob@example.com'], content: text('x'), validitySeconds: 999_999 },
      { recipient: ['bob@example.com'], content: text('y') },
    ],
  });
  const [capped, defaulted] = list(sent.result).map((r: any) => new Date(r.expiresAt).getTime() - before);
  t.true(capped! <= 3600_000 + 5000 && capped! >= 3600_000 - 5000);
  t.true(defaulted! <= 600_000 + 5000 && defaulted! >= 600_000 - 5000);
});
