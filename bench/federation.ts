// Federation throughput (issue 4): messages/s from B1 to B2 through the forwarder (5.14), and through the
// relay (Appendix B). B1 and B2 are `imwsi serve` processes on loopback with their own SQLite files; this
// process drives the load (and runs the relay). The bench runner calls federationBench(); run alone
// (`node --import tsx bench/federation.ts [--messages N]`) it prints a small table.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { imwsiCli, killProviders, type Provider, serveProvider, stopProvider } from '../examples/gaming/providers.js';
import { parseRelayConfig } from '../src/relay/relay-config.js';
import { startRelay } from '../src/relay/relay.js';
import { type WsiClient, wsiClient, type WsiOutboundMessage } from '../src/modules/federation/index.js';
import { createLogger } from '../src/platform/logger.js';

export interface FederationBenchOptions {
  /** Messages per measurement. */
  readonly messages: number;
  /** Messages per SendMessages the load generator makes. */
  readonly perRequest: number;
  /** Concurrent SendMessages from the load generator. */
  readonly concurrency: number;
  /** Recipients per forwarded SendMessages (the forwarder's batch, --forward-batch). */
  readonly forwardBatch: number;
  /** Messages per relay GetMessages / SendMessages. */
  readonly relayBatch: number;
}

export interface FederationBenchRow {
  readonly path: string;
  readonly messages: number;
  readonly seconds: number;
  readonly perSecond: number;
}

export const defaultFederationBenchOptions: FederationBenchOptions = {
  messages: 2000,
  perRequest: 50,
  concurrency: 4,
  forwardBatch: 100,
  relayBatch: 100,
};

const password = 'bench-password';
const payload = Buffer.from('x'.repeat(200)).toString('base64');

async function sendAll(client: WsiClient, recipient: string, options: FederationBenchOptions): Promise<void> {
  const requests = Math.ceil(options.messages / options.perRequest);
  let next = 0;
  const worker = async () => {
    while (next < requests) {
      const i = next++;
      const size = Math.min(options.perRequest, options.messages - i * options.perRequest);
      const batch: WsiOutboundMessage[] = Array.from({ length: size }, () => ({
        recipient: [recipient],
        contentType: 'text/plain',
        content: payload,
      }));
      await client.sendMessages(batch);
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, worker));
}

/** Drains an inbox until `count` messages were read and acknowledged. */
async function drain(client: WsiClient, count: number): Promise<void> {
  let got = 0;
  let ackToken: string | undefined;
  while (got < count) {
    const batch = await client.getMessages({ maxMessages: 1000, waitSeconds: 10, ...(ackToken ? { ackToken } : {}) });
    if (batch.messages.length === 0 && !batch.ackToken) {
      if (ackToken === undefined) throw new Error(`drain stalled at ${got}/${count}`);
    }
    got += batch.messages.length;
    ackToken = batch.ackToken;
  }
  if (ackToken) await client.ackMessages(ackToken, []);
}

const row = (path: string, messages: number, started: bigint): FederationBenchRow => {
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return { path, messages, seconds, perSecond: messages / seconds };
};

export async function federationBench(options: FederationBenchOptions = defaultFederationBenchOptions): Promise<FederationBenchRow[]> {
  const dir = mkdtempSync(join(tmpdir(), 'imwsi-bench-fed-'));
  const providers: Provider[] = [];
  try {
    const b1Args = [
      '--domain',
      'b1.example',
      '--db',
      join(dir, 'b1.sqlite'),
      '--forward-batch',
      String(options.forwardBatch),
      '--forward-tick-ms',
      '100',
    ];
    const b2Args = ['--domain', 'b2.example', '--db', join(dir, 'b2.sqlite')];
    for (const [address, role] of [
      ['sender@b1.example', 'user'],
      ['game@b1.example', 'consumer'],
    ] as const)
      imwsiCli(['users', 'add', address, '--password', password, '--role', role, ...b1Args], true);
    for (const [address, role] of [
      ['rx@b2.example', 'user'],
      ['relayed@b2.example', 'user'],
      ['game@b2.example', 'consumer'],
      ['peer-b1@b2.example', 'user'],
    ] as const)
      imwsiCli(['users', 'add', address, '--password', password, '--role', role, ...b2Args], true);
    imwsiCli(['peers', 'add', 'b1.example', '--inbound-account', 'peer-b1@b2.example', ...b2Args], true);
    const b2 = await serveProvider('b2.example', b2Args);
    providers.push(b2);
    imwsiCli(
      [
        'peers',
        'add',
        'b2.example',
        '--endpoint',
        `${b2.url}/wsi/InstantMessaging`,
        '--username',
        'peer-b1@b2.example',
        '--password',
        password,
        ...b1Args,
      ],
      true,
    );
    const b1 = await serveProvider('b1.example', b1Args);
    providers.push(b1);
    const at = (p: Provider, username: string) => wsiClient({ endpoint: `${p.url}/wsi/InstantMessaging`, username, password });
    const sender = at(b1, 'sender@b1.example');
    const rows: FederationBenchRow[] = [];

    // Forwarder: sent at B1, read at B2; the clock runs from the first send to the last message read.
    let started = process.hrtime.bigint();
    await Promise.all([sendAll(sender, 'rx@b2.example', options), drain(at(b2, 'rx@b2.example'), options.messages)]);
    rows.push(row(`forwarder B1 -> B2 (batch ${options.forwardBatch})`, options.messages, started));

    // Relay: a backlog in A's inbox at B1 (sub-addressed), relayed to B2; clock from relay start to last accepted.
    await sendAll(sender, 'game+player@b1.example', options);
    const provider = (p: Provider) => ({
      name: p.domain.split('.')[0]!,
      endpoint: `${p.url}/wsi/InstantMessaging`,
      username: `game@${p.domain}`,
      password,
      domains: [p.domain],
    });
    const config = parseRelayConfig(
      {
        providers: [provider(b1), provider(b2)],
        directory: { entries: { player: 'relayed@b2.example' } },
        batchSize: options.relayBatch,
        waitSeconds: 1,
        logLevel: 'silent',
      },
      dir,
    );
    started = process.hrtime.bigint();
    const relay = await startRelay(config, createLogger('silent'));
    await drain(at(b2, 'relayed@b2.example'), options.messages);
    rows.push(row(`relay B1 -> B2 (batch ${options.relayBatch})`, relay.counters.relayed, started));
    await relay.stop();
    return rows;
  } finally {
    for (const p of providers) await stopProvider(p).catch(() => undefined);
    killProviders();
    rmSync(dir, { recursive: true, force: true });
  }
}

export function federationTable(rows: readonly FederationBenchRow[]): string {
  const header = ['path', 'messages', 'seconds', 'messages/s'];
  const lines = rows.map((r) => [r.path, String(r.messages), r.seconds.toFixed(2), r.perSecond.toFixed(0)]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const fmt = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [fmt(header), widths.map((w) => '-'.repeat(w)).join('  '), ...lines.map(fmt)].join('\n');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const flag = (name: string) => {
    const i = process.argv.indexOf(`--${name}`);
    return i > 0 ? Number(process.argv[i + 1]) : undefined;
  };
  const options = {
    ...defaultFederationBenchOptions,
    ...(flag('messages') ? { messages: flag('messages')! } : {}),
    ...(flag('forward-batch') ? { forwardBatch: flag('forward-batch')! } : {}),
    ...(flag('relay-batch') ? { relayBatch: flag('relay-batch')! } : {}),
  };
  process.stdout.write(`${federationTable(await federationBench(options))}\n`);
}
