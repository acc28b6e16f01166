// node --import tsx bench/storage-hot-path.ts: what the storage layer costs per request, in two parts.
//  1. Statements: a gateway in this process, with every better-sqlite3 statement counted (run, get, all,
//     iterate on the one connection), for a single send, a 100-message send to 8 inboxes and a GetMessages.
//     Counts do not depend on the machine, so they compare across runs exactly.
//  2. Server CPU per single send: the gateway and the do-nothing node soap server as child processes, each
//     loaded in turn by the same closed loop; CPU is user + system time of the server process from /proc,
//     which other work on a shared machine does not inflate the way it inflates wall time. Printed as a
//     ratio to the do-nothing server measured in the same run.
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { configWith } from '../src/platform/config.js';
import { startGateway } from '../src/main/gateway.js';
import { type Credentials, getMessages, readGetResponse, sendMessages } from './envelopes.js';
import { soapPoster } from './http-client.js';
import { sendThroughput, servicePath, type Target, type Throughput } from './scenarios.js';
import { addUser, type ServerProcess, startBaselineProcess, startGatewayProcess } from './server-process.js';
import { step } from './progress.js';
import { fmtRate, fmtRatio, table } from './stats.js';

const password = 'bench-password';
const sender: Credentials = { address: 'sender@example.com', password };
const receivers = Array.from({ length: 8 }, (_, i) => `rx-${i}@example.com`);

interface Statement {
  readonly source: string;
  readonly reader: boolean;
  readonly database: { readonly inTransaction: boolean };
}

interface StatementTally {
  statements: number;
  commits: number;
  /** The SQL texts, in order (printed with BENCH_LIST=1). */
  texts: string[];
}

/** Counts every statement the better-sqlite3 connections of this process run, by patching their prototype. */
function countStatements(): { reset(): void; read(): StatementTally } {
  const Database = createRequire(import.meta.url)('better-sqlite3') as new (
    f: string,
  ) => {
    prepare(sql: string): object;
    close(): void;
  };
  const probe = new Database(':memory:');
  const proto = Object.getPrototypeOf(probe.prepare('select 1')) as Record<string, unknown> & { source?: string };
  probe.close();
  const tally: StatementTally = { statements: 0, commits: 0, texts: [] };
  for (const method of ['run', 'get', 'all', 'iterate']) {
    const original = proto[method] as (this: Statement, ...args: unknown[]) => unknown;
    proto[method] = function (this: Statement, ...args: unknown[]) {
      tally.statements++;
      tally.texts.push(this.source.length > 200 ? `${this.source.slice(0, 200)}...` : this.source);
      // A COMMIT, or a write outside any transaction (SQLite commits it on its own).
      if (
        /^\s*commit\b/i.test(this.source) ||
        (!this.reader && !this.database.inTransaction && !/^\s*(begin|savepoint)\b/i.test(this.source))
      )
        tally.commits++;
      return original.apply(this, args);
    };
  }
  return {
    reset: () => {
      tally.statements = 0;
      tally.commits = 0;
      tally.texts = [];
    },
    read: () => ({ ...tally }),
  };
}

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

function targetOf(server: ServerProcess, sockets: number): Target & { close(): void } {
  const poster = soapPoster(server.url, sockets);
  return { poster, cpuSeconds: () => server.cpuSeconds(), close: () => poster.close() };
}

async function cpuPerSend(seconds: number, connections: number, perRequest: number) {
  const dir = mkdtempSync(join(tmpdir(), 'imwsi-bench-storage-'));
  const db = join(dir, 'imwsi.sqlite');
  try {
    for (const address of [sender.address, ...receivers]) await addUser(db, address, password);
    const gateway = await startGatewayProcess({ db });
    const baseline = await startBaselineProcess();
    const results: { base?: Throughput; gw?: Throughput } = {};
    try {
      const load = { sender, recipients: receivers, perRequest, connections, seconds, warmupSeconds: 2 };
      for (const [name, server] of [
        ['base', baseline],
        ['gw', gateway],
      ] as const) {
        const target = targetOf(server, connections);
        try {
          results[name] = await sendThroughput(`${name === 'gw' ? 'imwsi' : 'do-nothing'} SendMessages x${perRequest}`, target, load);
        } finally {
          target.close();
        }
      }
    } finally {
      await gateway.stop();
      await baseline.stop();
    }
    return { base: results.base!, gw: results.gw! };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 16);

step('statements per request (gateway in this process, every better-sqlite3 statement counted)');
const counts = await statementCounts();
step(`server CPU per send (${connections} connections, ${seconds} s per phase, gateway and do-nothing node soap as child processes)`);
// BENCH_SECONDS=0: statement counts only.
const single = seconds > 0 ? await cpuPerSend(seconds, connections, 1) : undefined;
const hundred = seconds > 0 ? await cpuPerSend(seconds, connections, 100) : undefined;

if (process.env.BENCH_LIST) for (const [kind, t] of counts) process.stdout.write(`\n${kind}:\n  ${t.texts.join('\n  ')}\n`);
process.stdout.write(
  '\n' +
    table(
      ['request', 'statements', 'commits'],
      [...counts].map(([kind, t]) => [kind, String(t.statements), String(t.commits)]),
    ) +
    '\n\n' +
    table(
      ['phase', 'imwsi msgs/s', 'imwsi CPU us/msg', 'do-nothing msgs/s', 'do-nothing CPU us/msg', 'CPU ratio', 'errors'],
      (
        [
          ['SendMessages x1', single],
          ['SendMessages x100', hundred],
        ] as const
      ).flatMap(([label, r]) => {
        if (!r) return [];
        const { base, gw } = r;
        return [
          [
            label,
            fmtRate(gw.perSecond),
            fmtRate(gw.cpuMicrosPerUnit),
            fmtRate(base.perSecond),
            fmtRate(base.cpuMicrosPerUnit),
            fmtRatio(gw.cpuMicrosPerUnit / base.cpuMicrosPerUnit),
            `${gw.errors} / ${base.errors}`,
          ],
        ];
      }),
    ) +
    '\n',
);
