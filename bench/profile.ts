// `npm run bench -- --profile single-send`: runs one phase against the gateway under `node --cpu-prof`
// (and against both do-nothing servers, for the ratios), writes the profile, and prints where the gateway's
// CPU went, by layer (cpu-layers.ts), in microseconds per message, with the top frames of each layer.
import { mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { layers, splitByLayer } from './cpu-layers.js';
import type { Credentials } from './envelopes.js';
import { soapPoster } from './http-client.js';
import type { BenchOptions, ProfileName } from './options.js';
import { step } from './progress.js';
import { sendThroughput, type Target, type Throughput } from './scenarios.js';
import { addUser, type ServerProcess, startBaselineProcess, startGatewayProcess, startPlainProcess } from './server-process.js';
import { fmtRate, fmtRatio, table } from './stats.js';

const password = 'bench-password';
const sender: Credentials = { address: 'sender@example.com', password };

const monotonicMicros = () => Number(process.hrtime.bigint() / 1000n);

async function measure(server: ServerProcess, label: string, options: BenchOptions, recipients: readonly string[]) {
  const poster = soapPoster(server.url, Math.max(options.connections, 64));
  const target: Target = { poster, cpuSeconds: () => server.cpuSeconds() };
  try {
    const load = { sender, recipients, perRequest: 1, connections: options.connections, seconds: options.seconds };
    await sendThroughput(`${label} (warm-up)`, target, { ...load, seconds: 2, warmupSeconds: 0 });
    const from = monotonicMicros();
    const result = await sendThroughput(label, target, { ...load, warmupSeconds: 0 });
    return { result, from, to: monotonicMicros() };
  } finally {
    poster.close();
  }
}

/** Runs the profile and returns the report to print. */
export async function runProfile(name: ProfileName, options: BenchOptions, dir: string): Promise<string> {
  step(`profile ${name}: gateway under --cpu-prof, SendMessages x1 for ${options.seconds}s`);
  const db = join(dir, 'profile', 'imwsi.sqlite');
  mkdirSync(join(dir, 'profile'), { recursive: true });
  // Made by the gateway's own CLI (not prefilled with this checkout's schema), so --gateway-root can profile
  // an older checkout's gateway with this same bench: a before/after split by layer.
  const recipients = Array.from({ length: 8 }, (_, i) => `rx-${i}@example.com`);
  for (const address of [sender.address, ...recipients]) await addUser(db, address, password, options.gatewayRoot);
  const profileDir = options.cpuProfDir ?? join(dir, 'cpu-profile');
  mkdirSync(profileDir, { recursive: true });

  const reference = async (start: () => Promise<ServerProcess>, label: string): Promise<Throughput> => {
    const server = await start();
    try {
      return (await measure(server, label, options, recipients)).result;
    } finally {
      await server.stop();
    }
  };
  const nodeSoap = await reference(startBaselineProcess, 'node soap do-nothing: SendMessages x1');
  const plain = await reference(startPlainProcess, 'plain http do-nothing: SendMessages x1');
  const gateway = await startGatewayProcess({ db, root: options.gatewayRoot, nodeOptions: ['--cpu-prof', '--cpu-prof-dir', profileDir] });
  let gw: Awaited<ReturnType<typeof measure>>;
  try {
    gw = await measure(gateway, 'imwsi: SendMessages x1', options, recipients);
  } finally {
    await gateway.stop();
  }
  const file = join(profileDir, readdirSync(profileDir).find((f) => f.endsWith('.cpuprofile'))!);
  let split = splitByLayer(file, gw.from, gw.to);
  const windowed = split.samples > 0;
  if (!windowed) split = splitByLayer(file);

  const perMsg = gw.result.cpuMicrosPerUnit;
  const share = (us: number) => us / Math.max(1, split.busyMicros);
  const rows = layers
    .filter((l) => (split.micros.get(l) ?? 0) > 0)
    .map((l) => {
      const us = split.micros.get(l)!;
      const top = (split.topFrames.get(l) ?? []).map(([frame, t]) => `${frame} ${(100 * share(t)).toFixed(1)}%`).join('; ');
      return [l, fmtRate(share(us) * perMsg), `${(100 * share(us)).toFixed(1)}%`, top];
    });
  const rates = table(
    ['SendMessages x1', 'msgs/s', 'server CPU us/msg', 'CPU ratio to imwsi'],
    [
      ['imwsi', fmtRate(gw.result.perSecond), fmtRate(perMsg), '1.00x'],
      [
        'node soap do-nothing',
        fmtRate(nodeSoap.perSecond),
        fmtRate(nodeSoap.cpuMicrosPerUnit),
        fmtRatio(nodeSoap.cpuMicrosPerUnit / perMsg),
      ],
      ['plain http do-nothing', fmtRate(plain.perSecond), fmtRate(plain.cpuMicrosPerUnit), fmtRatio(plain.cpuMicrosPerUnit / perMsg)],
    ],
  );
  const byLayer = table(['layer', 'us/msg', 'share', 'top frames (self time, share of busy time)'], rows);
  return (
    `\n${rates}\n\n${byLayer}\n\n` +
    `- gateway: ${options.gatewayRoot ?? 'this checkout'}; profile: ${file}\n` +
    `- ${split.samples} samples ${windowed ? 'in the measured phase' : 'over the whole process (the phase window matched no sample)'}; ` +
    `us/msg is the layer's share of busy samples times the server CPU per message (/proc), idle excluded\n` +
    `- a sample is charged to the nearest frame (from the leaf) of a known layer; anything under a commit is "commit"; ` +
    `"http" is node's HTTP and sockets, express and the edge's request plumbing; "other" is V8 and node internals ` +
    `with no caller of ours on the stack (timers, promise jobs)\n`
  );
}
