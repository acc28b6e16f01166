// examples/operations/operations.sh runs as documented against a real gateway with the demo accounts, twice.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import test from 'ava';
import { demoAccounts } from '../../src/main/gateway.js';
import { startTestGateway } from '../helpers/gateway.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

test('the operations example: prepaid, suspend refuses a send, statistics, usage export and audit, run twice', async (t) => {
  const gateway = await startTestGateway({ accounts: demoAccounts.map((a) => ({ ...a })) });
  t.teardown(() => gateway.stop());
  for (const round of [1, 2]) {
    const result = await new Promise<{ code: number; stdout: string; stderr: string }>((resolve) =>
      execFile(
        'bash',
        ['examples/operations/operations.sh', gateway.url, join(gateway.dir, 'imwsi.sqlite')],
        { cwd: root },
        (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
      ),
    );
    t.is(result.code, 0, `round ${round}: ${result.stderr}`);
    t.regex(result.stdout, /<(\w+:)?status>queued</, `round ${round}: Alice's prepaid send is stored`);
    t.regex(result.stdout, /<(\w+:)?payment>prepaid<\/(\w+:)?payment>/);
    t.regex(result.stdout, /POL6001/, `round ${round}: suspended Bob's send is refused`);
    t.regex(result.stdout, /ResumeAccountResponse[\s\S]*<(\w+:)?state>active</);
    t.regex(result.stdout, /<(\w+:)?domainTraffic>[\s\S]*<(\w+:)?name>example.com</);
    t.regex(result.stdout, /<(\w+:)?nextAfterId>\d+</);
    t.regex(result.stdout, /SuspendAccount +bob@example.com +ok/);
    t.regex(result.stdout, /,message-exploded,RECEIVING,bob@example.com,\+15550100002,E164,/);
  }
});
