// Quickstart: alice sends one message to two inboxes (bob's and her own), bob long-polls for it and
// acknowledges it, and alice reads the delivery report. Uses the demo accounts of `npm start`.
//   node --import tsx examples/quickstart/quickstart.ts [http://127.0.0.1:8080]
import * as soap from 'soap';

const base = process.argv[2] ?? 'http://127.0.0.1:8080';
const wsdl = `${base}/wsi/InstantMessaging?wsdl`;

async function clientFor(user: string, password: string) {
  const client = await soap.createClientAsync(wsdl);
  // WS-Security UsernameToken with PasswordDigest, as the gateway requires.
  client.setSecurity(new soap.WSSecurity(user, password, { passwordType: 'PasswordDigest', hasTimeStamp: false }));
  return client;
}

const asList = <T>(value: T | T[] | undefined): T[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]);

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
    },
  ],
});
const result = asList(sent.result)[0];
console.log(
  `alice sent ${result.messageId}:`,
  asList(result.recipientResult)
    .map((r: any) => `${r.address}=${r.status}`)
    .join(', '),
);

const [inbox] = await bobsPoll;
for (const message of asList(inbox.message) as any[]) {
  console.log(`bob got #${message.sequenceNumber} from ${message.sender}: ${Buffer.from(message.content, 'base64').toString('utf8')}`);
}
const [ack] = await bob.AckMessagesAsync({ ackToken: inbox.ackToken });
console.log(`bob acknowledged ${ack.acknowledged} message(s)`);

const [status] = await alice.GetDeliveryStatusAsync({ messageId: result.messageId });
console.log(
  'delivery status:',
  asList(status.status)
    .map((s: any) => `${s.address}=${s.status}`)
    .join(', '),
);

// Alice's own inbox holds her copy and the delivery report for bob.
const [own] = await alice.GetMessagesAsync({});
const kinds = asList(own.message).map((m: any) => (m.kind === 'notification' ? `report(${m.notification.status})` : 'message'));
console.log('alice inbox:', kinds.join(', '));
await alice.AckMessagesAsync({ ackToken: own.ackToken });

const ok = asList(inbox.message).length === 1 && kinds.includes('report(delivered)');
process.exit(ok ? 0 : 1);
