// PHP SoapClient (ext-soap) against the served WSDL: test/interop/php/client.php, WS-Security header by hand.
import { fileURLToPath } from 'node:url';
import test from 'ava';
import { password, startTestGateway } from '../helpers/gateway.js';
import { assertRoundTrip, interopContent, requireTools, runInteropProgram } from '../helpers/foreign-stack.js';

const client = fileURLToPath(new URL('./php/client.php', import.meta.url));

test('PHP SoapClient sends, long-polls, acknowledges and reads the ServiceException detail with a PasswordDigest token', async (t) => {
  // Skipped with a notice where PHP or its soap extension is missing (php-cli + php-soap on Debian).
  if (!requireTools(t, { 'php-soap': ['php', '-r', 'exit(class_exists("SoapClient") ? 0 : 1);'] })) return;
  const gateway = await startTestGateway({ accounts: ['alice', 'bob'] });
  t.teardown(() => gateway.stop());
  const alice = 'alice@example.com';
  const report = await runInteropProgram(t, 'php', [
    client, gateway.wsdlUrl, alice, password(alice), 'bob@example.com', interopContent.toString('base64'),
  ]);
  t.regex(report.stack, /^php-soapclient /);
  await assertRoundTrip(t, gateway, report);
});
