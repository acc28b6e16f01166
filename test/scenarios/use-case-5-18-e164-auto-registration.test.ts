// Seed use case 5.18, auto-registration by E.164: the operator provisions a subscriber with a number and a
// preconfigured user id and password; a friend writes to tel:+E164 before the phone ever registered; the
// phone's first Register with those credentials completes the registration (and sets a new password), and
// the subscriber finds the message waiting. Registering the number again is refused.
import test from 'ava';
import { faultOf, list, text } from '../helpers/clients.js';
import { password, startTestGateway } from '../helpers/gateway.js';
import { anonymousAccounts, imOf } from '../accounts/accounts-clients.js';

test('use case 5.18: a message to tel:+E164 waits for the provisioned subscriber, who finds it after the first Register', async (t) => {
  // Four Register calls from one address: more than the default burst (3), which has tests of its own.
  const gateway = await startTestGateway({ accounts: ['mary'], settings: { 'registration-burst': 10 } });
  t.teardown(() => gateway.stop());
  // The operator provisions Tina's phone: number, default user id and password; the account is pending.
  await gateway.accounts.add({ address: 'tina@example.com', password: 'preconfigured-1', msisdn: '+15550100077', state: 'pending' });

  // Mary writes to Tina's number before Tina's phone was ever switched on.
  const mary = await imOf(gateway, 'mary@example.com', password('mary@example.com'));
  const [sent] = list<any>(
    (await mary.call('SendMessages', { message: [{ recipient: ['tel:+15550100077'], content: text('Zombie concert tonight?') }] })).result,
  );
  t.is(list<any>(sent.recipientResult)[0].status, 'queued');

  // Before registering, the preconfigured credentials do not log in: POL6005 says what to do.
  const early = await imOf(gateway, 'tina@example.com', 'preconfigured-1');
  t.is(faultOf(await t.throwsAsync(early.call('GetMessages', {}))).messageId, 'POL6005');

  // The phone's first Register, by number, with the preconfigured password and a new one of Tina's own.
  const phone = await anonymousAccounts(gateway);
  t.is(faultOf(await t.throwsAsync(phone.call('Register', { address: 'tel:+15550100077', password: 'wrong-guess' }))).messageId, 'SVC1102');
  const registered = await phone.call('Register', {
    address: 'tel:+15550100077',
    password: 'preconfigured-1',
    newPassword: 'tinas-own-secret',
  });
  t.like(registered, { address: 'tina@example.com', msisdn: 'tel:+15550100077', provisioned: true });

  // Tina logs in with her new password and finds Mary's message.
  const tina = await imOf(gateway, 'tina@example.com', 'tinas-own-secret');
  const inbox = list<any>((await tina.call('GetMessages', {})).message);
  t.deepEqual(
    inbox.map((m) => [m.sender, Buffer.from(m.content, 'base64').toString()]),
    [['mary@example.com', 'Zombie concert tonight?']],
  );

  // Registering the number again (a replay, or someone else) is refused, and the password stays Tina's.
  t.is(
    faultOf(await t.throwsAsync(phone.call('Register', { address: 'tel:+15550100077', password: 'tinas-own-secret' }))).messageId,
    'POL6004',
  );
  t.is(
    faultOf(await t.throwsAsync(phone.call('Register', { address: 'tina@example.com', password: 'preconfigured-1' }))).messageId,
    'SVC6002',
  );
  t.truthy(await tina.call('GetMessages', {}));
});
