// The Policy service as a user sees it (docs/operations.md "Quota status"): alice reads every limit that
// applies to her and what is left, adds a filter on her own inbox, pauses her delivery while bob writes,
// resumes it and gets the message. Leaves nothing behind, so it runs again. Uses the demo accounts of `npm start`.
//   node --import tsx examples/policy/quota.ts [http://127.0.0.1:8080]
import * as soap from 'soap';

const base = process.argv[2] ?? 'http://127.0.0.1:8080';

async function clientFor(service: string, user: string, password: string) {
  const client = await soap.createClientAsync(`${base}/wsi/${service}?wsdl`);
  client.setSecurity(new soap.WSSecurity(user, password, { passwordType: 'PasswordDigest', hasTimeStamp: false }));
  return client;
}

const asList = <T>(value: T | T[] | undefined): T[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]);

const policy = await clientFor('Policy', 'alice@example.com', 'alice-password');
const aliceIm = await clientFor('InstantMessaging', 'alice@example.com', 'alice-password');
const bobIm = await clientFor('InstantMessaging', 'bob@example.com', 'bob-password');

// Every limit that applies to alice, where it is set, what is left and when it resets.
const [status] = await policy.GetQuotaStatusAsync({});
for (const q of asList<any>(status.quota))
  console.log(
    `limit ${q.name} (${q.setAt}): ${q.limit ?? q.value}${q.remaining !== undefined ? `, ${q.remaining} left` : ''}${q.resetsAt ? `, resets ${new Date(q.resetsAt).toISOString()}` : ''}`,
  );
console.log(`submission allowed: ${status.submissionAllowed}, delivery: ${status.delivery}`);

// A filter on her own inbox: anything whose subject mentions a lottery is dropped quietly.
const [added] = await policy.AddInboxFilterAsync({ criteria: { subject: '*lottery*' }, treatment: 'discard' });
const [filters] = await policy.GetInboxFiltersAsync({});
console.log(
  `alice's filters: ${asList<any>(filters.filter)
    .map((f) => `#${f.id} subject ${f.criteria.subject} -> ${f.treatment}`)
    .join(', ')}`,
);

// Paused, her messages wait (up to their expiry); resumed, she gets them.
const [paused] = await policy.PauseDeliveryAsync({});
console.log(`delivery: ${paused.delivery}`);
await bobIm.SendMessagesAsync({ message: [{ recipient: ['alice@example.com'], content: Buffer.from('see you at 8').toString('base64') }] });
await bobIm.SendMessagesAsync({
  message: [{ recipient: ['alice@example.com'], subject: 'You won the lottery', content: Buffer.from('claim now').toString('base64') }],
});
const [whilePaused] = await aliceIm.GetMessagesAsync({});
console.log(`while paused alice gets ${asList(whilePaused.message).length} messages`);
const [resumed] = await policy.ResumeDeliveryAsync({});
console.log(`delivery: ${resumed.delivery}`);
const [inbox] = await aliceIm.GetMessagesAsync({});
for (const m of asList<any>(inbox.message))
  if (m.kind === 'message') console.log(`alice got: ${Buffer.from(m.content, 'base64').toString()}`);
if (inbox.ackToken) await aliceIm.AckMessagesAsync({ ackToken: inbox.ackToken });

await policy.RemoveInboxFilterAsync({ id: added.id });
console.log(`removed filter #${added.id}`);
