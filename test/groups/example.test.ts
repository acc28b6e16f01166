// examples/groups/chat-room.ts runs as documented against a real gateway with the demo accounts, twice.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import test from 'ava';
import { demoAccounts } from '../../src/main/gateway.js';
import { startTestGateway } from '../helpers/gateway.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

const runExample = (url: string) =>
  new Promise<{ code: number; output: string }>((resolve) =>
    execFile(process.execPath, ['--import', 'tsx', 'examples/groups/chat-room.ts', url], { cwd: root }, (error, stdout, stderr) =>
      resolve({ code: error ? Number(error.code ?? 1) : 0, output: stdout + stderr }),
    ),
  );

test('the groups example creates a group, joins, chats, reads the copies and the history, closes; and runs again', async (t) => {
  const gateway = await startTestGateway({ accounts: demoAccounts.map((a) => ({ ...a })) });
  t.teardown(() => gateway.stop());
  for (let run = 1; run <= 2; run++) {
    const { code, output } = await runExample(gateway.url);
    t.is(code, 0, output);
    t.regex(output, /bob joined as Bobby; members: 2/);
    t.regex(output, /bob got from Alice in Lunch: Pizza at noon\? 🍕/);
    t.regex(output, /bob sees: Alice is typing in Lunch\./);
    t.regex(output, /history: \[Bobby joined\] \| Alice: Pizza at noon\? 🍕 \| Bobby: Yes!/);
    t.regex(output, /alice closed the group: true/);
  }
});
