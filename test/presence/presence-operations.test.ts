// Every Presence operation through node soap and strong-soap over real HTTP, with the inbox notices each
// one produces (WSI-24: notifications arrive through GetMessages).
import test from 'ava';
import { faultOf, list } from '../helpers/clients.js';
import { startTestGateway } from '../helpers/gateway.js';
import { stacks, userOf } from '../helpers/social.js';

for (const stack of stacks) {
  test(`a subscription is pending until the presentity grants it, then presence flows (${stack})`, async (t) => {
    const gw = await startTestGateway({ accounts: ['alice', 'bob'] });
    t.teardown(() => gw.stop());
    const alice = await userOf(gw, 'alice', stack);
    const bob = await userOf(gw, 'bob', stack);

    const subscribed = await bob.presence.call('SubscribePresence', { presentity: ['alice@example.com'] });
    t.deepEqual(
      list<any>(subscribed.result).map((r) => [r.address, r.status]),
      [['alice@example.com', 'pending']],
    );

    const [request] = await alice.notices('subscriptionRequest');
    t.like(request, { address: 'bob@example.com', status: 'pending' });
    const open = list<any>((await alice.presence.call('GetOpenSubscriptions', {})).request);
    t.deepEqual(
      open.map((r) => [r.address, r.status, r.origin]),
      [['bob@example.com', 'pending', 'subscribe']],
    );

    const decided = await alice.presence.call('UpdateSubscriptionAuthorization', {
      decision: [{ watcher: 'bob@example.com', grant: true }],
    });
    t.deepEqual(
      list<any>(decided.result).map((r) => [r.address, r.status]),
      [['bob@example.com', 'granted']],
    );
    t.deepEqual(list((await alice.presence.call('GetOpenSubscriptions', {})).request), []);

    const notices = await bob.notices();
    t.deepEqual(
      notices.map((n) => [n.type, n.address, n.status]),
      [
        ['subscriptionUpdate', 'alice@example.com', 'granted'],
        // alice polled GetMessages above, so she is online: available, as she never published.
        ['presence', 'alice@example.com', 'available'],
      ],
    );

    const watchers = list<any>((await alice.presence.call('GetWatchers', {})).watcher);
    t.deepEqual(
      watchers.map((w) => [w.address, w.status, String(w.subscribed)]),
      [['bob@example.com', 'granted', 'true']],
    );
  });

  test(`PublishPresence stores availability, status, device, capabilities and extension attributes (${stack})`, async (t) => {
    const gw = await startTestGateway({ accounts: ['alice', 'bob'], settings: {} });
    t.teardown(() => gw.stop());
    const alice = await userOf(gw, 'alice', stack);
    const bob = await userOf(gw, 'bob', stack);
    await alice.presence.call('UpdateSubscriptionAuthorization', { decision: [{ watcher: 'bob', grant: true }] });

    const published = await alice.presence.call('PublishPresence', {
      availability: 'away',
      statusText: 'At lunch',
      device: 'mobile; ExampleIM 2.1',
      capability: ['text/plain', 'image/jpeg'],
      attribute: [{ name: 'mood', value: 'hungry' }],
    });
    t.is(published.presence.availability, 'away');

    const [result] = list<any>((await bob.presence.call('GetPresence', { presentity: ['alice@example.com'] })).result);
    t.is(result.result, 'authorized');
    t.like(result.presence, { availability: 'away', statusText: 'At lunch', device: 'mobile; ExampleIM 2.1' });
    t.deepEqual(list(result.presence.capability), ['text/plain', 'image/jpeg']);
    t.deepEqual(
      list<any>(result.presence.attribute).map((a) => [a.name, a.value]),
      [['mood', 'hungry']],
    );
  });

  test(`GetPresence answers many presentities at once and says which were not authorized (${stack})`, async (t) => {
    const gw = await startTestGateway({ accounts: ['alice', 'bob', 'carol'] });
    t.teardown(() => gw.stop());
    const alice = await userOf(gw, 'alice', stack);
    const bob = await userOf(gw, 'bob', stack);
    await alice.presence.call('UpdateSubscriptionAuthorization', { decision: [{ watcher: 'bob', grant: true }] });
    await alice.presence.call('PublishPresence', { availability: 'busy' });

    const results = list<any>(
      (await bob.presence.call('GetPresence', { presentity: ['alice', 'carol@example.com', 'nobody@example.com', 'not an address'] }))
        .result,
    );
    t.deepEqual(
      results.map((r) => [r.result, r.presence?.availability, r.errorCode]),
      [
        ['authorized', 'busy', undefined],
        ['notAuthorized', undefined, undefined],
        ['failed', undefined, 'SVC2002'],
        ['failed', undefined, 'SVC2003'],
      ],
    );
  });

  test(`a refused watcher is told and sees nothing; unsubscribing withdraws a pending request (${stack})`, async (t) => {
    const gw = await startTestGateway({ accounts: ['alice', 'bob', 'carol'] });
    t.teardown(() => gw.stop());
    const alice = await userOf(gw, 'alice', stack);
    const bob = await userOf(gw, 'bob', stack);
    const carol = await userOf(gw, 'carol', stack);

    await bob.presence.call('SubscribePresence', { presentity: ['alice'] });
    await carol.presence.call('SubscribePresence', { presentity: ['alice'] });
    await alice.presence.call('UpdateSubscriptionAuthorization', { decision: [{ watcher: 'bob@example.com', grant: false }] });
    t.deepEqual(
      (await bob.notices()).map((n) => [n.type, n.status]),
      [['subscriptionUpdate', 'refused']],
    );
    const [seen] = list<any>((await bob.presence.call('GetPresence', { presentity: ['alice'] })).result);
    t.is(seen.result, 'notAuthorized');

    const withdrawn = await carol.presence.call('UnsubscribePresence', { presentity: ['alice'] });
    t.deepEqual(
      list<any>(withdrawn.result).map((r) => r.status),
      ['unsubscribed'],
    );
    const watchers = list<any>((await alice.presence.call('GetWatchers', {})).watcher);
    t.deepEqual(
      watchers.map((w) => [w.address, w.status]),
      [['bob@example.com', 'refused']],
    );
  });

  test(`subscribing to unknown or malformed targets fails per target (${stack})`, async (t) => {
    const gw = await startTestGateway({ accounts: ['alice', 'bob'] });
    t.teardown(() => gw.stop());
    const bob = await userOf(gw, 'bob', stack);
    const results = list<any>(
      (await bob.presence.call('SubscribePresence', { presentity: ['ghost', 'alice', 'x@elsewhere.org', 'bob'] })).result,
    );
    t.deepEqual(
      results.map((r) => [r.status, r.errorCode]),
      [
        ['failed', 'SVC2002'],
        ['pending', undefined],
        ['failed', 'SVC2004'],
        ['failed', 'SVC3008'],
      ],
    );
  });
}

test('privacy defaults: nobody sees presence before authorizing, and a request does not grant it', async (t) => {
  const gw = await startTestGateway({ accounts: ['alice', 'bob'] });
  t.teardown(() => gw.stop());
  const alice = await userOf(gw, 'alice');
  const bob = await userOf(gw, 'bob');
  await alice.presence.call('PublishPresence', { availability: 'available', statusText: 'hello' });
  const settings = (await alice.contacts.call('GetSettings', {})).settings;
  t.like(settings, {
    requireAuthorization: true,
    acceptMessagesFrom: 'anyone',
    rejectWhileUnavailable: false,
    notifyAttemptedContacts: false,
  });

  await bob.presence.call('SubscribePresence', { presentity: ['alice'] });
  const [result] = list<any>((await bob.presence.call('GetPresence', { presentity: ['alice'] })).result);
  t.is(result.result, 'notAuthorized');
  t.is(result.presence, undefined);
  t.deepEqual(await bob.notices('presence'), []);
});

test('a user who does not require authorization is watched at once', async (t) => {
  const gw = await startTestGateway({ accounts: ['alice', 'bob'] });
  t.teardown(() => gw.stop());
  const alice = await userOf(gw, 'alice');
  const bob = await userOf(gw, 'bob');
  await alice.contacts.call('UpdateSettings', { requireAuthorization: false });
  const [r] = list<any>((await bob.presence.call('SubscribePresence', { presentity: ['alice'] })).result);
  t.is(r.status, 'granted');
  t.deepEqual(
    (await bob.notices()).map((n) => [n.type, n.address]),
    [['presence', 'alice@example.com']],
  );
});

test('PublishPresence refuses an unknown availability with SVC0002', async (t) => {
  const gw = await startTestGateway({ accounts: ['alice'] });
  t.teardown(() => gw.stop());
  const alice = await userOf(gw, 'alice');
  const error = await t.throwsAsync(alice.presence.call('PublishPresence', { availability: 'sleepy' }));
  t.is(faultOf(error).messageId, 'SVC0002');
});
