// Python suds (suds-community, Debian python3-suds) against the served WSDL: test/interop/suds/client.py, the
// WS-Security PasswordDigest header added per request by a MessagePlugin (suds cannot compute one).
// SOAP 1.1 only: suds reads the SOAP 1.2 view of the WSDL but still sends SOAP 1.1 envelopes (docs/interop.md).
import { fileURLToPath } from 'node:url';
import test from 'ava';
import { password, startTestGateway } from '../helpers/gateway.js';
import { assertRoundTrip, interopContent, requireTools, runInteropProgram } from '../helpers/foreign-stack.js';

const client = fileURLToPath(new URL('./suds/client.py', import.meta.url));
// The Debian python3-suds lives in the system interpreter, not in whatever python3 is first on PATH.
const python = '/usr/bin/python3';

test('Python suds sends, long-polls, acknowledges and reads the ServiceException detail with a PasswordDigest token', async (t) => {
  // Skipped with a notice where suds is missing (python3-suds on Debian).
  if (!requireTools(t, { 'python3-suds': [python, '-c', 'import suds.client'] })) return;
  const gateway = await startTestGateway({ accounts: ['alice', 'bob'] });
  t.teardown(() => gateway.stop());
  const alice = 'alice@example.com';
  const report = await runInteropProgram(t, python, [
    client,
    gateway.wsdlUrl,
    alice,
    password(alice),
    'bob@example.com',
    interopContent.toString('base64'),
  ]);
  t.regex(report.stack, /^python-suds /);
  // suds keeps the prefix the gateway's envelope used.
  t.is(report.fault?.faultcode, 'soap:Client');
  await assertRoundTrip(t, gateway, report);
});
