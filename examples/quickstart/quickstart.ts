// Quickstart: alice sends one message to two inboxes (bob's and her own), bob long-polls for it and
// acknowledges it, and alice reads the delivery report. Uses the demo accounts of `npm start`.
//   node --import tsx examples/quickstart/quickstart.ts [http://127.0.0.1:8080]
// Runs again and again against the same server: each run sends with a fresh clientMessageId, looks only for
// its own message and its own report, and acknowledges everything it reads (older messages included).
import { randomUUID } from 'node:crypto';
import * as soap from 'soap';

const base = process.argv[2] ?? 'http://127.0.0.1:8080';
const wsdl = `${base}/wsi/InstantMessaging?wsdl`;

async function clientFor(user: string, password: string) {
  const client = await soap.createClientAsync(wsdl);
  // WS-Security UsernameToken with PasswordDigest, as the gateway requires.
  client.setSecurity(new soap.WSSecurity(user, password, { passwordType: 'PasswordDigest', hasTimeStamp: false }));
  return client;
}

const asList = <T>(value: T | T[] | undefined | null): T[] => (value == null ? [] : Array.isArray(value) ? value : [value]);

/** Long-polls an inbox until `wanted` matches a message, acknowledging every batch it reads. */
async function readUntil(client: soap.Client, wanted: (m: any) => boolean, first?: Promise<any>): Promise<any> {
  const deadline = Date.now() + 20_000;
  let poll = first ?? client.GetMessagesAsync({ waitSeconds: 20 });
  while (Date.now() < deadline) {
    const [batch] = await poll;
    if (batch?.ackToken) await client.AckMessagesAsync({ ackToken: batch.ackToken });
    const found = asList(batch?.message).find(wanted);
    if (found) return found;
    poll = client.GetMessagesAsync({ waitSeconds: Math.max(1, Math.ceil((deadline - Date.now()) / 1000)) });
  }
  return undefined;
}

const alice = await clientFor('alice@example.com', 'alice-password');
const bob = await clientFor('bob@example.com', 'bob-password');

// Bob starts waiting first (long poll, up to 20 s): he gets the message the moment it is stored.
const bobsPoll = bob.GetMessagesAsync({ waitSeconds: 20 });

const [sent] = await alice.SendMessagesAsync({
  message: [
    {
      recipient: ['bob@example.com', 'alice@example.com'],
      content: Buffer.from('Hello Bob! 👋 こんにちは').toString('base64'),
      subject: 'quickstart',
      deliveryReport: true,
      // A fresh id each run: the same clientMessageId again would be the same message (sent once).
      clientMessageId: `quickstart-${randomUUID()}`,
    },
  ],
});
const result = asList(sent.result)[0] as any;
console.log(
  `alice sent ${result.messageId}:`,
  asList(result.recipientResult)
    .map((r: any) => `${r.address}=${r.status}`)
    .join(', '),
);

// Bob's inbox may hold older messages (earlier runs, other senders): he reads on until this one arrives.
const mine = await readUntil(bob, (m) => m.messageId === result.messageId, bobsPoll);
if (mine) console.log(`bob got #${mine.sequenceNumber} from ${mine.sender}: ${Buffer.from(mine.content, 'base64').toString('utf8')}`);
console.log(`bob acknowledged it: ${mine ? 'yes' : 'no, it never arrived'}`);

const [status] = await alice.GetDeliveryStatusAsync({ messageId: result.messageId });
console.log(
  'delivery status:',
  asList(status.status)
    .map((s: any) => `${s.address}=${s.status}`)
    .join(', '),
);

// Alice's own inbox holds her copy and the delivery report for bob: she reads on until the report for this
// message arrives (it names the message in messageId), acknowledging as she goes.
const report = await readUntil(
  alice,
  (m) => m.kind === 'notification' && m.notification?.messageId === result.messageId && m.notification?.address === 'bob@example.com',
);
console.log(`alice got the report: ${report ? `report(${report.notification.status})` : 'none'}`);

process.exit(mine && report?.notification.status === 'delivered' ? 0 : 1);
