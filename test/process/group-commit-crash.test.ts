// Group commit keeps what SendMessages acknowledges (README "Group commit"): many senders at once, the server
// SIGKILLed inside the COMMIT of a batch of their requests (test/helpers/kill-in-group-commit.mjs), restart.
// Every acknowledged message is there exactly once; none of the messages whose request got no answer is.
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import test from 'ava';
import { decode, type ImClient, list, nodeSoapClient, text } from '../helpers/clients.js';
import { password, tempDir } from '../helpers/gateway.js';
import { imwsi, serve } from '../helpers/process.js';

const senders = ['s1', 's2', 's3', 's4'].map((name) => `${name}@example.com`);
const recipients = ['bob@example.com', 'carol@example.com'];
const streamsPerSender = 4;
const killPreload = fileURLToPath(new URL('../helpers/kill-in-group-commit.mjs', import.meta.url));

async function drain(url: string, address: string): Promise<string[]> {
  const client = await nodeSoapClient(`${url}/wsi/InstantMessaging?wsdl`, address);
  const all: string[] = [];
  for (;;) {
    const batch = await client.call('GetMessages', { maxMessages: 500 });
    const messages = list(batch.message) as { content: string }[];
    if (messages.length === 0) return all;
    all.push(...messages.map((m) => decode(m.content)));
    await client.call('AckMessages', { ackToken: batch.ackToken });
  }
}

test('SIGKILL inside a group commit: every acknowledged message is there once, no unacknowledged one is', async (t) => {
  const flags = ['--db', join(tempDir(), 'group-commit.sqlite'), '--domain', 'example.com'];
  for (const user of [...senders, ...recipients]) imwsi(['users', 'add', user, '--password', password(user), ...flags]);
  const first = await serve(flags, {
    NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --import=${killPreload}`,
    IMWSI_KILL_AT_GROUP_COMMIT: '25',
  });
  t.teardown(() => first.kill());
  const wsdl = `${first.url}/wsi/InstantMessaging?wsdl`;
  const clients = new Map<string, ImClient>();
  for (const sender of senders) clients.set(sender, await nodeSoapClient(wsdl, sender));

  const acknowledged = new Set<string>();
  const unanswered = new Set<string>();
  // Each stream sends two messages per request, to both recipients, until a request gets no answer.
  await Promise.all(
    senders.flatMap((sender) =>
      Array.from({ length: streamsPerSender }, async (_, stream) => {
        for (let i = 0; ; i++) {
          const bodies = recipients.map((to) => `${sender}/${stream}/${i}/${to}`);
          try {
            await clients.get(sender)!.call('SendMessages', {
              message: recipients.map((to, k) => ({ recipient: [to], content: text(bodies[k]!) })),
            });
            for (const body of bodies) acknowledged.add(body);
          } catch {
            for (const body of bodies) unanswered.add(body);
            return;
          }
        }
      }),
    ),
  );
  await first.kill();
  t.is(first.child.signalCode, 'SIGKILL', 'the server died in the commit, not of anything else');
  t.true(unanswered.size >= 4, 'at least the two requests of the killed batch went unanswered');

  const second = await serve(flags);
  t.teardown(() => second.kill());
  const counts = new Map<string, number>();
  for (const to of recipients) for (const body of await drain(second.url, to)) counts.set(body, (counts.get(body) ?? 0) + 1);
  t.deepEqual(
    [...acknowledged].filter((body) => counts.get(body) !== 1),
    [],
    'acknowledged but missing or duplicated',
  );
  t.deepEqual(
    [...unanswered].filter((body) => counts.has(body)),
    [],
    'stored although never acknowledged',
  );
  t.is(counts.size, acknowledged.size, 'nothing else is stored');
  t.log(`${acknowledged.size} acknowledged, ${unanswered.size} unanswered when the server died`);
});
