// Seed use case 5.6 "IM Notification": Betty (bettybopp) sends Sam (samtheman) "sam r u coming this
// evening?". Normal flow: Sam's availability and privacy let it through and he is notified. Alternative
// flow: Sam set "reject while unavailable" and "tell me of attempts": Betty hears he is unavailable and Sam
// finds "attempted contact from bettybopp".
import test from 'ava';
import { list } from '../helpers/clients.js';
import { startTestGateway, type TestGateway } from '../helpers/gateway.js';
import { send, userOf, type User } from '../helpers/social.js';

const question = 'sam r u coming this evening?';

/** Pre-condition: both are online and have the other in their address book. */
async function samAndBetty(server: TestGateway): Promise<{ sam: User; betty: User }> {
  const sam = await userOf(server, 'samtheman');
  const betty = await userOf(server, 'bettybopp', 'strong-soap');
  for (const [me, other] of [
    [sam, betty],
    [betty, sam],
  ] as const) {
    await me.contacts.call('CreateContactList', { name: 'Friends' });
    await me.contacts.call('AddContact', { listName: 'Friends', contact: other.address, authorizeContact: true });
  }
  // Both poll (so both are online) and read what setting up produced, Sam last: Betty's poll told him she
  // is online.
  await betty.inbox();
  await sam.inbox();
  return { sam, betty };
}

test('use case 5.6 normal flow: Betty messages Sam, Sam is notified and acknowledges', async (t) => {
  const server = await startTestGateway({ accounts: ['samtheman', 'bettybopp'] });
  t.teardown(() => server.stop());
  const { sam, betty } = await samAndBetty(server);

  // 9-11) Sam's client is waiting on his inbox (a long poll) while he washes his car.
  const waiting = sam.inbox(30);
  // 2-7) Betty sends; Sam's profile, availability and privacy let the message through.
  const response = await betty.im.call('SendMessages', {
    message: [{ recipient: ['samtheman@example.com'], content: Buffer.from(question).toString('base64') }],
  });
  const [result] = list<any>(response.result);
  t.is(list<any>(result.recipientResult)[0].status, 'queued');

  // 8-10) Sam's client receives it and acknowledges it.
  const [message] = await waiting;
  t.like(message, { kind: 'message', sender: 'bettybopp@example.com', text: question });
  const status = await betty.im.call('GetDeliveryStatus', { messageId: result.messageId });
  t.is(list<any>(status.status)[0].status, 'delivered');
});

test('use case 5.6 alternative flow: Sam rejects while unavailable; Betty hears "unavailable", Sam sees the attempt', async (t) => {
  const server = await startTestGateway({ accounts: ['samtheman', 'bettybopp'] });
  t.teardown(() => server.stop());
  const { sam, betty } = await samAndBetty(server);

  // Sam set his privacy to answer "unavailable" and to notify himself of the attempt; he is busy.
  await sam.contacts.call('UpdateSettings', { rejectWhileUnavailable: true, notifyAttemptedContacts: true });
  await sam.presence.call('PublishPresence', { availability: 'busy', statusText: 'washing the car' });

  // 6-7, 9) Betty's message is answered with "unavailable" for Sam.
  const response = await betty.im.call('SendMessages', {
    message: [{ recipient: ['samtheman@example.com'], content: Buffer.from(question).toString('base64') }],
  });
  const [result] = list<any>(response.result);
  t.like(list<any>(result.recipientResult)[0], { address: 'samtheman@example.com', status: 'unavailable', errorCode: 'POL3002' });
  const status = await betty.im.call('GetDeliveryStatus', { messageId: result.messageId });
  t.is(list<any>(status.status)[0].status, 'unavailable');

  // 8, 10-12) Sam finds "attempted contact from bettybopp", and no message.
  const items = await sam.inbox();
  t.deepEqual(
    items.filter((m) => m.kind === 'message'),
    [],
  );
  const [attempt] = items.flatMap((m) => (m.notice?.type === 'attemptedContact' ? [m.notice] : []));
  t.like(attempt, { address: 'bettybopp@example.com', reason: 'unavailable' });
  t.regex(attempt!.text, /attempted contact from bettybopp@example\.com/i);

  // Once Sam is available again, Betty gets through.
  await sam.presence.call('PublishPresence', { availability: 'available' });
  t.deepEqual(
    (await send(betty, ['samtheman@example.com'], question)).map((r) => r.status),
    ['queued'],
  );
});

test('use case 5.13: a message to a user who is merely offline waits for the next GetMessages', async (t) => {
  const server = await startTestGateway({ accounts: ['samtheman', 'bettybopp'] });
  t.teardown(() => server.stop());
  const betty = await userOf(server, 'bettybopp');
  const sam = await userOf(server, 'samtheman');
  await sam.contacts.call('UpdateSettings', { rejectWhileUnavailable: true });
  // Sam never polled: offline by activity, but he did not say he is unavailable.
  t.deepEqual(
    (await send(betty, ['samtheman@example.com'], question)).map((r) => r.status),
    ['queued'],
  );
  t.deepEqual(
    (await sam.inbox()).map((m) => m.text),
    [question],
  );
});
