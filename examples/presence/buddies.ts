// Presence and contact lists with the demo accounts: alice adds bob to her "Friends" list, bob approves and
// adds her back in one call, bob publishes that he is away, and alice sees it both in GetPresence and as a
// presence notification in her inbox.
//   node --import tsx examples/presence/buddies.ts [http://127.0.0.1:8080]
// Runs again and again against the same server: it first puts both accounts back where a first run finds them
// (no "Friends" lists, each one's authorization of the other refused, so asking again makes it pending), and
// acknowledges every notice it reads.
import * as soap from 'soap';

const base = process.argv[2] ?? 'http://127.0.0.1:8080';
const asList = <T>(value: T | T[] | undefined | null): T[] => (value == null ? [] : Array.isArray(value) ? value : [value]);

async function clientFor(service: string, user: string, password: string) {
  const client = await soap.createClientAsync(`${base}/wsi/${service}?wsdl`);
  client.setSecurity(new soap.WSSecurity(user, password, { passwordType: 'PasswordDigest', hasTimeStamp: false }));
  return client;
}

const alice = {
  contacts: await clientFor('ContactLists', 'alice@example.com', 'alice-password'),
  presence: await clientFor('Presence', 'alice@example.com', 'alice-password'),
  inbox: await clientFor('InstantMessaging', 'alice@example.com', 'alice-password'),
};
const bob = {
  contacts: await clientFor('ContactLists', 'bob@example.com', 'bob-password'),
  presence: await clientFor('Presence', 'bob@example.com', 'bob-password'),
};

// A clean slate (an earlier run left the lists and the granted authorizations): delete the lists, and refuse
// each other, which a new request turns back into "pending".
for (const [who, other] of [
  [alice, 'bob@example.com'],
  [bob, 'alice@example.com'],
] as const) {
  await who.contacts.DeleteContactListAsync({ name: 'Friends' }).catch(() => undefined); // absent on a first run
  await who.presence.UpdateSubscriptionAuthorizationAsync({ decision: [{ watcher: other, grant: false }] });
}
await alice.presence.UnsubscribePresenceAsync({ presentity: 'bob@example.com' }).catch(() => undefined);

await alice.contacts.CreateContactListAsync({ name: 'Friends' });
const [added] = await alice.contacts.AddContactAsync({ listName: 'Friends', contact: 'bob@example.com', nickname: 'Bobby' });
console.log('alice added bob:', added.entry?.status);

// bob finds the request (also as an authorizationRequest notice in his inbox) and approves, adding alice back.
const [open] = await bob.presence.GetOpenSubscriptionsAsync({});
console.log(
  'bob has open requests from:',
  asList(open?.request)
    .map((r: any) => r.address)
    .join(', ') || 'none',
);
await bob.contacts.CreateContactListAsync({ name: 'Friends' });
if (asList(open?.request).length > 0) {
  const [answer] = await bob.contacts.AnswerAuthorizationAsync({
    requester: 'alice@example.com',
    approve: true,
    addBack: { listName: 'Friends' },
  });
  console.log('bob approved:', answer.status);
}

// `device` names the device bob publishes from (docs/accounts.md "Devices and sessions").
await bob.presence.PublishPresenceAsync({ availability: 'away', statusText: 'At lunch', device: 'phone', capability: ['text/plain'] });
const [seen] = await alice.presence.GetPresenceAsync({ presentity: ['bob@example.com'] });
const [result] = asList(seen?.result) as any[];
console.log(
  `alice sees bob: ${result.result}, ${result.presence?.availability} (${result.presence?.statusText}) on ${result.presence?.device}`,
);

const [inbox] = await alice.inbox.GetMessagesAsync({});
const notices = asList(inbox?.message)
  .filter((m: any) => m.kind === 'notification')
  .map((m: any) => m.notification.type);
console.log('alice inbox notices:', notices.join(', '));
if (inbox?.ackToken) await alice.inbox.AckMessagesAsync({ ackToken: inbox.ackToken });
process.exit(result.result === 'authorized' && result.presence?.availability === 'away' && notices.includes('presence') ? 0 : 1);
