// The use cases across two provider processes (issue 14): b1.example and b2.example are two `imwsi serve`
// processes on their own databases, peers of each other; every user talks to their own provider only, and
// neither notices the other is elsewhere (5.14.7). Played here: 5.1 (Bob in b1, Jan in b2), 5.6 (Betty in
// b1, Sam in b2, both flows), 5.11 (User A in b1, his new friends in b2) and 5.14 end to end, step 4 included.
import test from 'ava';
import { list, text } from '../helpers/clients.js';
import { type DomainEndpoint, twoProcessDomains, until } from '../helpers/federation.js';
import { send, type User, userOf } from '../helpers/social.js';

let b1: DomainEndpoint;
let b2: DomainEndpoint;
// One pair of provider processes for the whole file, each use case with its own people.
const stops: (() => Promise<unknown>)[] = [];
test.before(async () => {
  ({ b1, b2 } = await twoProcessDomains(
    { teardown: (fn) => stops.push(fn) },
    ['bob', 'betty', 'usera', 'anna'],
    ['jan', 'sam', 'crazygirl', 'curlytop', 'ben'],
  ));
});
test.after.always(() => Promise.all(stops.map((stop) => stop())));

const at = (endpoint: () => DomainEndpoint, name: string) => userOf(endpoint(), `${name}@${endpoint().domain}`);
/** One text message; the whole response (its message id for GetDeliveryStatus). */
const sendText = (from: User, to: string, words: string) =>
  from.im.call('SendMessages', { message: [{ recipient: [to], content: text(words) }] });
/** Reads the user's inbox (notices pass by) until a message arrives. */
const nextMessage = (user: User) =>
  until(async () => (await user.inbox(5)).find((m) => m.kind === 'message'), `a message for ${user.address}`);
const entriesOf = async (user: User, listName: string) =>
  list<any>(list<any>((await user.contacts.call('GetContactLists', { name: listName })).list)[0]?.entry);

/** A adds B to a list, asking B to authorize; B approves (adding A back if `addBackTo`); both see it granted. */
async function befriend(a: User, listName: string, b: User, nickname?: string, addBackTo?: string) {
  await a.contacts.call('AddContact', { listName, contact: b.address, nickname, authorizeContact: true });
  await until(async () => (await b.notices('authorizationRequest', 5)).length > 0, `the request in ${b.address}'s inbox`);
  await b.contacts.call('AnswerAuthorization', {
    requester: a.address,
    approve: true,
    ...(addBackTo ? { addBack: { listName: addBackTo } } : {}),
  });
  await until(async () => (await entriesOf(a, listName)).some((e) => e.address === b.address && e.status === 'authorized'), 'the grant');
}

test.serial('5.1 with two providers: Bob (b1) adds Jan (b2); she approves and adds him back; each sees the other', async (t) => {
  const bob = await at(() => b1, 'bob');
  const jan = await at(() => b2, 'jan');
  await bob.contacts.call('CreateContactList', { name: 'Buddies' });
  await jan.contacts.call('CreateContactList', { name: 'Dive buddies' });
  await jan.presence.call('PublishPresence', { availability: 'available', statusText: 'diving soon' });
  await befriend(bob, 'Buddies', jan, 'Scuba Jan', 'Dive buddies');
  const result = (await bob.notices(undefined, 5)).find((n) => n.type === 'authorizationResult');
  t.like(result, { address: 'jan@b2.example', status: 'granted' });
  await until(async () => (await entriesOf(bob, 'Buddies'))[0]?.presence?.availability === 'available', "Jan's presence in Bob's list");
  await until(async () => (await entriesOf(jan, 'Dive buddies'))[0]?.status === 'authorized', "Bob in Jan's list, authorized");
  t.like((await entriesOf(bob, 'Buddies'))[0], { address: 'jan@b2.example', nickname: 'Scuba Jan' });
});

test.serial('5.6 with two providers: Betty (b1) reaches Sam (b2); then Sam, busy, rejects: Betty hears "unavailable"', async (t) => {
  const betty = await at(() => b1, 'betty');
  const sam = await at(() => b2, 'sam');
  const question = 'sam r u coming this evening?';

  // Normal flow: Sam's privacy lets it through; he is notified and acknowledges; Betty's report says delivered.
  const sent = await sendText(betty, 'sam@b2.example', question);
  const messageId = list<any>(sent.result)[0].messageId;
  t.like(await nextMessage(sam), { sender: 'betty@b1.example', text: question });
  await sam.inbox();
  await until(async () => {
    const s = list<any>((await betty.im.call('GetDeliveryStatus', { messageId })).status)[0];
    return s?.status === 'delivered';
  }, 'delivered at b1');

  // Alternative flow: Sam rejects while unavailable and asks to hear of attempts; he is busy.
  await sam.contacts.call('UpdateSettings', { rejectWhileUnavailable: true, notifyAttemptedContacts: true });
  await sam.presence.call('PublishPresence', { availability: 'busy', statusText: 'washing the car' });
  const again = await sendText(betty, 'sam@b2.example', question);
  const againId = list<any>(again.result)[0].messageId;
  const status = await until(async () => {
    const s = list<any>((await betty.im.call('GetDeliveryStatus', { messageId: againId })).status)[0];
    return s?.status === 'unavailable' ? s : undefined;
  }, '"unavailable" at b1');
  t.regex(status.reason, /POL3002/);
  const attempts = (await sam.notices('attemptedContact', 5)).filter((n) => n.address === 'betty@b1.example');
  t.like(attempts[0], { reason: 'unavailable' });
});

test.serial('5.11 with two providers: User A (b1) adds Crazy-Girl and Curly-Top (b2), chats, then renames them', async (t) => {
  const userA = await at(() => b1, 'usera');
  const crazy = await at(() => b2, 'crazygirl');
  const curly = await at(() => b2, 'curlytop');
  // 3) User A adds both to his contact list (the requests cross to b2, where they approve).
  await userA.contacts.call('CreateContactList', { name: 'Disco' });
  await befriend(userA, 'Disco', crazy, 'Crazy-Girl');
  await befriend(userA, 'Disco', curly, 'Curly-Top');
  // 4) An IM session with both.
  await send(userA, ['crazygirl@b2.example', 'curlytop@b2.example'], 'dance club tomorrow?');
  for (const friend of [crazy, curly])
    t.like(
      (await friend.inbox(10)).find((m) => m.kind === 'message'),
      { sender: 'usera@b1.example' },
    );
  // 6-10) He renames them; each rename answers the updated list, addresses unchanged.
  const renamed = await userA.contacts.call('RenameContact', { listName: 'Disco', nickname: 'Crazy-Girl', newNickname: 'Pretty-Girl' });
  t.deepEqual(
    list<any>(renamed.list.entry).map((e) => [e.nickname, e.address]),
    [
      ['Curly-Top', 'curlytop@b2.example'],
      ['Pretty-Girl', 'crazygirl@b2.example'],
    ].sort((x, y) => x[0]!.localeCompare(y[0]!)),
  );
  const again = await userA.contacts.call('RenameContact', { listName: 'Disco', nickname: 'Curly-Top', newNickname: 'No-Hair' });
  t.deepEqual(
    list<any>(again.list.entry)
      .map((e) => e.nickname)
      .sort(),
    ['No-Hair', 'Pretty-Girl'],
  );
});

test.serial('5.14 end to end with two providers: contacts (2), presence both ways (4), invite and answer (5-9)', async (t) => {
  // 1) Anna connects to b1 and Ben to b2. 2) Each provider keeps its user's contact list.
  const anna = await at(() => b1, 'anna');
  const ben = await at(() => b2, 'ben');
  await anna.contacts.call('CreateContactList', { name: 'Friends' });
  await ben.contacts.call('CreateContactList', { name: 'Friends' });
  await befriend(anna, 'Friends', ben, 'Ben', 'Friends');

  // 4) Presence is pushed from each server to its client, both ways.
  await ben.presence.call('PublishPresence', { availability: 'available', statusText: 'at the concert' });
  await anna.presence.call('PublishPresence', { availability: 'busy', statusText: 'in a meeting' });
  const seen = async (viewer: User, who: string) =>
    list<any>((await viewer.presence.call('GetPresence', { presentity: [who] })).result)[0]?.presence?.availability;
  await until(async () => (await seen(anna, 'ben@b2.example')) === 'available', "Ben's presence at b1");
  await until(async () => (await seen(ben, 'anna@b1.example')) === 'busy', "Anna's presence at b2");
  t.true((await anna.notices('presence', 5)).some((n) => n.address === 'ben@b2.example' && n.status === 'available'));

  // 5-8) Anna picks Ben from her list and invites him; b1 routes it via b2.
  await send(anna, ['ben@b2.example'], 'Chat about the concert?');
  const invitation = await nextMessage(ben);
  t.like(invitation, { sender: 'anna@b1.example', text: 'Chat about the concert?' });
  // 9) Ben accepts and answers to the address as it appeared.
  await send(ben, [invitation.sender!], 'Yes, gladly!');
  t.like(await nextMessage(anna), { sender: 'ben@b2.example', text: 'Yes, gladly!' });
});
