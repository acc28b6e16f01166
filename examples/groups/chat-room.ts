// Groups with the demo accounts: alice opens the group "Lunch", bob joins under a screen name, they chat, bob
// reads the group's copies (each names the group and the sender's screen name) and the typing notice from his
// inbox, pages the history, and alice closes the group. Runs any number of times: each run is a new group.
//   node --import tsx examples/groups/chat-room.ts [http://127.0.0.1:8080]
import * as soap from 'soap';

const base = process.argv[2] ?? 'http://127.0.0.1:8080';
const asList = <T>(value: T | T[] | undefined): T[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]);
const text = (s: string) => Buffer.from(s, 'utf8').toString('base64');
const attribute = (m: any, name: string) => asList<any>(m.notification?.attribute).find((a) => a.name === name)?.value;

async function clientFor(service: string, user: string, password: string) {
  const client = await soap.createClientAsync(`${base}/wsi/${service}?wsdl`);
  client.setSecurity(new soap.WSSecurity(user, password, { passwordType: 'PasswordDigest', hasTimeStamp: false }));
  return client;
}

const alice = await clientFor('Groups', 'alice@example.com', 'alice-password');
const bob = await clientFor('Groups', 'bob@example.com', 'bob-password');
const bobInbox = await clientFor('InstantMessaging', 'bob@example.com', 'bob-password');

const [created] = await alice.CreateGroupAsync({
  name: 'Lunch',
  access: 'open',
  screenName: 'Alice',
  properties: { topic: 'where to eat' },
});
const groupId: string = created.group.groupId;
console.log(`alice created "${created.group.name}" (${groupId}), ${created.group.access}, ${created.group.visibility}`);

const [joined] = await bob.JoinGroupAsync({ groupId, screenName: 'Bobby' });
console.log(`bob ${joined.status} as ${joined.group.screenName}; members: ${joined.group.memberCount}`);

await alice.SetTypingAsync({ groupId, composing: true });
const [sent] = await alice.SendGroupMessageAsync({ groupId, content: text('Pizza at noon? 🍕') });
console.log(`alice sent message #${sent.groupSequence} of the group to ${sent.recipients} member(s)`);

// Bob reads his inbox like any other: the group's copy and the typing notice (kind=notification).
const [inbox] = await bobInbox.GetMessagesAsync({ waitSeconds: 5 });
for (const m of asList<any>(inbox.message)) {
  const type = m.notification?.type;
  if (type === 'groupMessage')
    console.log(
      `bob got from ${attribute(m, 'screenName')} in ${attribute(m, 'groupName')}: ${Buffer.from(m.content, 'base64').toString('utf8')}`,
    );
  else if (type === 'groupTyping') console.log(`bob sees: ${Buffer.from(m.content, 'base64').toString('utf8')}`);
}
if (inbox.ackToken) await bobInbox.AckMessagesAsync({ ackToken: inbox.ackToken });

await bob.SendGroupMessageAsync({ groupId, content: text('Yes!') });
const [page] = await bob.GetGroupHistoryAsync({ groupId, order: 'oldestFirst' });
console.log(
  'history:',
  asList<any>(page.entry)
    .map((e) =>
      e.kind === 'message' ? `${e.screenName}: ${Buffer.from(e.content, 'base64').toString('utf8')}` : `[${e.screenName} ${e.status}]`,
    )
    .join(' | '),
);

const [closed] = await alice.CloseGroupAsync({ groupId });
console.log(`alice closed the group: ${closed.closed}`);
