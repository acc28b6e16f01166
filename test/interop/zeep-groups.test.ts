// Python zeep drives the Groups service from its WSDL alone (test/interop/zeep-groups/group_chat.py): create,
// join, a taken screen name with its suggestions in the fault detail, a group message, the copy in the inbox
// with its groupMessage notification, the history. Skipped with a notice where zeep is missing.
import { fileURLToPath } from 'node:url';
import test from 'ava';
import { password, startTestGateway } from '../helpers/gateway.js';
import { requireTools, runProgram } from '../helpers/foreign-stack.js';

const script = fileURLToPath(new URL('zeep-groups/group_chat.py', import.meta.url));
// The Debian python3-zeep lives in the system interpreter, not in whatever python3 is first on PATH.
const python = '/usr/bin/python3';

test('zeep: a group from the WSDL alone: create, join, SVC5002 with suggestions, a group message and its copy, history', async (t) => {
  if (!requireTools(t, { 'python3-zeep': [python, '-c', 'import zeep'] })) return;
  const gateway = await startTestGateway({ accounts: ['julia', 'romeo', 'maria'] });
  t.teardown(() => gateway.stop());
  const run = await runProgram(python, [script, gateway.url, ...['julia', 'romeo', 'maria'].map((n) => password(`${n}@example.com`))]);
  t.log(run.stdout + run.stderr);
  t.is(run.code, 0);
  const report = JSON.parse(run.stdout.trim().split('\n').at(-1) ?? '{}');
  t.is(report.joined, 'joined');
  t.is(report.fault?.messageId, 'SVC5002');
  t.deepEqual(report.fault?.variables.slice(0, 1), ['romeo']);
  t.true(report.fault?.variables.length >= 3, 'the suggestions travel in the fault detail');
  t.is(report.sent.recipients, 1);
  t.like(report.copy, {
    text: 'Wherefore art thou? 🌹',
    sender: 'julia@example.com',
    recipient: [`group:${report.groupId}`],
    groupId: report.groupId,
    screenName: 'Julia',
    groupSequence: String(report.sent.groupSequence),
  });
  t.deepEqual(report.history, [
    ['event', 'Romeo', 'joined'],
    ['message', 'Julia', Buffer.from('Wherefore art thou? 🌹').toString('base64')],
  ]);
});
