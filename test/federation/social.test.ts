// Presence and subscriptions across provider domains (docs/federation.md "Social events across domains"): two
// gateways linked both ways, users talking to their own gateway only, real SOAP between the gateways.
import test from 'ava';
import { list } from '../helpers/clients.js';
import { addPeer, startDomain, twoDomains, until } from '../helpers/federation.js';
import type { TestGateway } from '../helpers/gateway.js';
import { userOf } from '../helpers/social.js';

const presenceOf = async (user: { presence: { call(op: string, args: object): Promise<any> } }, who: string) =>
  list<any>((await user.presence.call('GetPresence', { presentity: [who] })).result)[0];

test('a subscription crosses domains: pending until the remote presentity answers, then presence both ways', async (t) => {
  const { b1, b2 } = await twoDomains(t, ['bob'], ['jan']);
  const bob = await userOf(b1, 'bob@b1.example');
  const jan = await userOf(b2, 'jan@b2.example');

  // Jan asks to see Bob's presence: pending at her gateway, a request in Bob's inbox at his.
  const subscribed = list<any>((await jan.presence.call('SubscribePresence', { presentity: ['bob@b1.example'] })).result);
  t.like(subscribed[0], { address: 'bob@b1.example', status: 'pending' });
  const [request] = await bob.notices('subscriptionRequest', 10);
  t.like(request, { address: 'jan@b2.example', status: 'pending' });
  t.like(list<any>((await bob.presence.call('GetWatchers', {})).watcher)[0], { address: 'jan@b2.example', status: 'pending' });
  t.like(await presenceOf(jan, 'bob@b1.example'), { result: 'notAuthorized' });

  // Bob publishes before answering: nothing crosses, b2 never learns a presence Bob did not authorize.
  await bob.presence.call('PublishPresence', { availability: 'busy', statusText: 'in a meeting' });
  t.deepEqual(await jan.notices('presence', 1), []);

  // Bob grants: Jan hears the answer, then Bob's presence, as the usual notices.
  await bob.presence.call('UpdateSubscriptionAuthorization', { decision: [{ watcher: 'jan@b2.example', grant: true }] });
  const answers = await jan.notices(undefined, 10);
  t.like(answers[0], { type: 'subscriptionUpdate', address: 'bob@b1.example', status: 'granted' });
  const presence = answers.find((n) => n.type === 'presence') ?? (await jan.notices('presence', 10))[0];
  t.like(presence, { address: 'bob@b1.example', status: 'busy' });
  t.deepEqual(presence!.attributes.statusText, ['in a meeting']);
  // GetPresence answers from the copy b1 keeps fresh.
  t.like(await presenceOf(jan, 'bob@b1.example'), { result: 'authorized', presence: { availability: 'busy', statusText: 'in a meeting' } });

  // A later publication reaches Jan too.
  await bob.presence.call('PublishPresence', { availability: 'available' });
  const [next] = await jan.notices('presence', 10);
  t.like(next, { address: 'bob@b1.example', status: 'available' });
  await until(async () => (await presenceOf(jan, 'bob@b1.example')).presence?.availability === 'available', 'the cached copy');

  // Jan unsubscribes: b1 stops telling her (Bob's watcher entry keeps his decision, unsubscribed).
  await jan.presence.call('UnsubscribePresence', { presentity: ['bob@b1.example'] });
  await until(async () => {
    const watcher = list<any>((await bob.presence.call('GetWatchers', {})).watcher)[0];
    return watcher?.subscribed === false || watcher?.subscribed === 'false';
  }, 'the withdrawal at b1');
  await bob.presence.call('PublishPresence', { availability: 'away' });
  t.deepEqual(await jan.notices('presence', 1), []);
});

test('sip: and im: URIs name user@domain; a domain without a route is named as a domain', async (t) => {
  const { b1 } = await twoDomains(t, ['bob', 'carol'], ['jan']);
  const bob = await userOf(b1, 'bob@b1.example');
  const results = list<any>(
    (await bob.presence.call('SubscribePresence', { presentity: ['sip:carol@b1.example', 'im:jan@b2.example', 'u2@nowhere.example'] }))
      .result,
  );
  t.like(results[0], { address: 'carol@b1.example' });
  t.like(results[1], { address: 'jan@b2.example', status: 'pending' });
  t.like(results[2], { address: 'u2@nowhere.example', status: 'failed', errorCode: 'SVC2004' });
  t.regex(results[2].errorText, /No route to domain nowhere\.example$/);
  const sent = await bob.im.call('SendMessages', { message: [{ recipient: ['sip:carol@b1.example'], content: 'aGk=' }] });
  t.like(list<any>(list<any>(sent.result)[0].recipientResult)[0], { address: 'carol@b1.example', status: 'queued' });
});

test('5.1 across domains: Bob (b1) adds Jan (b2), Jan approves and adds him back, each sees the other', async (t) => {
  const { b1, b2 } = await twoDomains(t, ['bob'], ['jan']);
  const bob = await userOf(b1, 'bob@b1.example');
  const jan = await userOf(b2, 'jan@b2.example');
  await bob.contacts.call('CreateContactList', { name: 'Buddies' });
  const added = await bob.contacts.call('AddContact', { listName: 'Buddies', contact: 'jan@b2.example', authorizeContact: true });
  t.like(added.entry, { address: 'jan@b2.example', status: 'pending' });

  // The authorization request crosses to Jan's inbox at b2, with the add-back invitation.
  const [request] = await jan.notices('authorizationRequest', 10);
  t.like(request, { address: 'bob@b1.example', status: 'pending' });
  t.deepEqual(request!.attributes.addBackInvited, ['true']);

  await jan.contacts.call('CreateContactList', { name: 'Dive buddies' });
  await jan.presence.call('PublishPresence', { availability: 'available', statusText: 'diving soon' });
  const answer = await jan.contacts.call('AnswerAuthorization', {
    requester: 'bob@b1.example',
    approve: true,
    addBack: { listName: 'Dive buddies', nickname: 'Bob' },
  });
  t.is(answer.status, 'granted');

  // Bob hears "approved, and added you back", then Jan's presence; his list shows her available.
  const notices = await bob.notices(undefined, 10);
  const result = notices.find((n) => n.type === 'authorizationResult');
  t.like(result, { address: 'jan@b2.example', status: 'granted' });
  t.deepEqual(result!.attributes.addedBack, ['true']);
  await until(async () => {
    const [buddies] = list<any>((await bob.contacts.call('GetContactLists', { name: 'Buddies' })).list);
    return list<any>(buddies.entry)[0]?.presence?.availability === 'available';
  }, "Jan's presence in Bob's list");

  // Bob pre-authorized Jan (authorizeContact), so b1 grants her add-back at once: her entry becomes authorized
  // when b1's answer crosses, and Bob's presence follows.
  await until(async () => {
    const [dive] = list<any>((await jan.contacts.call('GetContactLists', { name: 'Dive buddies' })).list);
    return list<any>(dive.entry)[0]?.status === 'authorized';
  }, "Bob's entry authorized in Jan's list");
  const janNotices = await jan.notices(undefined, 10);
  // The grant came from Bob's up-front authorization (a subscription-type decision at b1), so it reads as one.
  t.true(janNotices.some((n) => n.type === 'subscriptionUpdate' && n.address === 'bob@b1.example' && n.status === 'granted'));
});

test("blocking a peer domain's user refuses their messages and hides their subscription requests, silently", async (t) => {
  const { b1, b2 } = await twoDomains(t, ['bob'], ['spammer']);
  const bob = await userOf(b1, 'bob@b1.example');
  const spammer = await userOf(b2, 'spammer@b2.example');
  const spam = (content: string) => spammer.im.call('SendMessages', { message: [{ recipient: ['bob@b1.example'], content }] });

  await spam('YnV5IG5vdw==');
  const [first] = await bob.inbox(10);
  t.like(first, { kind: 'message', sender: 'spammer@b2.example' });

  await bob.contacts.call('BlockUser', { user: 'spammer@b2.example' });
  const sent = await spam('YnV5IG5vdyEh');
  const messageId = list<any>(sent.result)[0].messageId;
  // The spammer's gateway hears the same refusal a block and "contacts only" give (POL3001): no block revealed.
  const status = await until(async () => {
    const s = list<any>((await spammer.im.call('GetDeliveryStatus', { messageId })).status)[0];
    return s?.status === 'failed' ? s : undefined;
  }, 'the refusal at b2');
  t.regex(status.reason, /POL3001/);
  await spammer.presence.call('SubscribePresence', { presentity: ['bob@b1.example'] });
  await until(async () => list<any>((await bob.presence.call('GetWatchers', {})).watcher).length > 0, 'the request at b1');
  t.deepEqual(await bob.inbox(1), [], 'neither the message nor a subscription request reached Bob');
});

test('a peer without the Federation service: the queued request is answered refused (SVC8001), later ones fail at once', async (t) => {
  const b1 = await startDomain('b1.example', ['bob']);
  const old = await startDomain('b2.example', ['jan']);
  t.teardown(() => Promise.all([b1.stop(), old.stop()]));
  // An older gateway: b1 reaches it under a path where no Federation service exists (its WSDL answers 404).
  await addPeer(
    { ...b1, domain: 'b1.example' },
    {
      domain: 'b2.example',
      endpoint: `${old.url}/legacy/InstantMessaging`,
      username: 'peer-b1@b2.example',
      password: 'unused-password',
    },
  );
  const bob = await userOf(b1, 'bob@b1.example');

  const [queued] = list<any>((await bob.presence.call('SubscribePresence', { presentity: ['jan@b2.example'] })).result);
  t.like(queued, { address: 'jan@b2.example', status: 'pending' });
  const [answer] = await bob.notices('subscriptionUpdate', 15);
  t.like(answer, { address: 'jan@b2.example', status: 'refused' });
  t.regex(answer!.attributes.reason![0]!, /^SVC8001: Peer domain b2\.example does not support presence/);

  const [now] = list<any>((await bob.presence.call('SubscribePresence', { presentity: ['jan@b2.example'] })).result);
  t.like(now, { address: 'jan@b2.example', status: 'failed', errorCode: 'SVC8001' });
  // A block exchanges nothing with the peer: it still works.
  const blocks = await bob.contacts.call('BlockUser', { user: 'jan@b2.example' });
  t.deepEqual(list(blocks.blockList.user), ['jan@b2.example']);
});

export type { TestGateway };
