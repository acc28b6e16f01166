// node --import tsx bench/storage-hot-path.ts: what the storage layer costs per request, in two parts.
//  1. Statements: a gateway in this process, with every better-sqlite3 statement counted (run, get, all,
//     iterate on the one connection), for a single send, a 100-message send to 8 inboxes and a GetMessages.
//     Counts do not depend on the machine, so they compare across runs exactly.
//  2. Server CPU per single send: the gateway and the do-nothing node soap server as child processes, each
//     loaded in turn by the same closed loop; CPU is user + system time of the server process from /proc,
//     which other work on a shared machine does not inflate the way it inflates wall time. Printed as a
//     ratio to the do-nothing server measured in the same run. BENCH_BEFORE=<another checkout> adds that
//     checkout's gateway (e.g. main) to the same run, phase by phase, for a before/after on the same machine.
// BENCH_SECONDS (default 10, 0: statements only), BENCH_CONNECTIONS (16), BENCH_LIST=1 prints the SQL texts.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { promisify } from 'node:util';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { configWith } from '../src/platform/config.js';
import { startGateway } from '../src/main/gateway.js';
import { type Credentials, getMessages, readGetResponse, sendMessages } from './envelopes.js';
import { soapPoster } from './http-client.js';
import { sendThroughput, servicePath } from './scenarios.js';
import { addUser, type ServerProcess, spawnServer, startBaselineProcess, startGatewayProcess, targetOf } from './server-process.js';
import { step } from './progress.js';
import { countStatements, type StatementTally } from './statement-counter.js';
import { fmtRate, fmtRatio, table } from './stats.js';

const password = 'bench-password';
const sender: Credentials = { address: 'sender@example.com', password };
const receivers = Array.from({ length: 8 }, (_, i) => `rx-${i}@example.com`);

async function post(url: string, xml: string): Promise<string> {
  const poster = soapPoster(url, 1);
  try {
    const response = await poster.post(servicePath, xml);
    if (response.status !== 200) throw new Error(`HTTP ${response.status}: ${response.body.slice(0, 300)}`);
    return response.body;
  } finally {
    poster.close();
  }
}

/** The fewest statements one request of each kind ran over five tries (a worker may add some to one try). */
async function statementCounts(): Promise<Map<string, StatementTally>> {
  const counter = countStatements();
  const dir = mkdtempSync(join(tmpdir(), 'imwsi-bench-storage-'));
  const gateway = await startGateway(configWith({ port: 0, db: join(dir, 'imwsi.sqlite'), domain: 'example.com', 'log-level': 'silent' }));
  try {
    for (const address of [sender.address, ...receivers]) await gateway.accounts.add({ address, password });
    const kinds = new Map<string, () => Promise<unknown>>([
      ['SendMessages, 1 message', () => post(gateway.url, sendMessages(sender, [{ recipient: receivers[0]!, text: 'one' }]))],
      [
        'SendMessages, 100 messages to 8 inboxes',
        () =>
          post(
            gateway.url,
            sendMessages(
              sender,
              Array.from({ length: 100 }, (_, i) => ({ recipient: receivers[i % 8]!, text: `m${i}` })),
            ),
          ),
      ],
      [
        'GetMessages, 10 of a queued inbox',
        async () => {
          const body = await post(gateway.url, getMessages({ address: receivers[1]!, password }, { maxMessages: 10 }));
          if (readGetResponse(body).count === 0) throw new Error('GetMessages found nothing to count');
        },
      ],
    ]);
    const best = new Map<string, StatementTally>();
    for (let round = 0; round < 5; round++) {
      for (const [kind, request] of kinds) {
        counter.reset();
        await request();
        const tally = counter.read();
        const before = best.get(kind);
        if (!before || tally.statements < before.statements) best.set(kind, tally);
      }
    }
    return best;
  } finally {
    await gateway.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** `imwsi serve` from another checkout (BENCH_BEFORE), on its own database made by its own CLI. */
async function referenceGateway(root: string, dir: string): Promise<ServerProcess> {
  const bin = join(root, 'bin', 'imwsi.js');
  const db = join(dir, 'before', 'imwsi.sqlite');
  const flags = ['--db', db, '--domain', 'example.com', '--log-level', 'silent'];
  for (const address of [sender.address, ...receivers])
    await promisify(execFile)(process.execPath, [bin, 'users', 'add', address, '--password', password, ...flags], { cwd: root });
  return spawnServer('reference imwsi serve', [bin, 'serve', '--port', '0', ...flags], { cwd: root });
}

/**
 * The same closed loop against each server in turn, twice over (A B C A B C), so a change in the machine's
 * load between phases lands on every server alike; each server's figure adds up both of its phases.
 */
async function cpuPerSend(seconds: number, connections: number, perRequest: number, before: string | undefined) {
  const dir = mkdtempSync(join(tmpdir(), 'imwsi-bench-storage-'));
  const db = join(dir, 'imwsi.sqlite');
  const servers = new Map<string, ServerProcess>();
  try {
    for (const address of [sender.address, ...receivers]) await addUser(db, address, password);
    servers.set('do-nothing', await startBaselineProcess());
    if (before) servers.set('before', await referenceGateway(before, dir));
    servers.set('imwsi', await startGatewayProcess({ db }));
    const totals = new Map<string, { messages: number; seconds: number; cpu: number; errors: number }>();
    const load = { sender, recipients: receivers, perRequest, connections, seconds: seconds / 2, warmupSeconds: 1 };
    for (let round = 0; round < 2; round++) {
      for (const [name, server] of servers) {
        const target = targetOf(server, connections);
        try {
          const r = await sendThroughput(`${name} SendMessages x${perRequest}`, target, load);
          const total = totals.get(name) ?? { messages: 0, seconds: 0, cpu: 0, errors: 0 };
          const messages = r.perSecond * load.seconds;
          totals.set(name, {
            messages: total.messages + messages,
            seconds: total.seconds + load.seconds,
            cpu: total.cpu + r.cpuMicrosPerUnit * messages,
            errors: total.errors + r.errors,
          });
        } finally {
          target.close();
        }
      }
    }
    return new Map(
      [...totals].map(([name, t]) => [
        name,
        { perSecond: t.messages / t.seconds, cpuMicros: t.cpu / Math.max(1, t.messages), errors: t.errors },
      ]),
    );
  } finally {
    for (const server of servers.values()) await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 16);
const before = process.env.BENCH_BEFORE;

step('statements per request (gateway in this process, every better-sqlite3 statement counted)');
const counts = await statementCounts();
step(
  `server CPU per send (${connections} connections, ${seconds} s per server and phase, servers as child processes` +
    `${before ? `; "before" is the gateway of ${before}` : ''})`,
);
// BENCH_SECONDS=0: statement counts only.
const phases = seconds > 0 ? [1, 100].map((n) => ({ n, results: undefined as Awaited<ReturnType<typeof cpuPerSend>> | undefined })) : [];
for (const phase of phases) phase.results = await cpuPerSend(seconds, connections, phase.n, before);

if (process.env.BENCH_LIST) for (const [kind, t] of counts) process.stdout.write(`\n${kind}:\n  ${t.texts.join('\n  ')}\n`);
process.stdout.write(
  '\n' +
    table(
      ['request', 'statements', 'commits'],
      [...counts].map(([kind, t]) => [kind, String(t.statements), String(t.commits)]),
    ) +
    '\n\n' +
    table(
      ['phase', 'server', 'msgs/s', 'CPU us/msg', 'CPU ratio to do-nothing', 'errors'],
      phases.flatMap(({ n, results }) =>
        [...results!].map(([name, r]) => [
          `SendMessages x${n}`,
          name,
          fmtRate(r.perSecond),
          fmtRate(r.cpuMicros),
          fmtRatio(r.cpuMicros / results!.get('do-nothing')!.cpuMicros),
          String(r.errors),
        ]),
      ),
    ) +
    '\n',
);
