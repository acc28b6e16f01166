// The relay's memory across a simulated peer outage (issue 10): a relay whose providers refuse every
// connection retries with its backoff for the whole outage. The schedule is compressed: the retry policy and
// the outage are divided by --scale (a 10-minute outage with retry 500 ms..30 s becomes 6 s with 5..300 ms),
// so a run takes seconds and makes the same number of retries as the real outage would. Prints the heap after
// a full GC at the start, each simulated minute and the end, the retries made, and any MaxListeners warning.
//   node --expose-gc --import tsx bench/relay-outage.ts [--minutes 10] [--scale 100] [--base-ms 500] [--max-ms 30000] [--providers 2]
import { once } from 'node:events';
import { createServer } from 'node:net';
import { parseArgs } from 'node:util';
import { createLogger } from '../src/platform/logger.js';
import { parseRelayConfig } from '../src/relay/relay-config.js';
import { startRelay } from '../src/relay/relay.js';

const { values } = parseArgs({
  options: {
    minutes: { type: 'string', default: '10' },
    scale: { type: 'string', default: '100' },
    'base-ms': { type: 'string', default: '500' },
    'max-ms': { type: 'string', default: '30000' },
    providers: { type: 'string', default: '2' },
  },
});
const minutes = Number(values.minutes);
const scale = Number(values.scale);
const baseMs = Math.max(1, Math.round(Number(values['base-ms']) / scale));
const maxMs = Math.max(1, Math.round(Number(values['max-ms']) / scale));
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with node --expose-gc');

const warnings: string[] = [];
process.on('warning', (w) => warnings.push(`${w.name}: ${w.message}`));

const server = createServer().listen(0, '127.0.0.1');
await once(server, 'listening');
const { port } = server.address() as { port: number };
server.close();

const heapMb = () => {
  gc();
  return process.memoryUsage().heapUsed / 1024 / 1024;
};
const providers = Array.from({ length: Number(values.providers) }, (_, i) => ({
  name: `p${i}`,
  endpoint: `http://127.0.0.1:${port}/wsi/InstantMessaging`,
  username: `chess@p${i}.example`,
  password: 'chess-password',
  domains: [`p${i}.example`],
}));
const before = heapMb();
const relay = await startRelay(
  parseRelayConfig({ providers, directory: { entries: {} }, retry: { baseMs, maxMs } }, '.'),
  createLogger('silent'),
);
const started = Date.now();
console.log(
  `simulated outage: ${minutes} min at 1/${scale} speed (${((minutes * 60) / scale).toFixed(1)} s), retry ${baseMs}..${maxMs} ms, ${providers.length} providers`,
);
console.log(`heap at start ${before.toFixed(2)} MB`);
const samples: number[] = [];
for (let minute = 1; minute <= minutes; minute++) {
  await new Promise((resolve) => setTimeout(resolve, started + (minute * 60_000) / scale - Date.now()));
  const heap = heapMb();
  samples.push(heap);
  console.log(
    `minute ${String(minute).padStart(2)}: ${String(relay.counters.sendFailures).padStart(6)} retries, heap ${heap.toFixed(2)} MB`,
  );
}
await relay.stop();
const growth = samples.at(-1)! - samples[0]!;
console.log(
  `retries ${relay.counters.sendFailures}; heap from minute 1 to ${minutes}: ${growth >= 0 ? '+' : ''}${(growth * 1024).toFixed(0)} KB; ` +
    `MaxListeners warnings: ${warnings.filter((w) => w.startsWith('MaxListeners')).length}`,
);
for (const w of warnings) console.log(`  ${w}`);
