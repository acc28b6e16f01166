// examples/groups/chat-room.ts runs as documented against a real gateway with the demo accounts, twice.
import test from 'ava';
import { demoAccounts } from '../../src/main/gateway.js';
import { eachRun, runExample } from '../helpers/examples.js';
import { startTestGateway } from '../helpers/gateway.js';

test('the groups example creates a group, joins, chats, reads the copies and the history, closes; and runs again', async (t) => {
  const gateway = await startTestGateway({ accounts: demoAccounts.map((a) => ({ ...a })) });
  t.teardown(() => gateway.stop());
  await eachRun(async (run) => {
    const { code, stdout, stderr } = await runExample('examples/groups/chat-room.ts', [gateway.url]);
    const output = stdout + stderr;
    t.is(code, 0, `run ${run}: ${output}`);
    t.regex(output, /bob joined as Bobby; members: 2/);
    t.regex(output, /bob got from Alice in Lunch: Pizza at noon\? 🍕/);
    t.regex(output, /bob sees: Alice is typing in Lunch\./);
    t.regex(output, /history: \[Bobby joined\] \| Alice: Pizza at noon\? 🍕 \| Bobby: Yes!/);
    t.regex(output, /alice closed the group: true/);
  });
});
