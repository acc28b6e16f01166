// Perl SOAP::Lite against the served WSDL: test/interop/perl/client.pl, WS-Security header by hand.
// SOAP 1.1 only: SOAP::Schema, SOAP::Lite's WSDL reader, does not understand soap12 bindings.
import { fileURLToPath } from 'node:url';
import test from 'ava';
import { password, startTestGateway } from '../helpers/gateway.js';
import { assertRoundTrip, interopContent, requireTools, runInteropProgram, runProgram } from '../helpers/foreign-stack.js';

const client = fileURLToPath(new URL('./perl/client.pl', import.meta.url));
const unqualified = fileURLToPath(new URL('./perl/unqualified.pl', import.meta.url));

test('Perl SOAP::Lite sends, long-polls, acknowledges and reads the ServiceException detail with a PasswordDigest token', async (t) => {
  // Skipped with a notice where SOAP::Lite is missing (libsoap-lite-perl on Debian).
  if (!requireTools(t, { 'SOAP::Lite': ['perl', '-MSOAP::Lite', '-MJSON::PP', '-MDigest::SHA', '-e', '1'] })) return;
  const gateway = await startTestGateway({ accounts: ['alice', 'bob'] });
  t.teardown(() => gateway.stop());
  const alice = 'alice@example.com';
  const report = await runInteropProgram(t, 'perl', [
    client,
    gateway.wsdlUrl,
    alice,
    password(alice),
    'bob@example.com',
    interopContent.toString('base64'),
  ]);
  t.regex(report.stack, /^perl-soap-lite /);
  await assertRoundTrip(t, gateway, report);
});

test('SOAP::Lite default call gets SVC1010 naming soap:encodingStyle, and without it SVC1008 naming the namespace to use', async (t) => {
  if (!requireTools(t, { 'SOAP::Lite': ['perl', '-MSOAP::Lite', '-MJSON::PP', '-e', '1'] })) return;
  const gateway = await startTestGateway();
  t.teardown(() => gateway.stop());
  const detailOf = async (...mode: string[]) => {
    const run = await runProgram('perl', [unqualified, gateway.wsdlUrl, ...mode]);
    t.is(run.code, 0, run.stderr);
    return (JSON.parse(run.stdout) as { detail?: { messageId: string; variables: string[] } }).detail;
  };
  const encoded = await detailOf();
  t.is(encoded?.messageId, 'SVC1010');
  t.regex(String(encoded?.variables), /encodingStyle/);
  const literal = await detailOf('literal');
  t.is(literal?.messageId, 'SVC1008');
  t.deepEqual(literal?.variables, ['GetMessages', 'http://imwsi.org/wsi/InstantMessaging/v1', '(no namespace)']);
});
