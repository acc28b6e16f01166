// npm run bench: measures the gateway against a do-nothing node-soap server on the same WSDL, both as child
// processes beside this load generator, and prints the figures as tables (see bench/README.md).
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Credentials } from './envelopes.js';
import { soapPoster } from './http-client.js';
import { idlePollers, type IdleResult } from './idle-pollers.js';
import { type BenchOptions, parseOptions } from './options.js';
import { type AccountRange, openPrefill } from './prefill.js';
import { step } from './progress.js';
import {
  drainThroughput,
  getLatency,
  type LatencyResult,
  longPollLatency,
  roundTripLatency,
  sendThroughput,
  type Throughput,
} from './scenarios.js';
import { addUser, type Memory, type ServerProcess, startBaselineProcess, startGatewayProcess } from './server-process.js';
import { fmtMb, fmtMs, fmtRate, fmtRatio, table } from './stats.js';

const benchPassword = 'bench-password';
const sender: Credentials = { address: 'sender@example.com', password: benchPassword };
const credentialsOf = (range: AccountRange): Credentials[] =>
  Array.from({ length: range.count }, (_, i) => ({ address: range.address(i), password: range.password }));

interface MainDatabase {
  readonly file: string;
  readonly receivers: Credentials[];
  readonly drainers: Credentials[];
  readonly listeners: Credentials[];
  readonly idle: Credentials[];
}

async function prepareMain(dir: string, options: BenchOptions): Promise<MainDatabase> {
  const file = join(dir, 'main', 'imwsi.sqlite');
  const prefill = await openPrefill(file);
  try {
    const receivers = await prefill.accounts('rx', 8, benchPassword);
    const drainers = await prefill.accounts('drain', 4, benchPassword);
    await prefill.inboxes(drainers, options.drainMessages);
    const listeners = await prefill.accounts('listen', 4, benchPassword);
    const idle = await prefill.accounts('idle', options.idleConsumers, benchPassword);
    return { file, receivers: credentialsOf(receivers), drainers: credentialsOf(drainers), listeners: credentialsOf(listeners), idle: credentialsOf(idle) };
  } finally {
    await prefill.close();
  }
}

/** A database whose probe inbox holds 5,000 messages while `others` more sit in 1,000 other inboxes. */
async function prepareProbe(dir: string, name: string, others: number): Promise<{ file: string; probe: Credentials }> {
  const file = join(dir, name, 'imwsi.sqlite');
  const prefill = await openPrefill(file);
  try {
    const probe = await prefill.accounts('probe', 1, benchPassword);
    await prefill.inboxes(probe, 5_000);
    const other = await prefill.accounts('other', Math.min(1_000, others), benchPassword);
    await prefill.inboxes(other, others);
    return { file, probe: credentialsOf(probe)[0]! };
  } finally {
    await prefill.close();
  }
}

interface Figures {
  send1: Throughput;
  send100: Throughput;
  drain100: Throughput;
  drain1000: Throughput;
  latency: LatencyResult;
  getSmall: LatencyResult;
  getLarge?: LatencyResult;
  memory: Memory;
}

async function withServer<T>(start: () => Promise<ServerProcess>, work: (server: ServerProcess) => Promise<T>): Promise<{ result: T; memory: Memory }> {
  const server = await start();
  try {
    const result = await work(server);
    return { result, memory: await server.stop() };
  } catch (error) {
    await server.stop().catch(() => undefined);
    throw error;
  }
}

async function throughputPhases(server: ServerProcess, options: BenchOptions, who: { receivers: Credentials[]; drainers: Credentials[]; listeners: Credentials[] }) {
  const poster = soapPoster(server.url, Math.max(options.connections, 64));
  const recipients = who.receivers.map((r) => r.address);
  const common = { sender, recipients, seconds: options.seconds, warmupSeconds: options.warmupSeconds };
  try {
    const send1 = await sendThroughput('SendMessages x1', poster, { ...common, perRequest: 1, connections: options.connections });
    const send100 = await sendThroughput('SendMessages x100', poster, { ...common, perRequest: 100, connections: options.connections });
    const drainers = who.drainers;
    const drain100 = await drainThroughput('GetMessages drain max 100', poster, { consumers: drainers, maxMessages: 100, seconds: options.seconds });
    const drain1000 = await drainThroughput('GetMessages drain max 1000', poster, { consumers: drainers, maxMessages: 1000, seconds: options.seconds });
    return { send1, send100, drain100, drain1000, poster };
  } catch (error) {
    poster.close();
    throw error;
  }
}

async function measureBaseline(options: BenchOptions, main: MainDatabase): Promise<Figures> {
  step('do-nothing node-soap server (same WSDL, constant responses)');
  const { result, memory } = await withServer(startBaselineProcess, async (server) => {
    const t = await throughputPhases(server, options, main);
    const load = { sender, receivers: main.listeners, perSecond: options.longPollRate, seconds: options.seconds };
    const latency = await roundTripLatency(`SendMessages round trip @${options.longPollRate}/s`, t.poster, load);
    const getSmall = await getLatency('GetMessages latency', t.poster, main.listeners[0]!, 500, 50);
    t.poster.close();
    return { ...t, latency, getSmall };
  });
  return { ...result, memory };
}

async function measureGateway(options: BenchOptions, main: MainDatabase): Promise<{ figures: Omit<Figures, 'getSmall'>; idle: IdleResult }> {
  step('imwsi gateway (SQLite file, WS-Security PasswordDigest per request)');
  const nodeOptions = options.cpuProfDir ? ['--cpu-prof', '--cpu-prof-dir', options.cpuProfDir] : [];
  const { result, memory } = await withServer(
    () => startGatewayProcess({ db: main.file, nodeOptions }),
    async (server) => {
      const t = await throughputPhases(server, options, main);
      const load = { sender, receivers: main.listeners, perSecond: options.longPollRate, seconds: options.seconds };
      const latency = await longPollLatency(`send -> long-poll receive @${options.longPollRate}/s`, t.poster, load);
      t.poster.close();
      const idle = await idlePollers(server, main.idle, 60);
      return { ...t, latency, idle };
    },
  );
  const { idle, ...figures } = result;
  return { figures: { ...figures, memory }, idle };
}

async function measureFlat(file: string, probe: Credentials, label: string): Promise<{ latency: LatencyResult; memory: Memory }> {
  const { result, memory } = await withServer(
    () => startGatewayProcess({ db: file }),
    async (server) => {
      const poster = soapPoster(server.url, 1);
      try {
        return await getLatency(label, poster, probe, 400, 50);
      } finally {
        poster.close();
      }
    },
  );
  return { latency: result, memory };
}

const met = (ok: boolean) => (ok ? 'met' : 'MISSED');

function report(options: BenchOptions, base: Figures, gw: Omit<Figures, 'getSmall'>, small: LatencyResult, large: LatencyResult, idle: IdleResult): string {
  const rate = (name: string, g: Throughput, b: Throughput, target: string, ok: boolean | undefined) =>
    [name, fmtRate(g.perSecond), fmtRate(b.perSecond), fmtRatio(g.perSecond / b.perSecond), target, ok === undefined ? '' : met(ok)];
  const ms = (name: string, g: number, b: number, target: string, ok: boolean | undefined) =>
    [name, fmtMs(g), fmtMs(b), fmtRatio(g / b), target, ok === undefined ? '' : met(ok)];
  const flatP50 = large.latency.p50 / small.latency.p50;
  const flatP99 = large.latency.p99 / small.latency.p99;
  const idleMb = idle.held.rssKb / 1024;
  const headline = table(
    ['figure', 'imwsi', 'do-nothing', 'ratio', 'target', ''],
    [
      rate('SendMessages, 1 msg/request (msgs/s)', gw.send1, base.send1, '>= 0.6x do-nothing', gw.send1.perSecond / base.send1.perSecond >= 0.6),
      rate('SendMessages, 100 msgs/request (msgs/s)', gw.send100, base.send100, '>= 50,000 msgs/s', gw.send100.perSecond >= 50_000),
      rate('GetMessages drain, max 100 + ack token (msgs/s)', gw.drain100, base.drain100, '', undefined),
      rate('GetMessages drain, max 1000 + ack token (msgs/s)', gw.drain1000, base.drain1000, '', undefined),
      ms(`send -> receive via long poll @${options.longPollRate}/s, p50 (ms)`, gw.latency.latency.p50, base.latency.latency.p50, '', undefined),
      ms(`send -> receive via long poll @${options.longPollRate}/s, p99 (ms)`, gw.latency.latency.p99, base.latency.latency.p99, '< 10 ms', gw.latency.latency.p99 < 10),
      ms(`GetMessages p50, ${fmtRate(options.otherSmall)} msgs in other inboxes (ms)`, small.latency.p50, base.getSmall.latency.p50, '', undefined),
      ms(`GetMessages p50, ${fmtRate(options.otherLarge)} msgs in other inboxes (ms)`, large.latency.p50, base.getSmall.latency.p50, `<= 1.5x of ${fmtRate(options.otherSmall)}`, flatP50 <= 1.5),
      ms(`GetMessages p99, ${fmtRate(options.otherSmall)} msgs in other inboxes (ms)`, small.latency.p99, base.getSmall.latency.p99, '', undefined),
      ms(`GetMessages p99, ${fmtRate(options.otherLarge)} msgs in other inboxes (ms)`, large.latency.p99, base.getSmall.latency.p99, `<= 1.5x of ${fmtRate(options.otherSmall)}`, flatP99 <= 1.5),
      [`${fmtRate(idle.consumers)} idle long polls held: server RSS (MB)`, fmtMb(idle.held.rssKb), '', '', '< 300 MB', met(idleMb < 300 && idle.waiting === idle.consumers)],
      ['server peak RSS over the run, VmHWM (MB)', fmtMb(gw.memory.peakKb), fmtMb(base.memory.peakKb), fmtRatio(gw.memory.peakKb / base.memory.peakKb), '', ''],
    ],
  );
  const detail = (name: string, g: Throughput, b: Throughput) => [
    name,
    fmtRate(g.requestsPerSecond),
    `${fmtMs(g.latency.p50)} / ${fmtMs(g.latency.p99)}`,
    String(g.errors),
    fmtRate(b.requestsPerSecond),
    `${fmtMs(b.latency.p50)} / ${fmtMs(b.latency.p99)}`,
    String(b.errors),
  ];
  const details = table(
    ['phase', 'imwsi req/s', 'imwsi p50/p99 ms', 'errors', 'do-nothing req/s', 'do-nothing p50/p99 ms', 'errors'],
    [
      detail(`SendMessages x1, ${options.connections} connections`, gw.send1, base.send1),
      detail(`SendMessages x100, ${options.connections} connections`, gw.send100, base.send100),
      detail('GetMessages drain max 100, 4 consumers', gw.drain100, base.drain100),
      detail('GetMessages drain max 1000, 4 consumers', gw.drain1000, base.drain1000),
    ],
  );
  const notes = [
    `long poll: ${gw.latency.received}/${gw.latency.sent} messages received, ${gw.latency.errors} errors, max ${fmtMs(gw.latency.latency.max)} ms` +
      (gw.latency.firstError ? ` (first error: ${gw.latency.firstError})` : ''),
    `flat latency: ${fmtRate(options.otherLarge)} vs ${fmtRate(options.otherSmall)} other messages: p50 ${fmtRatio(flatP50)}, p99 ${fmtRatio(flatP99)}`,
    `idle polls: ${idle.waiting}/${idle.consumers} waiting after ${idle.setupSeconds.toFixed(1)}s; RSS ${fmtMb(idle.before.rssKb)} MB before -> ${fmtMb(idle.held.rssKb)} MB held` +
      ` (${(((idle.held.rssKb - idle.before.rssKb) * 1024) / Math.max(1, idle.waiting) / 1024).toFixed(1)} kB per waiting poll)`,
    ...[gw.send1, gw.send100, gw.drain100, gw.drain1000].filter((t) => t.firstError).map((t) => `first error: ${t.firstError}`),
  ];
  return `${headline}\n\n${details}\n\n${notes.map((n) => `- ${n}`).join('\n')}\n`;
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const dir = mkdtempSync(join(tmpdir(), 'imwsi-bench-'));
  const started = Date.now();
  process.stderr.write(`imwsi bench: node ${process.version}, ${cpus().length} cpus, ${options.full ? 'full' : 'default'} sizes, work dir ${dir}\n`);
  try {
    step(`preparing databases: ${fmtRate(options.idleConsumers)} idle accounts, ${fmtRate(options.drainMessages)} messages to drain, ` +
      `${fmtRate(options.otherSmall)} and ${fmtRate(options.otherLarge)} messages in other inboxes`);
    const main = await prepareMain(dir, options);
    await addUser(main.file, sender.address, sender.password);
    const small = await prepareProbe(dir, 'flat-small', options.otherSmall);
    const large = await prepareProbe(dir, 'flat-large', options.otherLarge);

    const base = await measureBaseline(options, main);
    const gw = await measureGateway(options, main);
    step('GetMessages latency against the number of messages queued in other inboxes');
    const flatSmall = await measureFlat(small.file, small.probe, `GetMessages, ${fmtRate(options.otherSmall)} in other inboxes`);
    const flatLarge = await measureFlat(large.file, large.probe, `GetMessages, ${fmtRate(options.otherLarge)} in other inboxes`);

    const seconds = ((Date.now() - started) / 1000).toFixed(0);
    process.stdout.write(`\nimwsi bench (${new Date().toISOString()}, node ${process.version}, ${cpus().length} cpus, ${seconds}s)\n\n`);
    process.stdout.write(report(options, base, gw.figures, flatSmall.latency, flatLarge.latency, gw.idle));
  } finally {
    if (options.keep) process.stderr.write(`kept ${dir}\n`);
    else rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
