// Nothing acknowledged is lost: SIGKILL in the middle of a stream of sends, restart, and every message
// whose SendMessages had returned is there exactly once. SIGTERM shuts down without losing accepted ones.
import { join } from 'node:path';
import test from 'ava';
import { decode, list, nodeSoapClient, text } from '../helpers/clients.js';
import { password, tempDir } from '../helpers/gateway.js';
import { imwsi, serve } from '../helpers/process.js';

async function prepare(): Promise<string[]> {
  const flags = ['--db', join(tempDir(), 'durable.sqlite'), '--domain', 'example.com'];
  for (const user of ['alice@example.com', 'bob@example.com']) imwsi(['users', 'add', user, '--password', password(user), ...flags]);
  return flags;
}

/**
 * Sends numbered messages on 4 concurrent streams until the server dies. `reached` resolves once
 * `mark` sends were acknowledged (the moment to pull the plug); `done` gives all acknowledged ones.
 */
async function sendUntilDown(url: string, mark: number): Promise<{ reached: Promise<void>; done: Promise<Set<string>> }> {
  const alice = await nodeSoapClient(`${url}/wsi/InstantMessaging?wsdl`, 'alice@example.com');
  const acknowledged = new Set<string>();
  let signal: () => void;
  const reached = new Promise<void>((resolve) => (signal = resolve));
  const done = Promise.all(
    [0, 1, 2, 3].map(async (stream) => {
      for (let i = 0; ; i++) {
        const body = `s${stream}-m${i}`;
        try {
          await alice.call('SendMessages', { message: [{ recipient: ['bob@example.com'], content: text(body) }] });
          acknowledged.add(body);
          if (acknowledged.size === mark) signal();
        } catch {
          return;
        }
      }
    }),
  ).then(() => acknowledged);
  return { reached, done };
}

async function drain(url: string): Promise<string[]> {
  const bob = await nodeSoapClient(`${url}/wsi/InstantMessaging?wsdl`, 'bob@example.com');
  const all: string[] = [];
  for (;;) {
    const batch = await bob.call('GetMessages', { maxMessages: 500 });
    const messages = list(batch.message) as any[];
    if (messages.length === 0) return all;
    all.push(...messages.map((m) => decode(m.content)));
    await bob.call('AckMessages', { ackToken: batch.ackToken });
  }
}

test('after SIGKILL mid-stream, every acknowledged message is still there exactly once', async (t) => {
  const flags = await prepare();
  const first = await serve(flags);
  const sending = await sendUntilDown(first.url, 200);
  await sending.reached;
  await first.kill();
  t.is(first.child.signalCode, 'SIGKILL');
  const acknowledged = await sending.done;

  const second = await serve(flags);
  t.teardown(() => second.kill());
  const stored = await drain(second.url);
  const counts = new Map<string, number>();
  for (const body of stored) counts.set(body, (counts.get(body) ?? 0) + 1);
  t.deepEqual(
    [...acknowledged].filter((body) => counts.get(body) !== 1),
    [],
    'acknowledged but missing or duplicated',
  );
  t.deepEqual(
    [...counts].filter(([, n]) => n > 1),
    [],
    'duplicates',
  );
  t.log(`${acknowledged.size} acknowledged before SIGKILL; ${stored.length} stored after restart`);
});

test('SIGTERM stops the server cleanly and loses no accepted message', async (t) => {
  const flags = await prepare();
  const first = await serve(flags);
  const sending = await sendUntilDown(first.url, 100);
  await sending.reached;
  await first.stop();
  t.is(first.child.exitCode, 0);
  const acknowledged = await sending.done;
  const second = await serve(flags);
  t.teardown(() => second.kill());
  const stored = new Set(await drain(second.url));
  t.deepEqual(
    [...acknowledged].filter((body) => !stored.has(body)),
    [],
  );
});
