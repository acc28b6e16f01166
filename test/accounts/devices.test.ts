// Devices and sessions (GU-1, GU-2, GU-3; docs/accounts.md): one account on two devices at once, each naming
// itself with PublishPresence's `device`; watchers see the device the user last published from; the user
// stops on one device and goes on with the other, with the same inbox. A device name with control characters
// is refused and changes nothing.
import test from 'ava';
import { faultOf, list, text } from '../helpers/clients.js';
import { startTestGateway } from '../helpers/gateway.js';
import { userOf } from '../helpers/social.js';

test('two devices of one account: watchers see the device last published from, and the inbox is shared', async (t) => {
  const gateway = await startTestGateway({ accounts: ['alice', 'bob'] });
  t.teardown(() => gateway.stop());
  // Two sessions of alice (each its own clients, as two devices would have), one of bob.
  const phone = await userOf(gateway, 'alice');
  const web = await userOf(gateway, 'alice', 'strong-soap');
  const bob = await userOf(gateway, 'bob');
  await phone.presence.call('UpdateSubscriptionAuthorization', { decision: [{ watcher: 'bob', grant: true }] });
  const seenDevice = async () =>
    list<any>((await bob.presence.call('GetPresence', { presentity: ['alice@example.com'] })).result)[0].presence.device;

  await phone.presence.call('PublishPresence', { availability: 'available', device: '  phone; ExampleIM 2.1 ' });
  t.is(await seenDevice(), 'phone; ExampleIM 2.1', 'trimmed');
  await bob.im.call('SendMessages', { message: [{ recipient: ['alice@example.com'], content: text('one') }] });
  t.deepEqual(
    (await phone.inbox()).map((m) => m.text),
    ['one'],
    'read and acknowledged on the phone',
  );

  // Alice goes on with the web session: it names itself, and finds what came since in the same inbox.
  await web.presence.call('PublishPresence', { availability: 'busy', device: 'web portal' });
  t.is(await seenDevice(), 'web portal');
  await bob.im.call('SendMessages', { message: [{ recipient: ['alice@example.com'], content: text('two') }] });
  t.deepEqual(
    (await web.inbox()).map((m) => m.text),
    ['two'],
  );

  for (const device of ['tab\there', 'line\nbreak', 'next\u0085line', 'x'.repeat(256)]) {
    const error = await t.throwsAsync(phone.presence.call('PublishPresence', { availability: 'available', device }));
    t.is(faultOf(error).messageId, 'SVC0002', JSON.stringify(device));
  }
  t.is(await seenDevice(), 'web portal', 'a refused publication changes nothing');
});
