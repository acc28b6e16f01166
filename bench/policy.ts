// The cost of the policy checks (issue 13, docs/operations.md): server CPU per single-message SendMessages on
// a gateway with no policy at all, and on one where ten limits and five filters apply to the sender. Both
// gateways run in turn, twice each (A B A B), and the lower figure of each is kept: the machine is shared.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { localOperator } from '../src/kernel/require-role.js';
import { openBackend } from '../src/main/backend.js';
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
async function configurePolicy(file: string): Promise<void> {
  const backend = await openBackend(
    configWith({ db: file, domain: 'example.com', 'log-level': 'silent' }),
    Date.now,
    createLogger('silent'),
  );
  try {
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
  } finally {
    await backend.close();
  }
}

async function prepare(dir: string, name: string, withPolicy: boolean): Promise<{ file: string; recipients: string[] }> {
  mkdirSync(join(dir, name), { recursive: true });
  const file = join(dir, name, 'imwsi.sqlite');
  const prefill = await openPrefill(file);
  const receivers = await prefill.accounts('rx', 8, password).finally(() => prefill.close());
  await addUser(file, sender.address, password);
  if (withPolicy) await configurePolicy(file);
  return { file, recipients: Array.from({ length: receivers.count }, (_, i) => receivers.address(i)) };
}

export interface PolicyBenchResult {
  readonly noneMicros: number;
  readonly policyMicros: number;
  readonly noneRate: number;
  readonly policyRate: number;
}

export async function policyBench(options: BenchOptions, dir: string): Promise<PolicyBenchResult> {
  step('policy: CPU per single send with no policy, then with ten limits and five filters applying to the sender (A B A B)');
  const none = await prepare(dir, 'policy-none', false);
  const ruled = await prepare(dir, 'policy-rules', true);
  const runs: { withPolicy: boolean; micros: number; rate: number }[] = [];
  for (const db of [none, ruled, none, ruled]) {
    const gateway = await startGatewayProcess({ db: db.file });
    const poster = soapPoster(gateway.url, Math.max(options.connections, 64));
    try {
      const result = await sendThroughput(
        `imwsi${db === ruled ? ' with policy' : ''}: SendMessages x1`,
        { poster, cpuSeconds: () => gateway.cpuSeconds() },
        {
          sender,
          recipients: db.recipients,
          seconds: options.seconds,
          warmupSeconds: options.warmupSeconds,
          connections: options.connections,
          perRequest: 1,
        },
      );
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

export function policyTable(r: PolicyBenchResult): string {
  const added = ((r.policyMicros - r.noneMicros) / r.noneMicros) * 100;
  return table(
    ['SendMessages x1 (SQLite)', 'server CPU µs/msg', 'msgs/s', 'added'],
    [
      ['no limits, no filters', fmtRate(r.noneMicros), fmtRate(r.noneRate), ''],
      [
        '10 limits + 5 filters on the sender',
        fmtRate(r.policyMicros),
        fmtRate(r.policyRate),
        `${added >= 0 ? '+' : ''}${added.toFixed(1)}% (target < 10%)`,
      ],
    ],
  );
}
