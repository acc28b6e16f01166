// Presence and contact lists with the demo accounts: alice adds bob to her "Friends" list, bob approves and
// adds her back in one call, bob publishes that he is away, and alice sees it both in GetPresence and as a
// presence notification in her inbox.
//   node --import tsx examples/presence/buddies.ts [http://127.0.0.1:8080]
import * as soap from 'soap';

const base = process.argv[2] ?? 'http://127.0.0.1:8080';
const asList = <T>(value: T | T[] | undefined): T[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]);

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

await alice.contacts.CreateContactListAsync({ name: 'Friends' }).catch(() => undefined); // exists on a re-run
const [added] = await alice.contacts
  .AddContactAsync({ listName: 'Friends', contact: 'bob@example.com', nickname: 'Bobby' })
  .catch(async () => alice.contacts.GetContactListsAsync({ name: 'Friends' }));
console.log('alice added bob:', added.entry?.status ?? 'already in the list');

// bob finds the request (also as an authorizationRequest notice in his inbox) and approves, adding alice back.
const [open] = await bob.presence.GetOpenSubscriptionsAsync({});
console.log(
  'bob has open requests from:',
  asList(open.request)
    .map((r: any) => r.address)
    .join(', ') || 'none',
);
await bob.contacts.CreateContactListAsync({ name: 'Friends' }).catch(() => undefined);
if (asList(open.request).length > 0) {
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
const [result] = asList(seen.result) as any[];
console.log(
  `alice sees bob: ${result.result}, ${result.presence?.availability} (${result.presence?.statusText}) on ${result.presence?.device}`,
);

const [inbox] = await alice.inbox.GetMessagesAsync({});
const notices = asList(inbox.message)
  .filter((m: any) => m.kind === 'notification')
  .map((m: any) => m.notification.type);
console.log('alice inbox notices:', notices.join(', '));
if (inbox.ackToken) await alice.inbox.AckMessagesAsync({ ackToken: inbox.ackToken });
process.exit(result.result === 'authorized' && result.presence?.availability === 'away' && notices.includes('presence') ? 0 : 1);
