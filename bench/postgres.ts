// PostgreSQL figures (issue 9): SendMessages with 1 and with 100 messages per request against one `imwsi
// serve` process on PostgreSQL, then against two processes sharing the database (the load split between
// them), on a fresh database of the local server (127.0.0.1:5432, trust). Server CPU per message is read
// from /proc for each gateway process, and for the PostgreSQL backends serving the database (pg-backend-cpu.ts:
// they run on the same two cores).
//   node --import tsx bench/postgres.ts [--seconds 10] [--connections 16]
// The bench runner calls runPostgresBench() and skips it, saying so, when PostgreSQL is not reachable.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import knexFactory from 'knex';
import type { Credentials } from './envelopes.js';
import { type BackendCpu, backendCpu } from './pg-backend-cpu.js';
import { sendThroughput, type Throughput } from './scenarios.js';
import { imwsiBin, repoRoot, type ServerProcess, spawnServer, targetOf } from './server-process.js';
import { fmtRate, fmtRatio, table } from './stats.js';

const adminUrl = process.env.IMWSI_BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const password = 'bench-password';
const sender: Credentials = { address: 'sender@example.com', password };
const receivers = Array.from({ length: 8 }, (_, i) => `rx-${i}@example.com`);

export interface PostgresBenchRow {
  readonly load: string;
  readonly gateways: number;
  readonly perSecond: number;
  readonly cpuMicrosPerMessage: number;
  /** The PostgreSQL backends' CPU per message, over the same phase. */
  readonly postgresMicrosPerMessage: number;
  readonly errors: number;
}

async function withDatabase<T>(run: (url: string, postgresCpu: BackendCpu) => Promise<T>): Promise<T | undefined> {
  const admin = knexFactory({ client: 'pg', connection: adminUrl, pool: { min: 0, max: 1 }, acquireConnectionTimeout: 3000 });
  const database = `imwsi_bench_${randomBytes(6).toString('hex')}`;
  try {
    await admin.raw(`create database ${database}`);
  } catch {
    await admin.destroy();
    return undefined;
  }
  const url = new URL(adminUrl);
  url.pathname = `/${database}`;
  const postgresCpu = backendCpu(admin, database);
  try {
    return await run(url.toString(), postgresCpu);
  } finally {
    postgresCpu.stop();
    await admin.raw(`drop database if exists ${database} with (force)`);
    await admin.destroy();
  }
}

/** Several gateways' loads at once, each with its share of the connections; rates add up, CPU per message averages. */
async function together(
  label: string,
  gateways: readonly ServerProcess[],
  postgresCpu: BackendCpu,
  perRequest: number,
  seconds: number,
  connections: number,
) {
  const share = Math.max(1, Math.floor(connections / gateways.length));
  // PostgreSQL's CPU is read when the first gateway's CPU is, at the start and the end of its measured phase.
  const postgresReadings: number[] = [];
  const targetFor = (g: ServerProcess, i: number) => {
    const target = targetOf(g, share);
    if (i > 0) return target;
    return {
      ...target,
      cpuSeconds: () => {
        postgresReadings.push(postgresCpu.seconds());
        return target.cpuSeconds();
      },
    };
  };
  const results: Throughput[] = await Promise.all(
    gateways.map((g, i) =>
      sendThroughput(`${label} #${i + 1}`, targetFor(g, i), {
        sender,
        recipients: receivers,
        perRequest,
        connections: share,
        seconds,
        warmupSeconds: 1,
      }),
    ),
  );
  const perSecond = results.reduce((sum, r) => sum + r.perSecond, 0);
  const cpu = results.reduce((sum, r) => sum + r.cpuMicrosPerUnit * r.perSecond, 0) / Math.max(1, perSecond);
  const postgresSeconds = (postgresReadings.at(-1) ?? 0) - (postgresReadings[0] ?? 0);
  const postgres = (postgresSeconds * 1e6) / Math.max(1, perSecond * seconds);
  return { perSecond, cpu, postgres, errors: results.reduce((sum, r) => sum + r.errors, 0) };
}

/** The rows, or undefined when PostgreSQL is not reachable. */
export async function runPostgresBench(
  options: { seconds?: number | undefined; connections?: number | undefined } = {},
): Promise<PostgresBenchRow[] | undefined> {
  const seconds = options.seconds ?? 10;
  const connections = options.connections ?? 16;
  return withDatabase(async (url, postgresCpu) => {
    const dir = mkdtempSync(join(tmpdir(), 'imwsi-bench-pg-'));
    // One key for both gateways: they must open the same sealed secrets (README "The secret key").
    const flags = ['--db-client', 'pg', '--db-url', url, '--secret-key-file', join(dir, 'imwsi.key'), '--domain', 'example.com'];
    const gateways: ServerProcess[] = [];
    try {
      for (const address of [sender.address, ...receivers])
        await promisify(execFile)(process.execPath, [imwsiBin, 'users', 'add', address, '--password', password, ...flags], {
          cwd: repoRoot,
        });
      const start = () => spawnServer('imwsi serve (pg)', [imwsiBin, 'serve', '--port', '0', '--log-level', 'silent', ...flags]);
      gateways.push(await start());
      const rows: PostgresBenchRow[] = [];
      const measure = async (count: number) => {
        for (const perRequest of [1, 100]) {
          const load = `SendMessages, ${perRequest} msg/request`;
          const r = await together(
            `pg: ${count} gateway(s), ${load}`,
            gateways.slice(0, count),
            postgresCpu,
            perRequest,
            seconds,
            connections,
          );
          rows.push({
            load,
            gateways: count,
            perSecond: r.perSecond,
            cpuMicrosPerMessage: r.cpu,
            postgresMicrosPerMessage: r.postgres,
            errors: r.errors,
          });
        }
      };
      await measure(1);
      gateways.push(await start());
      await measure(2);
      return rows;
    } finally {
      for (const g of gateways) await g.stop().catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    }
  });
}

export function postgresTable(rows: readonly PostgresBenchRow[] | undefined): string {
  if (!rows) return 'PostgreSQL figures skipped: no PostgreSQL server reachable at ' + adminUrl.replace(/\/\/[^@]*@/, '//');
  const one = (load: string) => rows.find((r) => r.load === load && r.gateways === 1)!;
  return table(
    ['PostgreSQL', 'gateways', 'msgs/s', 'gateway CPU µs/msg', 'PostgreSQL CPU µs/msg', 'x one gateway', 'errors'],
    rows.map((r) => [
      r.load,
      String(r.gateways),
      fmtRate(r.perSecond),
      fmtRate(r.cpuMicrosPerMessage),
      fmtRate(r.postgresMicrosPerMessage),
      fmtRatio(r.perSecond / one(r.load).perSecond),
      String(r.errors),
    ]),
  );
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const flag = (name: string) => {
    const i = process.argv.indexOf(`--${name}`);
    return i > 0 ? Number(process.argv[i + 1]) : undefined;
  };
  process.stdout.write(postgresTable(await runPostgresBench({ seconds: flag('seconds'), connections: flag('connections') })) + '\n');
}
