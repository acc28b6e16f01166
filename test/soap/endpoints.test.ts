// What the gateway serves besides operations: WSDLs, the SOAP 1.2 endpoint, HTTPS, health and metrics.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import test from 'ava';
import * as soap from 'soap';
import { checkHandlersMatchWsdl } from '../../src/platform/soap/mount.js';
import { instantMessagingSoapService } from '../../src/modules/messaging/soap.js';
import { list, nodeSoapClient, text } from '../helpers/clients.js';
import { password, startTestGateway, tempDir } from '../helpers/gateway.js';
import { envelope, post } from '../helpers/raw.js';

test('every WSDL operation has a handler and every handler a WSDL operation', (t) => {
  const definition = instantMessagingSoapService({} as never, {} as never);
  t.notThrows(() => checkHandlersMatchWsdl(definition));
  const extra = { ...definition, handlers: { ...definition.handlers, Undeclared: definition.handlers.SendMessages! } };
  t.throws(() => checkHandlersMatchWsdl(extra), { message: /Undeclared/ });
  const { GetDeliveryStatus: _dropped, ...missing } = definition.handlers;
  t.throws(() => checkHandlersMatchWsdl({ ...definition, handlers: missing }), { message: /GetDeliveryStatus/ });
});

test('the served WSDL is one self-contained file whose address is the URL the server listens on', async (t) => {
  const gateway = await startTestGateway();
  t.teardown(() => gateway.stop());
  const wsdl = await (await fetch(gateway.wsdlUrl)).text();
  t.notRegex(wsdl, /<(wsdl|xsd):(import|include)\b/);
  t.regex(wsdl, new RegExp(`<soap:address location="${gateway.url}/wsi/InstantMessaging"/>`));
  t.notRegex(wsdl, /soap12:address/);
  const wsdl12 = await (await fetch(`${gateway.url}/wsi/InstantMessaging/soap12?wsdl`)).text();
  t.regex(wsdl12, new RegExp(`<soap12:address location="${gateway.url}/wsi/InstantMessaging/soap12"/>`));
  t.notRegex(wsdl12, /<soap:address/);
});

test('the SOAP 1.2 endpoint answers SOAP 1.2 envelopes, faults included', async (t) => {
  const gateway = await startTestGateway({ accounts: ['alice', 'bob'] });
  t.teardown(() => gateway.stop());
  const client = await soap.createClientAsync(`${gateway.url}/wsi/InstantMessaging/soap12?wsdl`, { forceSoap12Headers: true });
  client.setSecurity(
    new soap.WSSecurity('alice@example.com', password('alice@example.com'), { passwordType: 'PasswordDigest', hasTimeStamp: false }),
  );
  const [sent] = await client.SendMessagesAsync({ message: [{ recipient: ['bob@example.com'], content: text('over 1.2') }] });
  t.is(list((list(sent.result)[0] as any).recipientResult)[0].status, 'queued');
  t.regex(String(client.lastResponseHeaders?.['content-type'] ?? ''), /application\/soap\+xml/);
  const fault = await post(
    `${gateway.url}/wsi/InstantMessaging/soap12`,
    envelope('GetDeliveryStatus', '<im:messageId>nope</im:messageId>', { user: 'alice@example.com' }, '1.2'),
    { 'content-type': 'application/soap+xml; charset=utf-8' },
  );
  t.is(fault.status, 500);
  t.regex(fault.body, /<soap:Value>soap:Sender<\/soap:Value>/);
  t.regex(fault.body, /<f:messageId>SVC2001<\/f:messageId>/);
});

test('HTTPS is served when a certificate and key are configured, and PasswordText is accepted over it', async (t) => {
  const dir = tempDir();
  const cert = join(dir, 'cert.pem');
  const key = join(dir, 'key.pem');
  execFileSync(
    'openssl',
    ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '1', '-subj', '/CN=127.0.0.1'],
    { stdio: 'ignore' },
  );
  const gateway = await startTestGateway({ accounts: ['bob'], settings: { 'tls-cert': cert, 'tls-key': key } });
  t.teardown(() => gateway.stop());
  t.regex(gateway.url, /^https:/);
  const { request } = await import('node:https');
  const body = envelope('GetMessages', '', { user: 'bob@example.com', type: 'text' });
  const status = await new Promise<number>((resolve, reject) => {
    const req = request(
      `${gateway.url}/wsi/InstantMessaging`,
      { method: 'POST', rejectUnauthorized: false, headers: { 'content-type': 'text/xml' } },
      (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
  t.is(status, 200);
});

test('/healthz answers ok and /metrics counts requests, faults, messages and inbox depth', async (t) => {
  const gateway = await startTestGateway({ accounts: ['alice', 'bob'] });
  t.teardown(() => gateway.stop());
  t.deepEqual(await (await fetch(`${gateway.url}/healthz`)).json(), {
    status: 'ok',
    domains: ['example.com'],
    checks: { prototypes: 'ok', soap: 'ok', database: 'ok' },
  });
  const alice = await nodeSoapClient(gateway.wsdlUrl, 'alice@example.com');
  await alice.call('SendMessages', { message: [{ recipient: ['bob@example.com'], content: text('x') }] });
  await t.throwsAsync(alice.call('GetDeliveryStatus', { messageId: 'nope' }));
  const metrics = await (await fetch(`${gateway.url}/metrics`)).text();
  t.regex(metrics, /imwsi_soap_requests_total\{service="InstantMessaging",operation="SendMessages"\} 1/);
  t.regex(metrics, /imwsi_soap_faults_total\{operation="GetDeliveryStatus",code="SVC2001"\} 1/);
  t.regex(metrics, /imwsi_messages_sent_total 1/);
  t.regex(metrics, /imwsi_inbox_depth 1/);
});
