// The relay during a long peer outage: every retry waits on the shutdown signal, and a wait that ends by its
// timer must take its abort listener with it. Before issue 10 each retry left one behind, so Node warned
// "MaxListenersExceededWarning: 11 abort listeners" and the heap grew for as long as the outage lasted.
import { once } from 'node:events';
import { createServer } from 'node:net';
import test from 'ava';
import { createLogger } from '../../src/platform/logger.js';
import { parseRelayConfig } from '../../src/relay/relay-config.js';
import { startRelay } from '../../src/relay/relay.js';

/** A port nothing listens on: bound once, then closed, so every call is refused at once. */
async function deadPort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  server.close();
  await once(server, 'close');
  return port;
}

test('a relay retrying through a peer outage adds no listener per retry (no MaxListenersExceededWarning)', async (t) => {
  const port = await deadPort();
  const warnings: Error[] = [];
  const onWarning = (warning: Error) => warnings.push(warning);
  process.on('warning', onWarning);
  t.teardown(() => void process.off('warning', onWarning));
  const provider = (name: string) => ({
    name,
    endpoint: `http://127.0.0.1:${port}/wsi/InstantMessaging`,
    username: `chess@${name}.example`,
    password: 'chess-password',
    domains: [`${name}.example`],
  });
  const relay = await startRelay(
    parseRelayConfig({ providers: [provider('b1'), provider('b2')], directory: { entries: {} }, retry: { baseMs: 1, maxMs: 2 } }, '.'),
    createLogger('silent'),
  );
  // Far more retries than the default limit of 10 listeners per signal.
  while (relay.counters.sendFailures < 60) await new Promise((resolve) => setTimeout(resolve, 20));
  await relay.stop();
  await new Promise((resolve) => setImmediate(resolve)); // warnings are emitted on the next tick
  t.true(relay.counters.sendFailures >= 60);
  t.deepEqual(
    warnings.filter((w) => w.name === 'MaxListenersExceededWarning').map((w) => w.message),
    [],
  );
});
