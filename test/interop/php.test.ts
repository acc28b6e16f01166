// PHP SoapClient (ext-soap) against the served WSDL: test/interop/php/client.php, WS-Security header by hand,
// over the SOAP 1.1 view and the SOAP 1.2 view of the WSDL.
import { fileURLToPath } from 'node:url';
import test from 'ava';
import { password, startTestGateway } from '../helpers/gateway.js';
import { assertRoundTrip, interopContent, requireTools, runInteropProgram } from '../helpers/foreign-stack.js';

const client = fileURLToPath(new URL('./php/client.php', import.meta.url));

for (const [version, path] of [
  ['1.1', ''],
  ['1.2', '/soap12'],
] as const) {
  test(`PHP SoapClient over SOAP ${version} sends, polls, acknowledges and reads the ServiceException detail with a PasswordDigest token`, async (t) => {
    // Skipped with a notice where PHP or its soap extension is missing (php-cli + php-soap on Debian).
    if (!requireTools(t, { 'php-soap': ['php', '-r', 'exit(class_exists("SoapClient") ? 0 : 1);'] })) return;
    const gateway = await startTestGateway({ accounts: ['alice', 'bob'] });
    t.teardown(() => gateway.stop());
    const alice = 'alice@example.com';
    const report = await runInteropProgram(t, 'php', [
      client,
      `${gateway.url}/wsi/InstantMessaging${path}?wsdl`,
      alice,
      password(alice),
      'bob@example.com',
      interopContent.toString('base64'),
      version,
    ]);
    t.regex(report.stack, /^php-soapclient /);
    // The fault code's prefix is the envelope's, so it shows which SOAP version PHP really spoke.
    t.is(report.fault?.faultcode, version === '1.1' ? 'soap:Client' : 'soap:Sender');
    await assertRoundTrip(t, gateway, report);
  });
}
