// node --import tsx bench/in-process-send-cpu.ts: CPU per message of SendMessages with the gateway and the
// client in ONE process, 4 requests at a time (PER messages per request, default 100; N messages' worth of
// requests, default 200 requests). No child processes and no other server in the measurement, so on a busy
// shared machine it moves less than storage-hot-path.ts's phases; the client's share (envelopes, HTTP) is the
// same in every checkout, so compare two checkouts by running this same file in both, alternating.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { configWith } from '../src/platform/config.js';
import { startGateway } from '../src/main/gateway.js';
import { sendMessages } from './envelopes.js';
import { soapPoster } from './http-client.js';
import { servicePath } from './scenarios.js';

const password = 'bench-password';
const sender = { address: 'sender@example.com', password };
const receivers = Array.from({ length: 8 }, (_, i) => `rx-${i}@example.com`);
const perRequest = Number(process.env.PER ?? 100);
const requests = Number(process.env.N ?? 200);
const concurrent = 4;

const dir = mkdtempSync(join(tmpdir(), 'imwsi-bench-cpu-'));
const gateway = await startGateway(configWith({ port: 0, db: join(dir, 'imwsi.sqlite'), domain: 'example.com', 'log-level': 'silent' }));
try {
  for (const address of [sender.address, ...receivers]) await gateway.accounts.add({ address, password });
  const poster = soapPoster(gateway.url, concurrent);
  const messages = Array.from({ length: perRequest }, (_, i) => ({ recipient: receivers[i % receivers.length]!, text: `m${i}` }));
  const send = async () => {
    const response = await poster.post(servicePath, sendMessages(sender, messages));
    if (response.status !== 200) throw new Error(`HTTP ${response.status}`);
  };
  for (let i = 0; i < 50; i++) await send();
  const started = process.cpuUsage();
  for (let i = 0; i < requests; i += concurrent) await Promise.all(Array.from({ length: concurrent }, send));
  const used = process.cpuUsage(started);
  process.stdout.write(
    `SendMessages x${perRequest}: ${((used.user + used.system) / requests / perRequest).toFixed(1)} us CPU/msg (gateway + client)\n`,
  );
  poster.close();
} finally {
  await gateway.close();
  rmSync(dir, { recursive: true, force: true });
}
