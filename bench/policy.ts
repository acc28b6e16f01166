// The cost of the policy checks (issue 13, docs/operations.md): server CPU per single-message SendMessages on
// a gateway with no policy at all, and on one where ten limits and five filters apply to the sender, on SQLite
// and (where reachable) PostgreSQL. The two run in turn, A B A B A B, and the lowest figure of each is kept.
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import knexFactory from 'knex';
import { localOperator } from '../src/kernel/require-role.js';
import { type Backend, openBackend } from '../src/main/backend.js';
import { configWith } from '../src/platform/config.js';
import { createLogger } from '../src/platform/logger.js';
import type { Credentials } from './envelopes.js';
import { soapPoster } from './http-client.js';
import type { BenchOptions } from './options.js';
import { openPrefill } from './prefill.js';
import { step } from './progress.js';
import { sendThroughput } from './scenarios.js';
import { addUser, startGatewayProcess } from './server-process.js';
import { fmtRate, table } from './stats.js';

const password = 'bench-password';
const sender: Credentials = { address: 'sender@example.com', password };

/** Ten limits at every scope, none of which the bench reaches, and five system filters none of its messages match. */
async function configurePolicy(backend: Backend): Promise<void> {
  const policy = backend.modules.service('policy');
  const limits: [string, string | undefined, string, string][] = [
    ['system', undefined, 'message.bytes', '1000000'],
    ['system', undefined, 'messages.day', '1000000000'],
    ['system', undefined, 'content.deny', 'image/*,video/*'],
    ['domain', 'example.com', 'messages.hour', '1000000000'],
    ['domain', 'example.com', 'recipients.day', '1000000000'],
    ['domain', 'example.com', 'content.allow', 'text/*,application/json'],
    ['role', 'user', 'messages.minute', '1000000000'],
    ['role', 'user', 'recipients.hour', '1000000000'],
    ['account', sender.address, 'send.rate', '1000000000'],
    ['account', sender.address, 'send.burst', '1000000000'],
  ];
  for (const [scope, subject, name, value] of limits) await policy.setLimit(localOperator, scope, subject, name, value);
  const filters = [
    { sender: '*@spam.example' },
    { senderDomain: 'blocked.example' },
    { subject: '*lottery*' },
    { text: 'unsubscribe now' },
    { contentType: 'image/*' },
  ];
  for (const criteria of filters) await policy.addFilter(localOperator, undefined, criteria, 'reject', undefined);
}

const recipientAddresses = Array.from({ length: 8 }, (_, i) => `rx-${i}@example.com`);

/** A database for one gateway: its flags beyond --db, and how to drop it. */
interface BenchDatabase {
  readonly file: string;
  readonly extra: readonly string[];
  drop(): Promise<void>;
}

async function withBackendOf(config: Record<string, string>, work: (backend: Backend) => Promise<void>): Promise<void> {
  const backend = await openBackend(
    configWith({ ...config, domain: 'example.com', 'log-level': 'silent' }),
    Date.now,
    createLogger('silent'),
  );
  try {
    await work(backend);
  } finally {
    await backend.close();
  }
}

async function prepareSqlite(dir: string, name: string, withPolicy: boolean): Promise<BenchDatabase> {
  mkdirSync(join(dir, name), { recursive: true });
  const file = join(dir, name, 'imwsi.sqlite');
  const prefill = await openPrefill(file);
  await prefill.accounts('rx', recipientAddresses.length, password).finally(() => prefill.close());
  await addUser(file, sender.address, password);
  if (withPolicy) await withBackendOf({ db: file }, configurePolicy);
  return { file, extra: [], drop: () => Promise.resolve() };
}

const pgAdminUrl = process.env.IMWSI_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** A fresh PostgreSQL database with the same accounts (and policy), or undefined when PostgreSQL is not reachable. */
async function preparePostgres(dir: string, name: string, withPolicy: boolean): Promise<BenchDatabase | undefined> {
  const database = `imwsi_bench_${randomBytes(6).toString('hex')}`;
  const admin = knexFactory({ client: 'pg', connection: pgAdminUrl, pool: { min: 0, max: 1 }, acquireConnectionTimeout: 3000 });
  try {
    await admin.raw(`create database ${database}`);
  } catch {
    return undefined;
  } finally {
    await admin.destroy();
  }
  const url = new URL(pgAdminUrl);
  url.pathname = `/${database}`;
  mkdirSync(join(dir, name), { recursive: true });
  const config = { 'db-client': 'pg', 'db-url': url.toString(), 'secret-key-file': join(dir, name, 'imwsi.key') };
  await withBackendOf(config, async (backend) => {
    for (const address of [sender.address, ...recipientAddresses]) await backend.accounts.add({ address, password });
    if (withPolicy) await configurePolicy(backend);
  });
  return {
    file: join(dir, name, 'unused.sqlite'),
    extra: Object.entries(config).flatMap(([k, v]) => [`--${k}`, v]),
    async drop() {
      const cleanup = knexFactory({ client: 'pg', connection: pgAdminUrl, pool: { min: 0, max: 1 } });
      await cleanup.raw(`drop database if exists ${database} with (force)`);
      await cleanup.destroy();
    },
  };
}

export interface PolicyFigures {
  readonly noneMicros: number;
  readonly policyMicros: number;
  readonly noneRate: number;
  readonly policyRate: number;
}

export interface PolicyBenchResult {
  readonly sqlite: PolicyFigures;
  /** Undefined when PostgreSQL is not reachable on 127.0.0.1:5432. */
  readonly postgres: PolicyFigures | undefined;
}

/** Both gateways in turn, three times each (A B A B A B); the lowest CPU figure of each. */
async function measure(options: BenchOptions, label: string, none: BenchDatabase, ruled: BenchDatabase): Promise<PolicyFigures> {
  const runs: { withPolicy: boolean; micros: number; rate: number }[] = [];
  for (const db of [none, ruled, none, ruled, none, ruled]) {
    const gateway = await startGatewayProcess({ db: db.file, extra: db.extra });
    const poster = soapPoster(gateway.url, Math.max(options.connections, 64));
    try {
      const target = { poster, cpuSeconds: () => gateway.cpuSeconds() };
      const result = await sendThroughput(`imwsi ${label}${db === ruled ? ' with policy' : ''}: SendMessages x1`, target, {
        sender,
        recipients: recipientAddresses,
        seconds: options.seconds,
        warmupSeconds: options.warmupSeconds,
        connections: options.connections,
        perRequest: 1,
      });
      if (result.errors > 0) throw new Error(`policy bench: ${result.errors} sends failed: ${result.firstError}`);
      runs.push({ withPolicy: db === ruled, micros: result.cpuMicrosPerUnit, rate: result.perSecond });
    } finally {
      poster.close();
      await gateway.stop();
    }
  }
  const best = (withPolicy: boolean) => runs.filter((r) => r.withPolicy === withPolicy).sort((a, b) => a.micros - b.micros)[0]!;
  return { noneMicros: best(false).micros, policyMicros: best(true).micros, noneRate: best(false).rate, policyRate: best(true).rate };
}

export async function policyBench(options: BenchOptions, dir: string): Promise<PolicyBenchResult> {
  step('policy: CPU per single send with no policy, then with ten limits and five filters applying to the sender (A B A B A B)');
  const sqlite = await measure(
    options,
    'SQLite',
    await prepareSqlite(dir, 'policy-none', false),
    await prepareSqlite(dir, 'policy-rules', true),
  );
  const pgNone = await preparePostgres(dir, 'pg-policy-none', false);
  if (!pgNone) return { sqlite, postgres: undefined };
  const pgRuled = await preparePostgres(dir, 'pg-policy-rules', true);
  try {
    return { sqlite, postgres: await measure(options, 'PostgreSQL', pgNone, pgRuled!) };
  } finally {
    await pgNone.drop();
    await pgRuled?.drop();
  }
}

export function policyTable(r: PolicyBenchResult): string {
  const rows = (database: string, f: PolicyFigures) => {
    const added = ((f.policyMicros - f.noneMicros) / f.noneMicros) * 100;
    return [
      [`${database}: no limits, no filters`, fmtRate(f.noneMicros), fmtRate(f.noneRate), ''],
      [
        `${database}: 10 limits + 5 filters on the sender`,
        fmtRate(f.policyMicros),
        fmtRate(f.policyRate),
        `${added >= 0 ? '+' : ''}${added.toFixed(1)}% (target < 10%)`,
      ],
    ];
  };
  return table(
    ['SendMessages x1', 'server CPU µs/msg', 'msgs/s', 'added'],
    [...rows('SQLite', r.sqlite), ...(r.postgres ? rows('PostgreSQL', r.postgres) : [['PostgreSQL: not reachable, skipped', '', '', '']])],
  );
}
