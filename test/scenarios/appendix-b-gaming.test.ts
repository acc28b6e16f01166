// Appendix B 7.5 and 7.6.1: the mobile gaming service A relays between U1 (an IM user of B1) and U2 (an IM
// user of B2), who address each other by their usernames in the game. A is a consumer at both providers;
// its directory lives at B1 (Directory service) and the relay reads it from there.
import test from 'ava';
import { decode, nodeSoapClient, text } from '../helpers/clients.js';
import { collect, lossyProxy, startDomain } from '../helpers/federation.js';
import { password, type TestGateway } from '../helpers/gateway.js';
import { createLogger } from '../../src/platform/logger.js';
import { parseRelayConfig } from '../../src/relay/relay-config.js';
import { type RelayedEvent, startRelay } from '../../src/relay/relay.js';

const consumer = (address: string) => ({ address, password: password(address), role: 'consumer' as const });

async function gamingSetup(t: import('ava').ExecutionContext) {
  const b1 = await startDomain('b1.example', ['u1', consumer('chess@b1.example')]);
  const b2 = await startDomain('b2.example', ['u2', consumer('chess@b2.example')]);
  // B2 is reached through a counting proxy, so the test can see how many SendMessages A made.
  const b2Front = await lossyProxy(b2.url);
  t.teardown(async () => {
    await b2Front.close();
    await Promise.all([b1.stop(), b2.stop()]);
  });
  // Pre-conditions: U1 and U2 registered their IM information with A.
  const directory = await nodeSoapClient(`${b1.url}/wsi/Directory?wsdl`, 'chess@b1.example');
  await directory.call('SetDirectoryEntries', {
    entry: [
      { username: 'KnightRider', address: 'u1@b1.example' },
      { username: 'QueenBee', address: 'u2@b2.example' },
    ],
  });
  const provider = (name: string, gateway: TestGateway | { url: string }, domain: string) => ({
    name,
    endpoint: `${gateway.url}/wsi/InstantMessaging`,
    username: `chess@${domain}`,
    password: password(`chess@${domain}`),
    domains: [domain],
  });
  const relayed: RelayedEvent[] = [];
  const startA = () =>
    startRelay(
      parseRelayConfig(
        {
          providers: [provider('b1', b1, 'b1.example'), provider('b2', b2Front, 'b2.example')],
          directory: { provider: 'b1' },
          waitSeconds: 1,
          metricsPort: 0,
        },
        '.',
      ),
      createLogger('silent'),
      { relayed: (e) => relayed.push(e) },
    );
  return { b1, b2, b2Front, relayed, startA };
}

test('7.5: U1 congratulates U2 by U2 game username; U2 receives it at B2; A sees the success status', async (t) => {
  const { b1, b2, relayed, startA } = await gamingSetup(t);
  const u1 = await nodeSoapClient(b1.wsdlUrl, 'u1@b1.example');
  const u2 = await nodeSoapClient(b2.wsdlUrl, 'u2@b2.example');

  // 7. U1 sends an instant message addressed to U2's username in the gaming service.
  await u1.call('SendMessages', { message: [{ recipient: ['chess+queenbee@b1.example'], content: text('Well played! Rematch?') }] });
  // 8-11. A polls B1, translates QueenBee to u2@b2.example and sends through B2.
  const a = await startA();
  t.teardown(() => a.stop());
  const [received] = await collect(u2, 1);
  t.is(decode(received!.content), 'Well played! Rematch?');
  t.is(received!.subject, 'from knightrider', 'U2 learns who wrote, by the game username');
  // 12. B2 answered A with the success status.
  t.like(relayed[0], { from: 'b1', to: 'b2', targetUsername: 'queenbee', address: 'u2@b2.example', status: 'queued' });
  // A's operator sees it in the relay's counters.
  t.regex(await (await fetch(`${a.metricsUrl}/metrics`)).text(), /imwsi_relay_relayed_total\{from="b1",to="b2"\} 1/);
});

test('7.6.1: two messages in the Instant Inbox of A go to B2 in one SendMessages', async (t) => {
  const { b1, b2, b2Front, relayed, startA } = await gamingSetup(t);
  const u1 = await nodeSoapClient(b1.wsdlUrl, 'u1@b1.example');
  const u2 = await nodeSoapClient(b2.wsdlUrl, 'u2@b2.example');
  // 1-2. U1 sends two messages to U2's username.
  await u1.call('SendMessages', { message: [{ recipient: ['chess+QueenBee@b1.example'], content: text('Good game.') }] });
  await u1.call('SendMessages', { message: [{ recipient: ['chess+QueenBee@b1.example'], content: text('Same time tomorrow?') }] });
  // 3-6. A gets both in one GetMessages and sends one SendMessages listing both.
  const a = await startA();
  t.teardown(() => a.stop());
  const received = await collect(u2, 2);
  t.deepEqual(
    received.map((m) => decode(m.content)),
    ['Good game.', 'Same time tomorrow?'],
  );
  t.is(b2Front.sends, 1, 'one SendMessages for both messages');
  // 7. B2 replied with the success status, for both.
  t.deepEqual(
    relayed.map((e) => e.status),
    ['queued', 'queued'],
  );
  t.is(a.counters.batches, 1);
});
