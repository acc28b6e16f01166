// Account removal is an event other modules react to (README "Layout", hooks): presence handles it, so the
// removed user's watchers hear "offline" before the subscriptions go with the account. The removal goes
// through the gateway's composed accounts service, the one `imwsi users remove` calls.
import test from 'ava';
import { list } from '../helpers/clients.js';
import { startTestGateway } from '../helpers/gateway.js';
import { userOf } from '../helpers/social.js';

test('removing an online account tells its watchers it is offline, and its presence is gone', async (t) => {
  const gw = await startTestGateway({ accounts: ['alice', 'bob', 'carol'] });
  t.teardown(() => gw.stop());
  const alice = await userOf(gw, 'alice');
  const bob = await userOf(gw, 'bob');
  const carol = await userOf(gw, 'carol');
  await alice.presence.call('UpdateSubscriptionAuthorization', { decision: [{ watcher: 'bob', grant: true }] });
  await bob.presence.call('SubscribePresence', { presentity: ['alice'] });
  await alice.presence.call('PublishPresence', { availability: 'available', statusText: 'here' });
  const [online] = await bob.notices('presence');
  t.like(online, { address: 'alice@example.com', status: 'available' });

  await gw.accounts.remove('alice@example.com');

  const [gone] = await bob.notices('presence', 5);
  t.like(gone, { address: 'alice@example.com', status: 'offline' });
  t.deepEqual(gone!.attributes.statusText, undefined, 'the published details went with the account');
  // Carol never watched alice: she hears nothing.
  t.deepEqual(await carol.notices('presence'), []);
  // The address is unknown from now on (the subscription went with the account).
  const [result] = list<any>((await bob.presence.call('GetPresence', { presentity: ['alice'] })).result);
  t.like(result, { result: 'failed', errorCode: 'SVC2002' });
});

test('removing an unknown account fails with SVC2002 and tells nobody anything', async (t) => {
  const gw = await startTestGateway({ accounts: ['alice', 'bob'] });
  t.teardown(() => gw.stop());
  const bob = await userOf(gw, 'bob');
  const error = await t.throwsAsync(gw.accounts.remove('nobody@example.com'));
  t.regex(error!.message, /nobody@example\.com/);
  t.deepEqual(await bob.notices(), []);
});
