// Every ContactLists list/entry operation through node soap and strong-soap over real HTTP, with the inbox
// notices they produce.
import test from 'ava';
import { faultOf, list } from '../helpers/clients.js';
import { startTestGateway } from '../helpers/gateway.js';
import { send, stacks, userOf } from '../helpers/social.js';

const codeOf = async (t: { throwsAsync: (p: Promise<unknown>) => Promise<unknown> }, call: Promise<unknown>) =>
  faultOf(await t.throwsAsync(call)).messageId;
const entriesOf = (listXml: any) => list<any>(listXml.entry).map((e) => [e.nickname, e.address, e.status]);

for (const stack of stacks) {
  test(`lists are created, renamed, read and deleted (${stack})`, async (t) => {
    const gw = await startTestGateway({ accounts: ['alice'] });
    t.teardown(() => gw.stop());
    const alice = await userOf(gw, 'alice', stack);
    await alice.contacts.call('CreateContactList', { name: 'Friends' });
    await alice.contacts.call('CreateContactList', { name: 'Colleagues' });
    t.is(await codeOf(t, alice.contacts.call('CreateContactList', { name: 'friends' })), 'SVC3002');

    const renamed = await alice.contacts.call('RenameContactList', { name: 'Colleagues', newName: 'Work' });
    t.is(renamed.list.name, 'Work');
    t.deepEqual(
      list<any>((await alice.contacts.call('GetContactLists', {})).list).map((l) => l.name),
      ['Friends', 'Work'],
    );

    t.is(String((await alice.contacts.call('DeleteContactList', { name: 'work' })).deleted), 'true');
    t.deepEqual(
      list<any>((await alice.contacts.call('GetContactLists', {})).list).map((l) => l.name),
      ['Friends'],
    );
    t.is(await codeOf(t, alice.contacts.call('GetContactLists', { name: 'Work' })), 'SVC3001');
  });

  test(`AddContact takes a screen name, an address or a number, and the contact is asked (${stack})`, async (t) => {
    const gw = await startTestGateway({
      accounts: ['alice', 'bob', 'carol', { address: 'dave@example.com', password: 'pw-dave-secret', msisdn: '+15550100009' }],
    });
    t.teardown(() => gw.stop());
    const alice = await userOf(gw, 'alice', stack);
    const bob = await userOf(gw, 'bob', stack);
    await alice.contacts.call('CreateContactList', { name: 'Friends' });

    const byName = await alice.contacts.call('AddContact', { listName: 'Friends', contact: 'bob', nickname: 'Bobby' });
    t.like(byName.entry, { nickname: 'Bobby', address: 'bob@example.com', status: 'pending' });
    await alice.contacts.call('AddContact', { listName: 'Friends', contact: 'Carol@Example.com' });
    await alice.contacts.call('AddContact', { listName: 'Friends', contact: 'tel:+15550100009', nickname: 'Dave' });

    const [friends] = list<any>((await alice.contacts.call('GetContactLists', { name: 'Friends' })).list);
    t.deepEqual(entriesOf(friends), [
      ['Bobby', 'bob@example.com', 'pending'],
      ['carol', 'carol@example.com', 'pending'],
      ['Dave', 'dave@example.com', 'pending'],
    ]);
    const [request] = await bob.notices('authorizationRequest');
    t.like(request, { address: 'alice@example.com', status: 'pending' });
  });

  test(`nicknames are unique within a list, and unknown targets and lists fail with their codes (${stack})`, async (t) => {
    const gw = await startTestGateway({ accounts: ['alice', 'bob', 'carol'] });
    t.teardown(() => gw.stop());
    const alice = await userOf(gw, 'alice', stack);
    await alice.contacts.call('CreateContactList', { name: 'Friends' });
    await alice.contacts.call('AddContact', { listName: 'Friends', contact: 'bob', nickname: 'Buddy' });

    t.is(await codeOf(t, alice.contacts.call('AddContact', { listName: 'Friends', contact: 'carol', nickname: 'buddy' })), 'SVC3003');
    t.is(await codeOf(t, alice.contacts.call('AddContact', { listName: 'Friends', contact: 'bob', nickname: 'Other' })), 'SVC3005');
    t.is(await codeOf(t, alice.contacts.call('AddContact', { listName: 'Friends', contact: 'ghost' })), 'SVC2002');
    t.is(await codeOf(t, alice.contacts.call('AddContact', { listName: 'Friends', contact: 'x@other.org' })), 'SVC2004');
    t.is(await codeOf(t, alice.contacts.call('AddContact', { listName: 'Friends', contact: 'alice' })), 'SVC3008');
    t.is(await codeOf(t, alice.contacts.call('AddContact', { listName: 'Enemies', contact: 'carol' })), 'SVC3001');
    // A failed add leaves nothing behind.
    const [friends] = list<any>((await alice.contacts.call('GetContactLists', {})).list);
    t.deepEqual(entriesOf(friends), [['Buddy', 'bob@example.com', 'pending']]);
  });

  test(`contacts move between lists, carry alternative contact information, and are removed (${stack})`, async (t) => {
    const gw = await startTestGateway({ accounts: ['alice', 'bob', 'carol'] });
    t.teardown(() => gw.stop());
    const alice = await userOf(gw, 'alice', stack);
    await alice.contacts.call('CreateContactList', { name: 'Friends' });
    await alice.contacts.call('CreateContactList', { name: 'Work' });
    await alice.contacts.call('AddContact', {
      listName: 'Friends',
      contact: 'bob',
      alternative: [{ name: 'phone', value: '+15550199999' }],
    });
    await alice.contacts.call('AddContact', { listName: 'Work', contact: 'carol', nickname: 'Bob' });

    t.is(await codeOf(t, alice.contacts.call('MoveContact', { listName: 'Friends', nickname: 'bob', toListName: 'Work' })), 'SVC3003');
    const moved = await alice.contacts.call('MoveContact', {
      listName: 'Friends',
      nickname: 'bob',
      toListName: 'Work',
      newNickname: 'Bob B.',
    });
    t.deepEqual(entriesOf(moved.list), [
      ['Bob', 'carol@example.com', 'pending'],
      ['Bob B.', 'bob@example.com', 'pending'],
    ]);
    t.deepEqual(
      list<any>(list<any>(moved.list.entry)[1].alternative).map((a) => [a.name, a.value]),
      [['phone', '+15550199999']],
    );

    const changed = await alice.contacts.call('SetContactAlternatives', {
      listName: 'Work',
      nickname: 'Bob B.',
      alternative: [
        { name: 'email', value: 'bob@home.example' },
        { name: 'phone', value: '+15550188888' },
      ],
    });
    t.deepEqual(
      list<any>(changed.entry.alternative).map((a) => a.name),
      ['email', 'phone'],
    );

    t.is(String((await alice.contacts.call('RemoveContact', { listName: 'Work', nickname: 'bob b.' })).removed), 'true');
    t.is(await codeOf(t, alice.contacts.call('RemoveContact', { listName: 'Work', nickname: 'Bob B.' })), 'SVC3004');
    const [work] = list<any>((await alice.contacts.call('GetContactLists', { name: 'Work' })).list);
    t.deepEqual(entriesOf(work), [['Bob', 'carol@example.com', 'pending']]);
  });

  test(`a recipient adds the sender of a message in one call (${stack})`, async (t) => {
    const gw = await startTestGateway({ accounts: ['alice', 'bob'] });
    t.teardown(() => gw.stop());
    const alice = await userOf(gw, 'alice', stack);
    const bob = await userOf(gw, 'bob', stack);
    await send(bob, ['alice@example.com'], 'hi, it is Bob');
    const [message] = (await alice.inbox()).filter((m) => m.kind === 'message');
    await alice.contacts.call('CreateContactList', { name: 'Friends' });

    const added = await alice.contacts.call('AddSender', { messageId: message!.messageId, listName: 'Friends' });
    t.like(added.entry, { nickname: 'bob', address: 'bob@example.com', status: 'pending' });
    t.is(await codeOf(t, bob.contacts.call('AddSender', { messageId: message!.messageId, listName: 'Friends' })), 'SVC3001');
    await bob.contacts.call('CreateContactList', { name: 'Friends' });
    // Only a recipient can: the sender itself gets the same answer as for an unknown message.
    t.is(await codeOf(t, bob.contacts.call('AddSender', { messageId: message!.messageId, listName: 'Friends' })), 'SVC3007');
  });
}

test('a contact that needs no authorization is told it was added, and the nickname defaults to its alias', async (t) => {
  const gw = await startTestGateway({ accounts: ['alice', 'bob'] });
  t.teardown(() => gw.stop());
  const alice = await userOf(gw, 'alice');
  const bob = await userOf(gw, 'bob');
  await bob.contacts.call('UpdateSettings', { requireAuthorization: false, alias: 'Bob the Builder' });
  await alice.contacts.call('UpdateSettings', { alias: 'Ally' });
  await alice.contacts.call('CreateContactList', { name: 'Friends' });

  const added = await alice.contacts.call('AddContact', { listName: 'Friends', contact: 'bob' });
  t.like(added.entry, { nickname: 'Bob the Builder', status: 'authorized' });
  t.is(added.entry.presence.availability, 'offline');
  const [notice] = await bob.notices('contactAdded');
  t.like(notice, { address: 'alice@example.com' });
  t.deepEqual(notice!.attributes.alias, ['Ally']);
});

test('sending to list:<name> reaches every member, each with its own result', async (t) => {
  const gw = await startTestGateway({ accounts: ['alice', 'bob', 'carol', 'dave'] });
  t.teardown(() => gw.stop());
  const alice = await userOf(gw, 'alice');
  const bob = await userOf(gw, 'bob');
  const carol = await userOf(gw, 'carol');
  await alice.contacts.call('CreateContactList', { name: 'Friends' });
  await alice.contacts.call('AddContact', { listName: 'Friends', contact: 'bob' });
  await alice.contacts.call('AddContact', { listName: 'Friends', contact: 'carol' });

  const results = await send(alice, ['list:Friends', 'carol@example.com', 'dave@example.com', 'list:Nobody'], 'party at 8');
  t.deepEqual(
    results.map((r) => [r.address, r.status, r.errorCode]),
    [
      ['bob@example.com', 'queued', undefined],
      ['carol@example.com', 'queued', undefined],
      ['dave@example.com', 'queued', undefined],
      ['list:Nobody', 'failed', 'SVC3001'],
    ],
  );
  for (const member of [bob, carol]) {
    t.deepEqual(
      (await member.inbox()).filter((m) => m.kind === 'message').map((m) => m.text),
      ['party at 8'],
    );
  }
});
