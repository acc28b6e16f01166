// npm run bench: measures the gateway against a do-nothing node-soap server on the same WSDL, both as child
// processes beside this load generator, and prints the figures as tables (see bench/README.md).
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Credentials } from './envelopes.js';
import { federationBench, federationTable } from './federation.js';
import { groupsTable, runGroupsBench } from './groups.js';
import { postgresTable, runPostgresBench } from './postgres.js';
import { idlePollers, type IdleResult } from './idle-pollers.js';
import { type BenchOptions, parseOptions } from './options.js';
import { policyBench, policyTable } from './policy.js';
import { type AccountRange, openPrefill } from './prefill.js';
import { formatRows as formatPresenceRows, runPresenceBench } from './presence.js';
import { runPresenceFederationBench } from './presence-federation.js';
import { runGroupFederationBench } from './group-federation.js';
import { runProfile } from './profile.js';
import { step } from './progress.js';
import {
  drainThroughput,
  getLatency,
  type LatencyResult,
  longPollLatency,
  roundTripLatency,
  sendThroughput,
  type Target,
  type Throughput,
} from './scenarios.js';
import {
  addUser,
  type Memory,
  type ServerProcess,
  startBaselineProcess,
  startGatewayProcess,
  startPlainProcess,
  targetOf,
} from './server-process.js';
import { fmtMb, fmtMs, fmtRate, fmtRatio, table } from './stats.js';

const benchPassword = 'bench-password';
const sender: Credentials = { address: 'sender@example.com', password: benchPassword };
const credentialsOf = (range: AccountRange): Credentials[] =>
  Array.from({ length: range.count }, (_, i) => ({ address: range.address(i), password: range.password }));

interface MainDatabase {
  readonly file: string;
  readonly receivers: Credentials[];
  readonly drainers100: Credentials[];
  readonly drainers1000: Credentials[];
  /** Four long-poll receivers per latency phase: a batch left leased by one phase (its last poll is cut
   * off) comes back when its lease runs out, and must not land in the next phase's figures. */
  readonly listeners: Credentials[][];
  readonly idle: Credentials[];
}

async function prepareMain(dir: string, options: BenchOptions): Promise<MainDatabase> {
  const file = join(dir, 'main', 'imwsi.sqlite');
  const prefill = await openPrefill(file);
  try {
    const receivers = await prefill.accounts('rx', 8, benchPassword);
    // Two sets of four deep inboxes, one per drain phase, so the second does not find the first's leftovers.
    const drainers100 = await prefill.accounts('drain-a', 4, benchPassword);
    await prefill.inboxes(drainers100, options.drainMessages);
    const drainers1000 = await prefill.accounts('drain-b', 4, benchPassword);
    await prefill.inboxes(drainers1000, options.drainMessages);
    const listeners = [];
    for (const phase of ['a', 'b', 'c']) listeners.push(credentialsOf(await prefill.accounts(`listen-${phase}`, 4, benchPassword)));
    const idle = await prefill.accounts('idle', options.idleConsumers, benchPassword);
    return {
      file,
      receivers: credentialsOf(receivers),
      drainers100: credentialsOf(drainers100),
      drainers1000: credentialsOf(drainers1000),
      listeners,
      idle: credentialsOf(idle),
    };
  } finally {
    await prefill.close();
  }
}

/** A database whose probe inbox holds 12,000 messages while `others` more sit in up to 1,000 other inboxes. */
interface ProbeDatabase {
  readonly file: string;
  readonly probe: Credentials;
}

async function prepareProbe(dir: string, name: string, others: number): Promise<ProbeDatabase> {
  const file = join(dir, name, 'imwsi.sqlite');
  const prefill = await openPrefill(file);
  try {
    const probe = await prefill.accounts('probe', 1, benchPassword);
    await prefill.inboxes(probe, 12_000);
    const other = await prefill.accounts('other', Math.min(1_000, others), benchPassword);
    await prefill.inboxes(other, others);
    return { file, probe: credentialsOf(probe)[0]! };
  } finally {
    await prefill.close();
  }
}

const lowRate = (options: BenchOptions) => Math.max(1, Math.round(options.longPollRate / 5));

interface Servers {
  readonly gateway: ServerProcess;
  readonly baseline: ServerProcess;
  readonly plain: ServerProcess;
}

/** Which server a phase runs against: the gateway or one of the two do-nothing references. */
type Who = 'do-nothing' | 'plain http' | 'imwsi';

/** Runs one phase against both do-nothing servers, then against the gateway: all see the same machine. */
async function pair<T>(servers: Servers, sockets: number, phase: (target: Target, who: Who) => Promise<T>): Promise<Paired<T>> {
  const b = targetOf(servers.baseline, sockets);
  const p = targetOf(servers.plain, sockets);
  const g = targetOf(servers.gateway, sockets);
  try {
    const base = await phase(b, 'do-nothing');
    const plain = await phase(p, 'plain http');
    const gw = await phase(g, 'imwsi');
    return { base, plain, gw };
  } finally {
    b.close();
    p.close();
    g.close();
  }
}

interface Measured {
  readonly send1: Paired<Throughput>;
  readonly send100: Paired<Throughput>;
  readonly drain100: Paired<Throughput>;
  readonly drain1000: Paired<Throughput>;
  readonly latency1: Paired<LatencyResult>;
  readonly latency10: Paired<LatencyResult>;
  /** 1 message per request at a fifth of the rate: the latency when the gateway is not saturated. */
  readonly latencyLow: Paired<LatencyResult>;
  readonly getBase: LatencyResult;
  readonly getPlain: LatencyResult;
  readonly gatewayPeak: Memory;
  readonly baselinePeak: Memory;
  readonly plainPeak: Memory;
}

/** One phase's figures on the gateway and on both do-nothing references, from the same run. */
interface Paired<T> {
  readonly base: T;
  readonly plain: T;
  readonly gw: T;
}

async function measureMain(options: BenchOptions, main: MainDatabase): Promise<Measured> {
  step('imwsi gateway (SQLite file, WS-Security PasswordDigest per request) and the do-nothing node-soap server, phase by phase');
  const nodeOptions = options.cpuProfDir ? ['--cpu-prof', '--cpu-prof-dir', options.cpuProfDir] : [];
  const gateway = await startGatewayProcess({ db: main.file, nodeOptions });
  const [baseline, plain] = await Promise.all([startBaselineProcess(), startPlainProcess()]).catch(async (error: unknown) => {
    await gateway.stop();
    throw error;
  });
  const servers = { gateway, baseline, plain };
  try {
    const sockets = Math.max(options.connections, 64);
    const recipients = main.receivers.map((r) => r.address);
    const common = { sender, recipients, seconds: options.seconds, warmupSeconds: options.warmupSeconds, connections: options.connections };
    const send1 = await pair(servers, sockets, (t, who) => sendThroughput(`${who}: SendMessages x1`, t, { ...common, perRequest: 1 }));
    const send100 = await pair(servers, sockets, (t, who) =>
      sendThroughput(`${who}: SendMessages x100`, t, { ...common, perRequest: 100 }),
    );
    const drain = (drainers: Credentials[], maxMessages: number) => (t: Target, who: string) =>
      drainThroughput(`${who}: GetMessages drain max ${maxMessages}`, t, { consumers: drainers, maxMessages, seconds: options.seconds });
    const drain100 = await pair(servers, sockets, drain(main.drainers100, 100));
    const drain1000 = await pair(servers, sockets, drain(main.drainers1000, 1000));
    const rate = options.longPollRate;
    const latency =
      (phase: number, perRequest: number, perSecond = rate) =>
      (t: Target, who: Who) => {
        const load = { sender, receivers: main.listeners[phase]!, perSecond, perRequest, seconds: options.seconds };
        return who === 'imwsi'
          ? longPollLatency(`imwsi: send -> long-poll receive @${perSecond}/s, ${perRequest}/request`, t, load)
          : roundTripLatency(`${who}: SendMessages round trip @${perSecond}/s, ${perRequest}/request`, t, load);
      };
    const latency1 = await pair(servers, sockets, latency(0, 1));
    const latency10 = await pair(servers, sockets, latency(1, 10));
    const latencyLow = await pair(servers, sockets, latency(2, 1, lowRate(options)));
    const b = targetOf(baseline, 1);
    const p = targetOf(plain, 1);
    const probe = main.listeners[0]![0]!;
    const [getBase, getPlain] = await getLatency(
      'do-nothing and plain http: GetMessages latency',
      [
        { target: b, who: probe },
        { target: p, who: probe },
      ],
      400,
      50,
    ).finally(() => {
      b.close();
      p.close();
    });
    return {
      send1,
      send100,
      drain100,
      drain1000,
      latency1,
      latency10,
      latencyLow,
      getBase: getBase!,
      getPlain: getPlain!,
      gatewayPeak: await gateway.stop(),
      baselinePeak: await baseline.stop(),
      plainPeak: await plain.stop(),
    };
  } catch (error) {
    await Promise.allSettled([gateway.stop(), baseline.stop(), plain.stop()]);
    throw error;
  }
}

/** Idle long polls on a fresh gateway, so the figure is what idle consumers cost, not earlier load. */
async function measureIdle(options: BenchOptions, main: Pick<MainDatabase, 'file' | 'idle'>): Promise<{ idle: IdleResult; peak: Memory }> {
  step(`${fmtRate(options.idleConsumers)} idle long-polling consumers on a fresh gateway`);
  // Long polls of up to 20 minutes, so none ends while the others are still being opened on a busy machine
  // (opening one costs a login and a lease: at a load average of 20 on 2 cores, 20,000 took 15 minutes);
  // presence.idleSeconds must exceed it (a long-polling user stays online).
  const waitSeconds = 1200;
  const gateway = await startGatewayProcess({
    db: main.file,
    extra: ['--max-wait-seconds', String(waitSeconds), '--presence-idle-seconds', String(waitSeconds + 60)],
  });
  try {
    const idle = await idlePollers(gateway, main.idle, waitSeconds, 10);
    return { idle, peak: await gateway.stop() };
  } catch (error) {
    await gateway.stop().catch(() => undefined);
    throw error;
  }
}

/** GetMessages latency on two gateways at once, alternating requests: few vs many messages in other inboxes. */
async function measureFlat(options: BenchOptions, small: ProbeDatabase, large: ProbeDatabase): Promise<LatencyResult[]> {
  step(
    `GetMessages latency with ${fmtRate(options.otherSmall)} vs ${fmtRate(options.otherLarge)} messages in other inboxes (two gateways, alternating)`,
  );
  const gateways = await Promise.all([small, large].map((db) => startGatewayProcess({ db: db.file })));
  const targets = gateways.map((g) => targetOf(g, 1));
  try {
    return await getLatency(
      'imwsi: GetMessages small | large',
      [small, large].map((db, i) => ({ target: targets[i]!, who: db.probe })),
      1000,
      100,
    );
  } finally {
    for (const t of targets) t.close();
    await Promise.allSettled(gateways.map((g) => g.stop()));
  }
}

const met = (ok: boolean) => (ok ? 'met' : 'MISSED');

function report(
  options: BenchOptions,
  m: Measured,
  small: LatencyResult,
  large: LatencyResult,
  idle: { idle: IdleResult; peak: Memory },
): string {
  const verdict = (ok: boolean | undefined) => (ok === undefined ? '' : met(ok));
  const rate = (name: string, p: Paired<Throughput>, target: string, ok: boolean | undefined) => [
    name,
    fmtRate(p.gw.perSecond),
    fmtRate(p.base.perSecond),
    fmtRatio(p.gw.perSecond / p.base.perSecond),
    fmtRate(p.plain.perSecond),
    fmtRatio(p.gw.perSecond / p.plain.perSecond),
    target,
    verdict(ok),
  ];
  const ms = (name: string, g: number, b: number, plain: number, target: string, ok: boolean | undefined) => [
    name,
    fmtMs(g),
    fmtMs(b),
    fmtRatio(g / b),
    fmtMs(plain),
    fmtRatio(g / plain),
    target,
    verdict(ok),
  ];
  const pollMs = (name: string, p: Paired<LatencyResult>, pick: 'p50' | 'p99', target: string, ok: boolean | undefined) =>
    ms(name, p.gw.latency[pick], p.base.latency[pick], p.plain.latency[pick], target, ok);
  const flatP50 = large.latency.p50 / small.latency.p50;
  const flatP99 = large.latency.p99 / small.latency.p99;
  const held = idle.idle.held.rssKb / 1024;
  const r = options.longPollRate;
  const low = lowRate(options);
  const peak = Math.max(m.gatewayPeak.peakKb, idle.peak.peakKb);
  const idleRows = idle.idle.checkpoints.map((c) => [
    `${fmtRate(c.waiting)} idle long polls held: server RSS (MB)`,
    fmtMb(c.held.rssKb),
    '',
    '',
    '',
    '',
    c.waiting <= 10_000 ? '< 300 MB at 10,000' : '',
    c.waiting === 10_000 ? met(c.held.rssKb / 1024 < 300) : '',
  ]);
  const headline = table(
    ['figure', 'imwsi', 'node soap do-nothing', 'ratio', 'plain http do-nothing', 'ratio', 'target', ''],
    [
      rate('SendMessages, 1 msg/request (msgs/s)', m.send1, '>= 0.6x node soap', m.send1.gw.perSecond / m.send1.base.perSecond >= 0.6),
      rate('SendMessages, 100 msgs/request (msgs/s)', m.send100, '>= 50,000 msgs/s', m.send100.gw.perSecond >= 50_000),
      rate('GetMessages drain, max 100 + ack token (msgs/s)', m.drain100, '', undefined),
      rate('GetMessages drain, max 1000 + ack token (msgs/s)', m.drain1000, '', undefined),
      pollMs(`send -> long-poll receive @${r} msgs/s, 1/request, p50 (ms)`, m.latency1, 'p50', '', undefined),
      pollMs(`send -> long-poll receive @${r} msgs/s, 1/request, p99 (ms)`, m.latency1, 'p99', '< 10 ms', m.latency1.gw.latency.p99 < 10),
      pollMs(`send -> long-poll receive @${r} msgs/s, 10/request, p50 (ms)`, m.latency10, 'p50', '', undefined),
      pollMs(
        `send -> long-poll receive @${r} msgs/s, 10/request, p99 (ms)`,
        m.latency10,
        'p99',
        '< 10 ms',
        m.latency10.gw.latency.p99 < 10,
      ),
      pollMs(`send -> long-poll receive @${low} msgs/s, 1/request, p50 (ms)`, m.latencyLow, 'p50', '', undefined),
      pollMs(`send -> long-poll receive @${low} msgs/s, 1/request, p99 (ms)`, m.latencyLow, 'p99', '', undefined),
      ...(['p50', 'p99'] as const).flatMap((p) => {
        const flatRow = (others: number, probe: LatencyResult, target: string, ok: boolean | undefined) =>
          ms(
            `GetMessages ${p}, ${fmtRate(others)} msgs in other inboxes (ms)`,
            probe.latency[p],
            m.getBase.latency[p],
            m.getPlain.latency[p],
            target,
            ok,
          );
        return [
          flatRow(options.otherSmall, small, '', undefined),
          flatRow(
            options.otherLarge,
            large,
            `<= 1.5x the ${fmtRate(options.otherSmall)} figure`,
            large.latency[p] / small.latency[p] <= 1.5,
          ),
        ];
      }),
      ...idleRows,
      [
        `${fmtRate(idle.idle.consumers)} idle long polls held: server RSS (MB)`,
        fmtMb(idle.idle.held.rssKb),
        '',
        '',
        '',
        '',
        idle.idle.consumers === 10_000 ? '< 300 MB' : '',
        idle.idle.consumers === 10_000 ? met(held < 300 && idle.idle.waiting === idle.idle.consumers) : '',
      ],
      [
        'server peak RSS over the run, VmHWM (MB)',
        fmtMb(peak),
        fmtMb(m.baselinePeak.peakKb),
        fmtRatio(peak / m.baselinePeak.peakKb),
        fmtMb(m.plainPeak.peakKb),
        fmtRatio(peak / m.plainPeak.peakKb),
        '',
        '',
      ],
    ],
  );
  const detail = (name: string, p: Paired<Throughput>) => [
    name,
    fmtRate(p.gw.requestsPerSecond),
    `${fmtMs(p.gw.latency.p50)} / ${fmtMs(p.gw.latency.p99)}`,
    fmtRate(p.gw.cpuMicrosPerUnit),
    fmtRate(p.base.requestsPerSecond),
    fmtRate(p.base.cpuMicrosPerUnit),
    fmtRatio(p.gw.cpuMicrosPerUnit / p.base.cpuMicrosPerUnit),
    fmtRate(p.plain.requestsPerSecond),
    fmtRate(p.plain.cpuMicrosPerUnit),
    fmtRatio(p.gw.cpuMicrosPerUnit / p.plain.cpuMicrosPerUnit),
    `${p.gw.errors} / ${p.base.errors} / ${p.plain.errors}`,
  ];
  const details = table(
    [
      'phase',
      'imwsi req/s',
      'p50/p99 ms',
      'CPU us/msg',
      'node soap req/s',
      'CPU us/msg',
      'CPU ratio',
      'plain http req/s',
      'CPU us/msg',
      'CPU ratio',
      'errors',
    ],
    [
      detail(`SendMessages x1, ${options.connections} connections`, m.send1),
      detail(`SendMessages x100, ${options.connections} connections`, m.send100),
      detail('GetMessages drain max 100, 4 consumers', m.drain100),
      detail('GetMessages drain max 1000, 4 consumers', m.drain1000),
    ],
  );
  const lp = (p: Paired<LatencyResult>, n: number, at: number) =>
    `long poll @${at}/s, ${n}/request: ${p.gw.received}/${p.gw.sent} messages received, ${p.gw.errors} errors, max ${fmtMs(p.gw.latency.max)} ms` +
    (p.gw.firstError ? ` (first error: ${p.gw.firstError})` : '');
  const notes = [
    lp(m.latency1, 1, r),
    lp(m.latency10, 10, r),
    lp(m.latencyLow, 1, lowRate(options)),
    `flat latency: ${fmtRate(options.otherLarge)} vs ${fmtRate(options.otherSmall)} messages in other inboxes: p50 ${fmtRatio(flatP50)}, p99 ${fmtRatio(flatP99)}`,
    `idle polls: ${idle.idle.waiting}/${idle.idle.consumers} waiting after ${idle.idle.setupSeconds.toFixed(1)}s` +
      (idle.idle.failed ? `, ${idle.idle.failed} failed (${idle.idle.firstFailure})` : '') +
      `; RSS ${fmtMb(idle.idle.before.rssKb)} MB before, ${fmtMb(idle.idle.justHeld.rssKb)} MB when all were waiting, ` +
      `${fmtMb(idle.idle.held.rssKb)} MB after ${idle.idle.settleSeconds}s idle ` +
      `(${((idle.idle.held.rssKb - idle.idle.before.rssKb) / Math.max(1, idle.idle.waiting)).toFixed(1)} kB per poll); ` +
      `V8 heap used ${idle.idle.heapUsedMb.toFixed(0)} MB, external ${idle.idle.externalMb.toFixed(0)} MB`,
    `CPU us/msg is server CPU time (user + system, /proc/<pid>/stat) per message: it does not depend on what else runs on the machine`,
    ...[m.send1, m.send100, m.drain100, m.drain1000]
      .flatMap((p) => [p.gw, p.base, p.plain])
      .filter((t) => t.firstError)
      .map((t) => `first error: ${t.firstError}`),
  ];
  return `${headline}\n\n${details}\n\n${notes.map((n) => `- ${n}`).join('\n')}\n`;
}

/** `--only idle`: the idle long polls alone, on a database holding nothing but their accounts. */
async function idleOnly(options: BenchOptions, dir: string): Promise<string> {
  step(`preparing ${fmtRate(options.idleConsumers)} idle accounts`);
  const file = join(dir, 'idle', 'imwsi.sqlite');
  const prefill = await openPrefill(file);
  const idle = credentialsOf(await prefill.accounts('idle', options.idleConsumers, benchPassword));
  await prefill.close();
  const { idle: result, peak } = await measureIdle(options, { file, idle });
  const rows = [...result.checkpoints, { waiting: result.waiting, held: result.held }].map((c) => [
    fmtRate(c.waiting),
    fmtMb(c.held.rssKb),
    ((c.held.rssKb - result.before.rssKb) / Math.max(1, c.waiting)).toFixed(1),
  ]);
  return (
    `\nimwsi idle long polls (${new Date().toISOString()}, load average ${loadavg()
      .map((n) => n.toFixed(1))
      .join(' ')})\n\n` +
    table(['idle long polls waiting', 'server RSS (MB)', 'kB per poll over the idle gateway'], rows) +
    `\n\n- ${result.failed} failed${result.firstFailure ? ` (first: ${result.firstFailure})` : ''}; RSS ${fmtMb(result.before.rssKb)} MB before the first poll, ` +
    `peak ${fmtMb(peak.peakKb)} MB; V8 heap used ${result.heapUsedMb.toFixed(0)} MB, external ${result.externalMb.toFixed(0)} MB at the end; ` +
    `set-up ${result.setupSeconds.toFixed(1)} s; each RSS read after ${result.settleSeconds} s idle\n`
  );
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const dir = mkdtempSync(join(tmpdir(), 'imwsi-bench-'));
  const started = Date.now();
  const loadAtStart = loadavg()
    .map((n) => n.toFixed(1))
    .join(' ');
  process.stderr.write(
    `imwsi bench: node ${process.version}, ${cpus().length} cpus, ${options.full ? 'full' : 'default'} sizes, work dir ${dir}\n`,
  );
  try {
    if (options.profile) {
      process.stdout.write(await runProfile(options.profile, options, dir));
      return;
    }
    if (options.only === 'idle') {
      process.stdout.write(await idleOnly(options, dir));
      return;
    }
    if (options.only === 'policy') {
      process.stdout.write(`\n${policyTable(await policyBench(options, dir))}\n`);
      return;
    }
    step(
      `preparing databases: ${fmtRate(options.idleConsumers)} idle accounts, ${fmtRate(options.drainMessages)} messages to drain, ` +
        `${fmtRate(options.otherSmall)} and ${fmtRate(options.otherLarge)} messages in other inboxes`,
    );
    const main = await prepareMain(dir, options);
    await addUser(main.file, sender.address, sender.password);
    const small = await prepareProbe(dir, 'flat-small', options.otherSmall);
    const large = await prepareProbe(dir, 'flat-large', options.otherLarge);

    const measured = await measureMain(options, main);
    const idle = await measureIdle(options, main);
    const [flatSmall, flatLarge] = await measureFlat(options, small, large);

    const seconds = ((Date.now() - started) / 1000).toFixed(0);
    const load = loadavg()
      .map((n) => n.toFixed(1))
      .join(' ');
    process.stdout.write(
      `\nimwsi bench (${new Date().toISOString()}, node ${process.version}, ${cpus().length} cpus, ${seconds}s, load average at start ${loadAtStart}, at end ${load})\n\n`,
    );
    process.stdout.write(report(options, measured, flatSmall!, flatLarge!, idle));

    // Issue 3 and 4 figures: presence fan-out and GetPresence, cross-domain forwarding and the relay.
    step('presence: fan-out to 1,000 watchers, GetPresence for 100 presentities');
    const presence = await runPresenceBench();
    step('presence across domains: one presentity at b1 with 1,000 watchers at b2');
    presence.push(...(await runPresenceFederationBench()));
    step('a group across domains: one group at b1 with 100 members at b2');
    const groupAcross = await runGroupFederationBench();
    step('federation: B1 -> B2 through the forwarder and through the relay');
    const federation = await federationBench();
    step('groups: fan-out to 1,000 members, a 100-member room with 20 senders');
    const groups = await runGroupsBench();
    step('PostgreSQL: 1 and 100 msgs/request, one gateway process, then two sharing the database');
    const postgres = await runPostgresBench({ seconds: options.seconds, connections: options.connections });
    process.stdout.write(
      `\n${formatPresenceRows(presence)}\n\n${formatPresenceRows(groupAcross, 'group across domains')}\n\n${federationTable(federation)}\n\n${groupsTable(groups)}\n\n${postgresTable(postgres)}\n`,
    );
    // Issue 13: what the policy checks cost per send.
    const policy = await policyBench(options, dir);
    process.stdout.write(`\n${policyTable(policy)}\n`);
  } finally {
    if (options.keep) process.stderr.write(`kept ${dir}\n`);
    else rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
