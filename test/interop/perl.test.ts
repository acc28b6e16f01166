// Perl SOAP::Lite against the served WSDL: test/interop/perl/client.pl, WS-Security header by hand.
import { fileURLToPath } from 'node:url';
import test from 'ava';
import { password, startTestGateway } from '../helpers/gateway.js';
import { assertRoundTrip, interopContent, requireTools, runInteropProgram } from '../helpers/foreign-stack.js';

const client = fileURLToPath(new URL('./perl/client.pl', import.meta.url));

test('Perl SOAP::Lite sends, long-polls, acknowledges and reads the ServiceException detail with a PasswordDigest token', async (t) => {
  // Skipped with a notice where SOAP::Lite is missing (libsoap-lite-perl on Debian).
  if (!requireTools(t, { 'SOAP::Lite': ['perl', '-MSOAP::Lite', '-MJSON::PP', '-MDigest::SHA', '-e', '1'] })) return;
  const gateway = await startTestGateway({ accounts: ['alice', 'bob'] });
  t.teardown(() => gateway.stop());
  const alice = 'alice@example.com';
  const report = await runInteropProgram(t, 'perl', [
    client, gateway.wsdlUrl, alice, password(alice), 'bob@example.com', interopContent.toString('base64'),
  ]);
  t.regex(report.stack, /^perl-soap-lite /);
  await assertRoundTrip(t, gateway, report);
});
