// Appendix B, end to end: two IM providers, b1.example and b2.example (two `imwsi serve` processes, two
// ports, two SQLite files), and the chess service A with its relay. Plays 7.5, then 7.6.1, then an outage of
// B2, then presence across the two providers (U2 at B2 sees U1's presence at B1), then a group across them
// (U1's "Chess club" at B1 with U2 from B2), printing each step. Exits 0 only if every step checked out (test/examples/gaming.test.ts runs it).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseRelayConfig } from '../../src/relay/relay-config.js';
import { type RelayedEvent, startRelay } from '../../src/relay/relay.js';
import { type WsiClient, wsiClient } from '../../src/modules/federation/index.js';
import { createLogger } from '../../src/platform/logger.js';
import { groupAcrossProviders } from './group.js';
import { peerAccounts, peerRoute, presenceAcrossProviders } from './presence.js';
import { imwsiCli as imwsi, killProviders, type Provider, root, serveProvider, stopProvider as stop } from './providers.js';

const work = mkdtempSync(join(tmpdir(), 'imwsi-gaming-'));
let failures = 0;

const say = (who: string, text: string) => process.stdout.write(`  ${who.padEnd(4)} ${text}\n`);
const section = (title: string) => process.stdout.write(`\n== ${title}\n`);
function check(ok: boolean, what: string): void {
  process.stdout.write(`  ${ok ? 'ok  ' : 'FAIL'} ${what}\n`);
  if (!ok) failures++;
}

const client = (provider: Provider, address: string, password: string): WsiClient =>
  wsiClient({ endpoint: `${provider.url}/wsi/InstantMessaging`, username: address, password });
const text = (s: string) => Buffer.from(s, 'utf8').toString('base64');
const decode = (b64: string) => Buffer.from(b64, 'base64').toString('utf8');

/** Long-polls an inbox until `count` messages arrived, acknowledging them. */
async function receive(inbox: WsiClient, count: number, seconds = 20): Promise<{ text: string; subject: string | undefined }[]> {
  const got: { text: string; subject: string | undefined }[] = [];
  const deadline = Date.now() + seconds * 1000;
  while (got.length < count && Date.now() < deadline) {
    const batch = await inbox.getMessages({ waitSeconds: Math.max(1, Math.ceil((deadline - Date.now()) / 1000)) });
    got.push(...batch.messages.map((m) => ({ text: decode(m.content), subject: m.subject })));
    if (batch.ackToken) await inbox.ackMessages(batch.ackToken, []);
  }
  return got;
}

async function main(): Promise<void> {
  section('Setting up: providers B1 and B2, the chess service A (a consumer at both), players U1 and U2');
  const passwords = { u1: 'u1-password', u2: 'u2-password', chess: 'chess-password', peer: 'peer-password' };
  const b1Args = ['--domain', 'b1.example', '--db', join(work, 'b1.sqlite'), '--lease-seconds', '5'];
  const b2Args = ['--domain', 'b2.example', '--db', join(work, 'b2.sqlite')];
  imwsi(['users', 'add', 'u1@b1.example', '--password', passwords.u1, ...b1Args]);
  imwsi(['users', 'add', 'chess@b1.example', '--role', 'consumer', '--password', passwords.chess, ...b1Args]);
  imwsi(['users', 'add', 'u2@b2.example', '--password', passwords.u2, ...b2Args]);
  imwsi(['users', 'add', 'chess@b2.example', '--role', 'consumer', '--password', passwords.chess, ...b2Args]);
  // U1 and U2 registered their IM information with A: A's directory, kept at B1.
  imwsi(['directory', 'import', 'chess@b1.example', join(root, 'examples/gaming/players.csv'), ...b1Args]);
  // B1 and B2 are also peers of each other, for presence across them (the last section).
  for (const args of peerAccounts('b1.example', 'b2.example', passwords.peer)) imwsi([...args, ...b1Args], true);
  for (const args of peerAccounts('b2.example', 'b1.example', passwords.peer)) imwsi([...args, ...b2Args], true);
  const b1 = await serveProvider('b1.example', b1Args);
  let b2 = await serveProvider('b2.example', b2Args);
  say('B1', `b1.example at ${b1.url}`);
  say('B2', `b2.example at ${b2.url}`);

  const relayed: RelayedEvent[] = [];
  const providerOf = (p: Provider) => ({
    name: p.domain.split('.')[0]!,
    endpoint: `${p.url}/wsi/InstantMessaging`,
    username: `chess@${p.domain}`,
    password: passwords.chess,
    domains: [p.domain],
  });
  const relayConfig = parseRelayConfig(
    {
      providers: [providerOf(b1), providerOf(b2)],
      directory: { provider: 'b1' },
      waitSeconds: 2,
      retry: { baseMs: 200, maxMs: 2000 },
      logLevel: 'error',
    },
    work,
  );
  let a = await startRelay(relayConfig, createLogger('error'), {
    relayed: (e) => {
      relayed.push(e);
      say('A', `relayed ${e.targetUsername} -> ${e.address} through ${e.to}: ${e.to.toUpperCase()} answered "${e.status}"`);
    },
  });
  say('A', 'relay running: long-polling its inbox at B1 and B2');
  const u1 = client(b1, 'u1@b1.example', passwords.u1);
  const u2 = client(b2, 'u2@b2.example', passwords.u2);
  const aAtB2 = client(b2, 'chess@b2.example', passwords.chess);

  section('7.5 Normal flow');
  say('U1', 'to QueenBee (chess+queenbee@b1.example): "Congratulations, what a defence!"');
  await u1.sendMessages([
    {
      recipient: ['chess+queenbee@b1.example'],
      contentType: 'text/plain; charset=utf-8',
      content: text('Congratulations, what a defence!'),
    },
  ]);
  const first = await receive(u2, 1);
  say('U2', `received at B2: "${first[0]?.text}" (${first[0]?.subject})`);
  check(first.length === 1 && first[0]!.text === 'Congratulations, what a defence!', 'U2 received the message at B2');
  check(first[0]?.subject === 'from knightrider', "U2 sees the sender's game username");
  check(relayed.length === 1 && relayed[0]!.status === 'queued', 'A got the success status from B2');
  const status = await aAtB2.deliveryStatus(relayed[0]!.destinationMessageId);
  say('A', `GetDeliveryStatus at B2: ${JSON.stringify(status)}`);
  check(status['u2@b2.example'] === 'delivered', 'B2 reports the message delivered to U2');

  section('7.6.1 Multiple messages in the Instant Inbox');
  await a.stop();
  say('A', 'relay paused, so both messages wait in its inbox at B1');
  say('U1', 'to QueenBee: "Rematch tomorrow?"');
  await u1.sendMessages([{ recipient: ['chess+QueenBee@b1.example'], contentType: 'text/plain', content: text('Rematch tomorrow?') }]);
  say('U1', 'to QueenBee: "Same time, 8 pm."');
  await u1.sendMessages([{ recipient: ['chess+QueenBee@b1.example'], contentType: 'text/plain', content: text('Same time, 8 pm.') }]);
  const before = relayed.length;
  a = await startRelay(relayConfig, createLogger('error'), {
    relayed: (e) => (relayed.push(e), say('A', `relayed ${e.targetUsername} -> ${e.address}: "${e.status}"`)),
  });
  const two = await receive(u2, 2);
  for (const m of two) say('U2', `received: "${m.text}"`);
  check(two.map((m) => m.text).join('|') === 'Rematch tomorrow?|Same time, 8 pm.', 'U2 received both, in order');
  check(a.counters.batches === 1 && relayed.length - before === 2, 'A fetched both with one GetMessages and sent them in one SendMessages');

  section('Provider outage: B2 stops, messages queue, B2 restarts');
  await stop(b2);
  say('B2', 'stopped');
  for (const move of ['Nf3', 'd4', 'c4']) {
    say('U1', `to QueenBee: "${move}"`);
    await u1.sendMessages([{ recipient: ['chess+queenbee@b1.example'], contentType: 'text/plain', content: text(move) }]);
  }
  const failuresBefore = a.counters.sendFailures;
  while (a.counters.sendFailures === failuresBefore) await new Promise((resolve) => setTimeout(resolve, 100));
  say('A', `cannot reach B2 (${a.counters.sendFailures} failed attempts so far); the messages stay unacknowledged in A's inbox at B1`);
  b2 = await serveProvider('b2.example', b2Args, b2.port);
  say('B2', 'restarted');
  const queued = await receive(u2, 3);
  for (const m of queued) say('U2', `received: "${m.text}"`);
  check(queued.map((m) => m.text).join('|') === 'Nf3|d4|c4', 'U2 received all three, in order, after B2 returned');
  const extra = await receive(u2, 1, 2);
  check(extra.length === 0, 'nothing was delivered twice');

  section('Presence across the providers (5.14 step 4)');
  imwsi([...peerRoute(b1, b2, passwords.peer), ...b1Args], true);
  imwsi([...peerRoute(b2, b1, passwords.peer), ...b2Args], true);
  say('B1', 'and B2 route to each other (imwsi peers add ... --endpoint)');
  await presenceAcrossProviders(b1, b2, passwords, say, check);

  section('A group across the providers (B1 hosts it, U2 takes part from B2)');
  await groupAcrossProviders(b1, b2, passwords, say, check);
  await a.stop();
  await stop(b1);
  await stop(b2);
}

try {
  await main();
} catch (error) {
  failures++;
  process.stdout.write(`  FAIL ${(error as Error).stack ?? String(error)}\n`);
} finally {
  killProviders();
  rmSync(work, { recursive: true, force: true });
}
process.stdout.write(failures === 0 ? '\nAll steps checked out.\n' : `\n${failures} step(s) failed.\n`);
process.exit(failures === 0 ? 0 : 1);
