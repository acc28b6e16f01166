// The policy examples run as documented (docs/operations.md), twice each: the user's side against a gateway
// with the demo accounts, the operator's side against its database.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import test from 'ava';
import { demoAccounts } from '../../src/main/gateway.js';
import { startTestGateway } from '../helpers/gateway.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const run = (command: string, args: string[]) =>
  new Promise<{ code: number; stdout: string; stderr: string }>((resolve) =>
    execFile(command, args, { cwd: root }, (error, stdout, stderr) =>
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    ),
  );

test('examples/policy: quota status, an inbox filter, pause and resume, then the operator script; each twice', async (t) => {
  const gateway = await startTestGateway({ accounts: demoAccounts.map((a) => ({ ...a })) });
  t.teardown(() => gateway.stop());
  for (const round of [1, 2]) {
    const user = await run(process.execPath, ['--import', 'tsx', 'examples/policy/quota.ts', gateway.url]);
    t.is(user.code, 0, user.stdout + user.stderr);
    t.regex(user.stdout, /submission allowed: true, delivery: on/, `round ${round}`);
    t.regex(user.stdout, /alice's filters: #\d+ subject \*lottery\* -> discard\n/);
    t.regex(
      user.stdout,
      /delivery: pausedByYou\nwhile paused alice gets 0 messages\ndelivery: on\nalice got: see you at 8\nremoved filter #\d+\n$/,
    );

    const operator = await run('bash', [
      'examples/policy/operator.sh',
      '--db',
      join(gateway.dir, 'imwsi.sqlite'),
      '--domain',
      'example.com',
    ]);
    t.is(operator.code, 0, operator.stderr);
    t.regex(operator.stdout, /^limit messages\.hour = 600 for domain example\.com\n/);
    t.regex(
      operator.stdout,
      /reports off for destination outage\.example\nreports off\tdestination outage\.example\tset by operator\nreports on for destination outage\.example\n$/,
    );
  }
  // With the operator's limit in place, alice now sees it.
  const user = await run(process.execPath, ['--import', 'tsx', 'examples/policy/quota.ts', gateway.url]);
  t.regex(user.stdout, /limit messages\.hour \(domain example\.com\): 600, 600 left, resets 20/);
});
