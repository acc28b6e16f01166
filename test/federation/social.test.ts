// Presence and subscriptions across provider domains (docs/federation.md "Social events across domains"): two
// gateways linked both ways, users talking to their own gateway only, real SOAP between the gateways.
import test from 'ava';
import { list } from '../helpers/clients.js';
import { link, startDomain, until } from '../helpers/federation.js';
import type { TestGateway } from '../helpers/gateway.js';
import { userOf } from '../helpers/social.js';

async function twoDomains(t: { teardown(fn: () => Promise<unknown>): void }, b1Users: string[], b2Users: string[]) {
  const b1 = await startDomain('b1.example', b1Users);
  const b2 = await startDomain('b2.example', b2Users);
  t.teardown(() => Promise.all([b1.stop(), b2.stop()]));
  await link({ ...b1, domain: 'b1.example' }, { ...b2, domain: 'b2.example' });
  await link({ ...b2, domain: 'b2.example' }, { ...b1, domain: 'b1.example' });
  return { b1, b2 };
}

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

export type { TestGateway };
