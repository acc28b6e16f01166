// Presence notices in the watcher's inbox: one per change, coalesced while unread, hidden from the blocked.
import test from 'ava';
import { list } from '../helpers/clients.js';
import { startTestGateway } from '../helpers/gateway.js';
import { userOf, type User } from '../helpers/social.js';

async function watching(names: string[]) {
  const gw = await startTestGateway({ accounts: names });
  const [presentity, ...watchers] = await Promise.all(names.map((n) => userOf(gw, n)));
  await presentity!.presence.call('UpdateSubscriptionAuthorization', {
    decision: watchers.map((w) => ({ watcher: w.address, grant: true })),
  });
  for (const w of watchers) await w.presence.call('SubscribePresence', { presentity: [presentity!.address] });
  for (const w of watchers) await w.inbox();
  return { gw, presentity: presentity!, watchers: watchers as User[] };
}

test('a burst of presence changes leaves one unread notice per watcher, holding the latest state', async (t) => {
  const { gw, presentity, watchers } = await watching(['alice', 'bob', 'carol']);
  t.teardown(() => gw.stop());
  for (const availability of ['away', 'busy', 'available', 'away']) {
    await presentity.presence.call('PublishPresence', { availability, statusText: `now ${availability}` });
  }
  for (const watcher of watchers) {
    const notices = await watcher.notices();
    t.deepEqual(
      notices.map((n) => [n.type, n.address, n.status, n.attributes.statusText?.[0]]),
      [['presence', 'alice@example.com', 'away', 'now away']],
    );
  }
});

test('a change after the watcher read the last notice writes a new notice', async (t) => {
  const { gw, presentity, watchers } = await watching(['alice', 'bob']);
  t.teardown(() => gw.stop());
  const [bob] = watchers;
  await presentity.presence.call('PublishPresence', { availability: 'away' });
  t.deepEqual(
    (await bob!.notices('presence')).map((n) => n.status),
    ['away'],
  );
  await presentity.presence.call('PublishPresence', { availability: 'busy' });
  await presentity.presence.call('PublishPresence', { availability: 'available' });
  t.deepEqual(
    (await bob!.notices('presence')).map((n) => n.status),
    ['available'],
  );
});

test('a notice handed out but not yet acknowledged is not rewritten', async (t) => {
  const { gw, presentity, watchers } = await watching(['alice', 'bob']);
  t.teardown(() => gw.stop());
  const [bob] = watchers;
  await presentity.presence.call('PublishPresence', { availability: 'away' });
  const leased = await bob!.im.call('GetMessages', {});
  t.deepEqual(
    list<any>(leased.message).map((m) => m.notification.status),
    ['away'],
  );
  await presentity.presence.call('PublishPresence', { availability: 'busy' });
  const next = await bob!.im.call('GetMessages', {});
  t.deepEqual(
    list<any>(next.message).map((m) => m.notification.status),
    ['busy'],
  );
});

test('going invisible reads as offline to watchers, with no details', async (t) => {
  const { gw, presentity, watchers } = await watching(['alice', 'bob']);
  t.teardown(() => gw.stop());
  await presentity.presence.call('PublishPresence', { availability: 'invisible', statusText: 'hiding' });
  const [notice] = await watchers[0]!.notices('presence');
  t.is(notice!.status, 'offline');
  t.deepEqual(notice!.attributes, {});
  const own = list<any>((await presentity.presence.call('GetPresence', { presentity: ['alice'] })).result)[0];
  t.is(own.presence.availability, 'invisible');
});

test('a watcher the presentity blocked gets no presence notices and no presence', async (t) => {
  const { gw, presentity, watchers } = await watching(['alice', 'bob', 'carol']);
  t.teardown(() => gw.stop());
  const [bob, carol] = watchers;
  await presentity.contacts.call('BlockUser', { user: 'bob' });
  await presentity.presence.call('PublishPresence', { availability: 'busy' });
  t.deepEqual(await bob!.notices('presence'), []);
  t.deepEqual(
    (await carol!.notices('presence')).map((n) => n.status),
    ['busy'],
  );
  const [seen] = list<any>((await bob!.presence.call('GetPresence', { presentity: ['alice'] })).result);
  t.is(seen.result, 'notAuthorized');
});

test('an unsubscribed watcher keeps its authorization but gets no more notices', async (t) => {
  const { gw, presentity, watchers } = await watching(['alice', 'bob']);
  t.teardown(() => gw.stop());
  const [bob] = watchers;
  await bob!.presence.call('UnsubscribePresence', { presentity: ['alice'] });
  await presentity.presence.call('PublishPresence', { availability: 'away' });
  t.deepEqual(await bob!.notices('presence'), []);
  const [seen] = list<any>((await bob!.presence.call('GetPresence', { presentity: ['alice'] })).result);
  t.is(seen.presence.availability, 'away');
});
