// The Policy service from Python zeep (WSDL alone): quota status, inbox filters, pause and resume, and a
// PolicyException past a limit with its variables (the limit, the use, the reset time).
import { fileURLToPath } from 'node:url';
import test from 'ava';
import { password, startTestGateway } from '../helpers/gateway.js';
import { requireTools, runProgram } from '../helpers/foreign-stack.js';
import { localOperator, operatorOf } from '../helpers/policy.js';

const script = fileURLToPath(new URL('./zeep/policy_user.py', import.meta.url));
const python = '/usr/bin/python3';

test('zeep: GetQuotaStatus, AddInboxFilter/GetInboxFilters/RemoveInboxFilter, PauseDelivery/ResumeDelivery, POL7001 detail', async (t) => {
  if (!requireTools(t, { 'python3-zeep': [python, '-c', 'import zeep'] })) return;
  const gateway = await startTestGateway({ accounts: ['bob'] });
  t.teardown(() => gateway.stop());
  const policy = await operatorOf(gateway, t.teardown);
  await policy.setLimit(localOperator, 'account', 'bob@example.com', 'messages.hour', '1');
  const run = await runProgram(python, [script, gateway.url, password('bob@example.com')]);
  t.is(run.code, 0, run.stderr);
  const report = JSON.parse(run.stdout.trim().split('\n').pop()!);
  t.deepEqual(report.quota, [{ name: 'messages.hour', setAt: 'account bob@example.com', limit: 1, remaining: 1 }]);
  t.true(report.submissionAllowed);
  t.deepEqual(report.delivery, ['on', 'pausedByYou', 'on']);
  t.deepEqual(
    report.filters.map((f: any) => [f.senderDomain, f.treatment]),
    [['spam.example', 'rejectSilent']],
  );
  t.is(report.fault.element, 'PolicyException');
  t.is(report.fault.messageId, 'POL7001');
  t.deepEqual(report.fault.variables.slice(0, 3), ['messages.hour (account bob@example.com)', '1', '1']);
});
