// The relay (Appendix B as a product feature) killed in the middle of a batch, then restarted: the
// destination accepted the batch but the relay died before acknowledging the source, so the batch comes back
// and is sent again under the same clientMessageIds: nothing lost, nothing duplicated, order kept.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import test from 'ava';
import { decode, nodeSoapClient, text } from '../helpers/clients.js';
import { password, tempDir } from '../helpers/gateway.js';
import { collect, lossyProxy, spawnRelay, startDomain } from '../helpers/federation.js';

const consumer = (address: string) => ({ address, password: password(address), role: 'consumer' as const });

test('a relay killed mid-batch and restarted loses and duplicates nothing', async (t) => {
  // A short lease at B1, so what the killed relay had leased comes back quickly.
  const b1 = await startDomain('b1.example', ['u1', consumer('game@b1.example')], { 'lease-seconds': 2 });
  const b2 = await startDomain('b2.example', ['u2', consumer('game@b2.example')]);
  const proxy = await lossyProxy(b2.url);
  t.teardown(async () => {
    await proxy.close();
    await Promise.all([b1.stop(), b2.stop()]);
  });
  const file = join(tempDir(), 'relay.json');
  const provider = (name: string, url: string, domain: string) => ({
    name,
    endpoint: `${url}/wsi/InstantMessaging`,
    username: `game@${domain}`,
    password: password(`game@${domain}`),
    domains: [domain],
  });
  writeFileSync(
    file,
    JSON.stringify({
      providers: [provider('b1', b1.url, 'b1.example'), provider('b2', proxy.url, 'b2.example')],
      directory: { entries: { u1chess: 'u1@b1.example', u2chess: 'u2@b2.example' } },
      waitSeconds: 1,
      retry: { baseMs: 50, maxMs: 500 },
      logLevel: 'warn',
    }),
  );

  const u1 = await nodeSoapClient(b1.wsdlUrl, 'u1@b1.example');
  const count = 30;
  for (let i = 1; i <= count; i++)
    await u1.call('SendMessages', { message: [{ recipient: ['game+u2chess@b1.example'], content: text(`move ${i}`) }] });

  const held = proxy.holdNextResponse();
  let relay = await spawnRelay(file);
  t.teardown(() => relay.kill());
  await held; // B2 stored the whole batch; its answer never reaches the relay
  await relay.kill();

  relay = await spawnRelay(file);
  const u2 = await nodeSoapClient(b2.wsdlUrl, 'u2@b2.example');
  const received = await collect(u2, count, 30);
  t.deepEqual(
    received.map((m) => decode(m.content)),
    Array.from({ length: count }, (_, i) => `move ${i + 1}`),
  );
  t.true(
    received.every((m) => m.subject === 'from u1chess'),
    'the sender is named by its game username',
  );
  t.deepEqual(await collect(u2, 1, 3), [], 'no duplicates after the redelivered batch was sent again');
  t.true(proxy.sends >= 2, 'the batch was sent again after the restart');
  // Everything was acknowledged at the source once the destination accepted it.
  const game = await nodeSoapClient(b1.wsdlUrl, 'game@b1.example');
  await relay.stop();
  t.deepEqual(await collect(game, 1, 3), []);
});
