// Presence, contact lists, blocks and settings behave the same on every backend (better-sqlite3, sqlite3,
// PostgreSQL): upserts, boolean columns, the coalescing join, the idle sweep and the cascades all run here.
import test from 'ava';
import { list } from '../helpers/clients.js';
import { backends, postgresAvailable } from '../helpers/backends.js';
import { startTestGateway } from '../helpers/gateway.js';
import { send, userOf } from '../helpers/social.js';

const pgUp = postgresAvailable();

for (const backend of backends) {
  test(`${backend.name}: subscribe, grant, coalesced presence, contacts, blocks, settings and going idle`, async (t) => {
    if (backend.name === 'pg' && !(await pgUp)) {
      t.log('PostgreSQL is not reachable on 127.0.0.1:5432: skipped');
      t.false(await pgUp);
      return;
    }
    const database = await backend.create();
    let now = Date.now();
    const gateway = await startTestGateway({
      accounts: ['alice', 'bob', 'carol'],
      clock: () => now,
      settings: { ...database.settings, 'presence-idle-seconds': 120, 'created-window-seconds': 86_400, 'sweep-interval-ms': 20 },
    });
    t.teardown(async () => {
      await gateway.stop();
      await database.drop();
    });
    const alice = await userOf(gateway, 'alice');
    const bob = await userOf(gateway, 'bob');
    const carol = await userOf(gateway, 'carol');

    // Bob adds Alice; she approves and adds him back.
    await bob.contacts.call('CreateContactList', { name: 'Friends' });
    t.is(
      (await bob.contacts.call('AddContact', { listName: 'Friends', contact: 'alice', authorizeContact: true })).entry.status,
      'pending',
    );
    await alice.contacts.call('CreateContactList', { name: 'Buddies' });
    const answer = await alice.contacts.call('AnswerAuthorization', { requester: 'bob', approve: true, addBack: { listName: 'Buddies' } });
    t.is(answer.entry.status, 'authorized');
    await bob.inbox();

    // A burst of changes: one unread notice with the latest state.
    for (const availability of ['away', 'busy']) await alice.presence.call('PublishPresence', { availability });
    t.deepEqual(
      (await bob.notices('presence')).map((n) => n.status),
      ['busy'],
    );

    // Settings and blocks round-trip; a blocked sender is refused.
    await alice.contacts.call('UpdateSettings', { acceptMessagesFrom: 'contacts', notifyAttemptedContacts: true });
    await alice.contacts.call('BlockUser', { user: 'carol' });
    t.deepEqual(
      (await send(carol, ['alice@example.com'], 'hi')).map((r) => r.errorCode),
      ['POL3001'],
    );
    t.deepEqual(
      (await send(bob, ['alice@example.com'], 'hi')).map((r) => r.status),
      ['queued'],
    );
    t.deepEqual(
      (await alice.notices('attemptedContact')).map((n) => [n.address, n.reason]),
      [['carol@example.com', 'blocked']],
    );

    // Alice stops polling: the sweep tells Bob she is offline.
    now += 121_000;
    t.deepEqual(
      (await bob.notices('presence', 10)).map((n) => n.status),
      ['offline'],
    );

    // Deleting a list takes its entries with it.
    await alice.contacts.call('DeleteContactList', { name: 'Buddies' });
    t.deepEqual(list((await alice.contacts.call('GetContactLists', {})).list), []);
  });
}
