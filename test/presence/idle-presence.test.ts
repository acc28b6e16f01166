// "Online" derives from activity (issue 3): a user polling GetMessages is online; after the idle time
// without a poll, offline, and watchers are told. The clock is injected, so no test waits for real time.
import test from 'ava';
import { list } from '../helpers/clients.js';
import { startTestGateway } from '../helpers/gateway.js';
import { userOf } from '../helpers/social.js';

const idleSeconds = 120;

async function setup() {
  let now = Date.now();
  const gw = await startTestGateway({
    accounts: ['alice', 'bob'],
    clock: () => now,
    settings: {
      'presence-idle-seconds': idleSeconds,
      // The injected clock moves past real time; WS-Security's Created check must still accept requests.
      'created-window-seconds': 86_400,
      'sweep-interval-ms': 20,
    },
  });
  const alice = await userOf(gw, 'alice');
  const bob = await userOf(gw, 'bob');
  await alice.presence.call('UpdateSubscriptionAuthorization', { decision: [{ watcher: 'bob', grant: true }] });
  await bob.presence.call('SubscribePresence', { presentity: ['alice'] });
  return { gw, alice, bob, advance: (seconds: number) => (now += seconds * 1000) };
}

const availabilityOf = async (reader: Awaited<ReturnType<typeof setup>>['bob'], who: string) =>
  list<any>((await reader.presence.call('GetPresence', { presentity: [who] })).result)[0].presence.availability;

test('a user who never polled is offline; polling GetMessages makes her available', async (t) => {
  const { gw, alice, bob } = await setup();
  t.teardown(() => gw.stop());
  t.is(await availabilityOf(bob, 'alice'), 'offline');
  await alice.inbox();
  t.is(await availabilityOf(bob, 'alice'), 'available');
});

test('after the idle time without a poll a user reads as offline and watchers get an offline notice', async (t) => {
  const { gw, alice, bob, advance } = await setup();
  t.teardown(() => gw.stop());
  await alice.presence.call('PublishPresence', { availability: 'away', statusText: 'diving' });
  await bob.inbox();

  advance(idleSeconds - 1);
  t.is(await availabilityOf(bob, 'alice'), 'away');
  advance(2);
  t.is(await availabilityOf(bob, 'alice'), 'offline');
  // The idle sweep announces it; the long poll returns when the notice lands.
  const [notice] = await bob.notices('presence', 10);
  t.like(notice, { address: 'alice@example.com', status: 'offline' });
  t.deepEqual(notice!.attributes.statusText, ['diving']);

  // Her next poll brings her back, with the availability she published.
  await alice.inbox();
  const [back] = await bob.notices('presence', 10);
  t.is(back!.status, 'away');
});
