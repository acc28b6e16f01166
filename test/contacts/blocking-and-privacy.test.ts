// Blocking (PP2-23) and privacy settings (GU-5) as SendMessages and presence see them.
import test from 'ava';
import { faultOf, list } from '../helpers/clients.js';
import { startTestGateway } from '../helpers/gateway.js';
import { send, stacks, userOf } from '../helpers/social.js';

for (const stack of stacks) {
  test(`BlockUser, GetBlockList and UnblockUser work on users and on whole lists (${stack})`, async (t) => {
    const gw = await startTestGateway({ accounts: ['alice', 'bob', 'carol'] });
    t.teardown(() => gw.stop());
    const alice = await userOf(gw, 'alice', stack);
    await alice.contacts.call('CreateContactList', { name: 'Exes' });
    await alice.contacts.call('AddContact', { listName: 'Exes', contact: 'carol' });

    await alice.contacts.call('BlockUser', { user: 'bob' });
    const blocked = (await alice.contacts.call('BlockUser', { listName: 'Exes' })).blockList;
    t.deepEqual([list(blocked.user), list(blocked.list)], [['bob@example.com'], ['Exes']]);
    t.deepEqual(list((await alice.contacts.call('GetBlockList', {})).blockList.user), ['bob@example.com']);

    const after = (await alice.contacts.call('UnblockUser', { user: 'bob@example.com' })).blockList;
    t.deepEqual([list(after.user), list(after.list)], [[], ['Exes']]);
    const error = await t.throwsAsync(alice.contacts.call('BlockUser', { user: 'bob', listName: 'Exes' }));
    t.is(faultOf(error).messageId, 'SVC3009');
  });
}

test('a blocked sender is refused with the same answer as a contacts-only refusal', async (t) => {
  const gw = await startTestGateway({ accounts: ['alice', 'bob', 'carol', 'dave'] });
  t.teardown(() => gw.stop());
  const alice = await userOf(gw, 'alice');
  const bob = await userOf(gw, 'bob');
  const carol = await userOf(gw, 'carol');
  const dave = await userOf(gw, 'dave');
  await alice.contacts.call('BlockUser', { user: 'bob' });
  await carol.contacts.call('UpdateSettings', { acceptMessagesFrom: 'contacts' });

  const toBlocker = await send(bob, ['alice@example.com', 'dave@example.com'], 'hello');
  const toPicky = await send(bob, ['carol@example.com', 'dave@example.com'], 'hello');
  const strip = (r: { status: string; errorCode?: string }) => [r.status, r.errorCode];
  t.deepEqual(toBlocker.map(strip), [
    ['failed', 'POL3001'],
    ['queued', undefined],
  ]);
  t.deepEqual(toPicky.map(strip), toBlocker.map(strip));
  t.deepEqual(
    (await alice.inbox()).map((m) => m.kind),
    [],
  );
  t.deepEqual(
    (await dave.inbox()).map((m) => m.text),
    ['hello', 'hello'],
  );
});

test('blocking works in both directions: the blocker cannot message the blocked either', async (t) => {
  const gw = await startTestGateway({ accounts: ['alice', 'bob'] });
  t.teardown(() => gw.stop());
  const alice = await userOf(gw, 'alice');
  const bob = await userOf(gw, 'bob');
  await alice.contacts.call('BlockUser', { user: 'bob' });
  t.deepEqual(
    (await send(alice, ['bob@example.com'], 'x')).map((r) => [r.status, r.errorCode]),
    [['failed', 'POL3003']],
  );
  t.deepEqual(
    (await send(bob, ['alice@example.com'], 'x')).map((r) => [r.status, r.errorCode]),
    [['failed', 'POL3001']],
  );

  await alice.contacts.call('UnblockUser', { user: 'bob' });
  t.deepEqual(
    (await send(bob, ['alice@example.com'], 'sorry')).map((r) => r.status),
    ['queued'],
  );
  t.deepEqual(
    (await alice.inbox()).map((m) => m.text),
    ['sorry'],
  );
});

test('blocking a list blocks its members, and a blocked subscriber is never announced', async (t) => {
  const gw = await startTestGateway({ accounts: ['alice', 'bob', 'carol'] });
  t.teardown(() => gw.stop());
  const alice = await userOf(gw, 'alice');
  const bob = await userOf(gw, 'bob');
  const carol = await userOf(gw, 'carol');
  await alice.contacts.call('CreateContactList', { name: 'Exes' });
  await alice.contacts.call('AddContact', { listName: 'Exes', contact: 'bob' });
  await bob.inbox();
  await alice.contacts.call('BlockUser', { listName: 'Exes' });

  t.deepEqual(
    (await send(bob, ['alice@example.com'], 'x')).map((r) => r.errorCode),
    ['POL3001'],
  );
  t.deepEqual(
    (await send(carol, ['alice@example.com'], 'y')).map((r) => r.status),
    ['queued'],
  );
  const [r] = list<any>((await bob.presence.call('SubscribePresence', { presentity: ['alice'] })).result);
  t.is(r.status, 'pending');
  t.deepEqual(
    (await alice.notices()).map((n) => n.type),
    [],
  );
});

test('a user who asked for it is told of blocked attempts, without the sender learning of the block', async (t) => {
  const gw = await startTestGateway({ accounts: ['alice', 'bob'] });
  t.teardown(() => gw.stop());
  const alice = await userOf(gw, 'alice');
  const bob = await userOf(gw, 'bob');
  await alice.contacts.call('UpdateSettings', { notifyAttemptedContacts: true });
  await alice.contacts.call('BlockUser', { user: 'bob' });

  const [result] = await send(bob, ['alice@example.com'], 'let me explain');
  t.like(result, { status: 'failed', errorCode: 'POL3001' });
  const notices = await alice.notices();
  t.deepEqual(
    notices.map((n) => [n.type, n.address, n.reason]),
    [['attemptedContact', 'bob@example.com', 'blocked']],
  );
  t.deepEqual(await bob.notices(), []);
});

test('contacts-only accepts the user’s contacts and refuses everyone else', async (t) => {
  const gw = await startTestGateway({ accounts: ['alice', 'bob', 'carol'] });
  t.teardown(() => gw.stop());
  const alice = await userOf(gw, 'alice');
  const bob = await userOf(gw, 'bob');
  const carol = await userOf(gw, 'carol');
  const settings = (await alice.contacts.call('UpdateSettings', { acceptMessagesFrom: 'contacts' })).settings;
  t.is(settings.acceptMessagesFrom, 'contacts');
  await alice.contacts.call('CreateContactList', { name: 'Friends' });
  await alice.contacts.call('AddContact', { listName: 'Friends', contact: 'bob' });

  t.deepEqual(
    (await send(bob, ['alice@example.com'], 'from a contact')).map((r) => r.status),
    ['queued'],
  );
  t.deepEqual(
    (await send(carol, ['alice@example.com'], 'from a stranger')).map((r) => r.errorCode),
    ['POL3001'],
  );
  t.deepEqual(
    (await alice.inbox()).filter((m) => m.kind === 'message').map((m) => m.text),
    ['from a contact'],
  );
});
