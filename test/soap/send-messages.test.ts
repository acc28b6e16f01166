// SendMessages through node soap and strong-soap (WSI-5, 8-12, 29, 32-36).
import test from 'ava';
import { decode, faultOf, list, text } from '../helpers/clients.js';
import { session, stacks } from '../helpers/session.js';

for (const stack of stacks) {
  test(`${stack}: one message to one inbox arrives with its sender, subject, priority and ids (WSI-8)`, async (t) => {
    const { as } = await session(t, stack, ['alice', 'bob']);
    const sent = await as.alice!.call('SendMessages', {
      message: [
        { recipient: ['bob@example.com'], content: text('hello bob'), subject: 'greeting', priority: 'high', clientMessageId: 'm-1' },
      ],
    });
    const [result] = list(sent.result) as any[];
    t.truthy(result.messageId);
    t.is(result.clientMessageId, 'm-1');
    t.deepEqual(
      list(result.recipientResult).map((r: any) => [r.address, r.status]),
      [['bob@example.com', 'queued']],
    );
    const inbox = await as.bob!.call('GetMessages', {});
    const [message] = list(inbox.message) as any[];
    t.is(message.messageId, result.messageId);
    t.is(message.sender, 'alice@example.com');
    t.is(message.subject, 'greeting');
    t.is(message.priority, 'high');
    t.is(message.clientMessageId, 'm-1');
    t.is(message.kind, 'message');
    t.is(decode(message.content), 'hello bob');
    t.is(Number(message.sequenceNumber), 1);
    t.truthy(message.sentAt && message.receivedAt && message.expiresAt);
  });

  test(`${stack}: one message to many inboxes reaches each of them (WSI-9)`, async (t) => {
    const { as } = await session(t, stack, ['alice', 'bob', 'carol', 'dave']);
    await as.alice!.call('SendMessages', {
      message: [{ recipient: ['bob@example.com', 'carol@example.com', 'dave@example.com'], content: text('party at 8') }],
    });
    for (const name of ['bob', 'carol', 'dave']) {
      const [message] = list((await as[name]!.call('GetMessages', {})).message) as any[];
      t.is(decode(message.content), 'party at 8', name);
      t.deepEqual(list(message.recipient).sort(), ['bob@example.com', 'carol@example.com', 'dave@example.com']);
    }
  });

  test(`${stack}: separate messages to many inboxes in one request each reach only their inbox (WSI-10)`, async (t) => {
    const { as } = await session(t, stack, ['alice', 'bob', 'carol']);
    const sent = await as.alice!.call('SendMessages', {
      message: [
        { recipient: ['bob@example.com'], content: text('for bob') },
        { recipient: ['carol@example.com'], content: text('for carol') },
      ],
    });
    t.is(list(sent.result).length, 2);
    t.deepEqual(
      list((await as.bob!.call('GetMessages', {})).message).map((m: any) => decode(m.content)),
      ['for bob'],
    );
    t.deepEqual(
      list((await as.carol!.call('GetMessages', {})).message).map((m: any) => decode(m.content)),
      ['for carol'],
    );
  });

  test(`${stack}: an unknown or malformed recipient fails alone while the others go through`, async (t) => {
    const { as } = await session(t, stack, ['alice', 'bob', 'carol']);
    const sent = await as.alice!.call('SendMessages', {
      message: [
        { recipient: ['bob@example.com', 'ghost@example.com', 'not an address!', 'x@elsewhere.org'], content: text('one') },
        { recipient: ['carol@example.com'], content: text('two') },
      ],
    });
    const [first, second] = list(sent.result) as any[];
    const statuses = list(first.recipientResult).map((r: any) => [r.address, r.status, r.errorCode ?? '']);
    t.deepEqual(statuses, [
      ['bob@example.com', 'queued', ''],
      ['ghost@example.com', 'failed', 'SVC2002'],
      ['not an address!', 'failed', 'SVC2003'],
      ['x@elsewhere.org', 'failed', 'SVC2004'],
    ]);
    t.is(list(second.recipientResult)[0].status, 'queued');
    t.is(list((await as.bob!.call('GetMessages', {})).message).length, 1);
    t.is(list((await as.carol!.call('GetMessages', {})).message).length, 1);
  });

  test(`${stack}: a request with no valid recipient at all is refused with SVC0004 and stores nothing`, async (t) => {
    const { as, gateway } = await session(t, stack, ['alice']);
    const error = await t.throwsAsync(
      as.alice!.call('SendMessages', { message: [{ recipient: ['ghost@example.com'], content: text('x') }] }),
    );
    t.is(faultOf(error).messageId, 'SVC0004');
    t.is(await gateway.store.inbox.depth(), 0);
  });

  test(`${stack}: a retry with the same clientMessageId returns the first result and stores nothing twice`, async (t) => {
    const { as } = await session(t, stack, ['alice', 'bob']);
    const request = { message: [{ recipient: ['bob@example.com'], content: text('once'), clientMessageId: 'order-42' }] };
    const first = list((await as.alice!.call('SendMessages', request)).result)[0] as any;
    const retry = list((await as.alice!.call('SendMessages', request)).result)[0] as any;
    t.is(retry.messageId, first.messageId);
    t.deepEqual(retry.expiresAt, first.expiresAt);
    const inbox = await as.bob!.call('GetMessages', {});
    t.is(list(inbox.message).length, 1);
  });

  test(`${stack}: any text round-trips byte for byte and any MIME type is accepted (WSI-12)`, async (t) => {
    const { as } = await session(t, stack, ['alice', 'bob']);
    const samples = ['emoji 🎉👩‍👩‍👧', '中文和日本語のテキスト', 'עברית ועربي RTL', 'a\u0000b'];
    const binary = Buffer.from([0, 255, 128, 10, 13, 60, 62, 38]);
    await as.alice!.call('SendMessages', {
      message: [
        ...samples.map((s) => ({ recipient: ['bob@example.com'], content: text(s) })),
        { recipient: ['bob@example.com'], content: binary.toString('base64'), contentType: 'image/png' },
      ],
    });
    const messages = list((await as.bob!.call('GetMessages', {})).message) as any[];
    t.deepEqual(
      messages.slice(0, 4).map((m) => decode(m.content)),
      samples,
    );
    t.is(messages[0].contentType, 'text/plain; charset=utf-8');
    t.is(messages[4].contentType, 'image/png');
    t.deepEqual(Buffer.from(messages[4].content, 'base64'), binary);
  });

  test(`${stack}: a hidden sender is not shown to the recipient`, async (t) => {
    const { as } = await session(t, stack, ['alice', 'bob']);
    await as.alice!.call('SendMessages', { message: [{ recipient: ['bob@example.com'], content: text('guess who'), hideSender: true }] });
    const [message] = list((await as.bob!.call('GetMessages', {})).message) as any[];
    t.is(message.sender, undefined);
  });

  test(`${stack}: recipients can be addressed by E.164 number`, async (t) => {
    const { as, gateway } = await session(t, stack, ['alice']);
    await gateway.accounts.add({ address: 'erin@example.com', password: 'pw-erin-secret', msisdn: '+4917612345678' });
    const sent = await as.alice!.call('SendMessages', { message: [{ recipient: ['tel:+4917612345678'], content: text('by number') }] });
    t.is(list((list(sent.result)[0] as any).recipientResult)[0].status, 'queued');
    const erin = await (await import('../helpers/clients.js')).clientFactories[stack](gateway.wsdlUrl, 'erin@example.com');
    t.is(decode((list((await erin.call('GetMessages', {})).message)[0] as any).content), 'by number');
  });
}

test('limits are enforced with PolicyException codes and nothing is written', async (t) => {
  const { as, gateway } = await session(t, 'node-soap', ['alice', 'bob'], {
    settings: { 'recipients-per-message': 2, 'messages-per-request': 2, 'content-bytes': 10, 'request-bytes': 2048 },
  });
  const tooManyRecipients = { message: [{ recipient: ['bob@example.com', 'bob@example.com', 'bob@example.com'], content: text('x') }] };
  const tooManyMessages = { message: [1, 2, 3].map(() => ({ recipient: ['bob@example.com'], content: text('x') })) };
  const tooLarge = { message: [{ recipient: ['bob@example.com'], content: text('more than ten bytes') }] };
  const hugeRequest = { message: [{ recipient: ['bob@example.com'], content: text('x'), subject: 'y'.repeat(4000) }] };
  t.is(faultOf(await t.throwsAsync(as.alice!.call('SendMessages', tooManyRecipients))).messageId, 'POL0003');
  t.is(faultOf(await t.throwsAsync(as.alice!.call('SendMessages', tooManyMessages))).messageId, 'POL1001');
  t.is(faultOf(await t.throwsAsync(as.alice!.call('SendMessages', tooLarge))).messageId, 'POL1002');
  t.is(faultOf(await t.throwsAsync(as.alice!.call('SendMessages', hugeRequest))).messageId, 'POL1003');
  t.is(await gateway.store.inbox.depth(), 0);
});
