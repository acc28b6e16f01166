// WS-Security UsernameToken (GS-1, GS-5, PP2-1, WSI-13) and inbox isolation.
import test from 'ava';
import { faultOf, list, nodeSoapClient, strongSoapClient, text } from '../helpers/clients.js';
import { startTestGateway } from '../helpers/gateway.js';
import { envelope, faultCode, post } from '../helpers/raw.js';

const endpoint = (url: string) => `${url}/wsi/InstantMessaging`;
const getMessages = '<im:maxMessages>1</im:maxMessages>';

test('a replayed nonce is rejected with SVC1103', async (t) => {
  const gateway = await startTestGateway({ accounts: ['bob'] });
  t.teardown(() => gateway.stop());
  const request = envelope('GetMessages', getMessages, { user: 'bob@example.com' });
  t.is((await post(endpoint(gateway.url), request)).status, 200);
  const replay = await post(endpoint(gateway.url), request);
  t.is(replay.status, 500);
  t.is(faultCode(replay.body), 'SVC1103');
});

test('a wrong password is rejected with SVC1102, for known and unknown users alike', async (t) => {
  const gateway = await startTestGateway({ accounts: ['bob'] });
  t.teardown(() => gateway.stop());
  for (const user of ['bob@example.com', 'nobody@example.com']) {
    const response = await post(endpoint(gateway.url), envelope('GetMessages', '', { user, secret: 'wrong-password' }));
    t.is(response.status, 500);
    t.is(faultCode(response.body), 'SVC1102', user);
  }
  const viaClient = await nodeSoapClient(gateway.wsdlUrl, 'bob@example.com', 'not-his-password');
  t.is(faultOf(await t.throwsAsync(viaClient.call('GetMessages', {}))).messageId, 'SVC1102');
});

test('a Created outside the allowed window is rejected with SVC1104', async (t) => {
  const gateway = await startTestGateway({ accounts: ['bob'], settings: { 'created-window-seconds': 60 } });
  t.teardown(() => gateway.stop());
  for (const offset of [-120_000, 120_000]) {
    const created = new Date(Date.now() + offset).toISOString();
    const response = await post(endpoint(gateway.url), envelope('GetMessages', '', { user: 'bob@example.com', created }));
    t.is(faultCode(response.body), 'SVC1104');
  }
});

test('a request without a UsernameToken is rejected with SVC1101', async (t) => {
  const gateway = await startTestGateway({ accounts: ['bob'] });
  t.teardown(() => gateway.stop());
  const response = await post(endpoint(gateway.url), envelope('GetMessages', ''));
  t.is(response.status, 500);
  t.is(faultCode(response.body), 'SVC1101');
});

test('PasswordText is refused over plain HTTP unless explicitly enabled', async (t) => {
  const strict = await startTestGateway({ accounts: ['bob'] });
  const lenient = await startTestGateway({ accounts: ['bob'], settings: { 'allow-password-text': true } });
  t.teardown(() => Promise.all([strict.stop(), lenient.stop()]));
  const request = () => envelope('GetMessages', '', { user: 'bob@example.com', type: 'text' });
  t.is(faultCode((await post(endpoint(strict.url), request())).body), 'SVC1105');
  t.is((await post(endpoint(lenient.url), request())).status, 200);
  const wrong = envelope('GetMessages', '', { user: 'bob@example.com', type: 'text', secret: 'nope-nope' });
  t.is(faultCode((await post(endpoint(lenient.url), wrong)).body), 'SVC1102');
});

test('a caller reads only its own inbox', async (t) => {
  const gateway = await startTestGateway({ accounts: ['alice', 'bob', 'mallory'] });
  t.teardown(() => gateway.stop());
  const alice = await strongSoapClient(gateway.wsdlUrl, 'alice@example.com');
  const mallory = await strongSoapClient(gateway.wsdlUrl, 'mallory@example.com');
  await alice.call('SendMessages', { message: [{ recipient: ['bob@example.com'], content: text('for bob only') }] });
  t.is(faultOf(await t.throwsAsync(mallory.call('GetMessages', { inbox: 'bob@example.com' }))).messageId, 'POL1004');
  t.is(list((await mallory.call('GetMessages', {})).message).length, 0);
  const bob = await strongSoapClient(gateway.wsdlUrl, 'bob@example.com');
  t.is(list((await bob.call('GetMessages', { inbox: 'BOB@Example.com' })).message).length, 1);
});

test('only the sender may ask for a delivery status; others learn nothing', async (t) => {
  const gateway = await startTestGateway({ accounts: ['alice', 'bob'] });
  t.teardown(() => gateway.stop());
  const alice = await nodeSoapClient(gateway.wsdlUrl, 'alice@example.com');
  const bob = await nodeSoapClient(gateway.wsdlUrl, 'bob@example.com');
  const sent = await alice.call('SendMessages', { message: [{ recipient: ['bob@example.com'], content: text('x') }] });
  const messageId = (list(sent.result)[0] as any).messageId;
  t.is(faultOf(await t.throwsAsync(bob.call('GetDeliveryStatus', { messageId }))).messageId, 'SVC2001');
  t.is(faultOf(await t.throwsAsync(alice.call('GetDeliveryStatus', { messageId: 'no-such-id' }))).messageId, 'SVC2001');
});

test('another caller cannot acknowledge messages leased to someone else', async (t) => {
  const gateway = await startTestGateway({ accounts: ['alice', 'bob'] });
  t.teardown(() => gateway.stop());
  const alice = await nodeSoapClient(gateway.wsdlUrl, 'alice@example.com');
  const bob = await nodeSoapClient(gateway.wsdlUrl, 'bob@example.com');
  await alice.call('SendMessages', { message: [{ recipient: ['bob@example.com'], content: text('x') }] });
  const batch = await bob.call('GetMessages', {});
  t.is(Number((await alice.call('AckMessages', { ackToken: batch.ackToken })).acknowledged), 0);
  t.is(Number((await bob.call('AckMessages', { ackToken: batch.ackToken })).acknowledged), 1);
});

test('node-soap: guessing passwords is slowed down: past five wrong ones the account gets POL1008 with Retry-After, also for the right one', async (t) => {
  const gateway = await startTestGateway({ accounts: ['guessed'] });
  t.teardown(() => gateway.stop());
  const guesser = await nodeSoapClient(gateway.wsdlUrl, 'guessed@example.com', 'not-the-password');
  // Built (WSDL fetched) before the guessing, so its call follows the seventh at once, inside the 1 s wait.
  const owner = await nodeSoapClient(gateway.wsdlUrl, 'guessed@example.com');
  const codes: string[] = [];
  for (let i = 0; i < 7; i++) {
    codes.push(faultOf(await t.throwsAsync(guesser.call('GetMessages', { maxMessages: 1 }))).messageId);
  }
  // Five failures are free; the sixth starts a 1 s wait (login-throttle.ts), refused before any password check.
  t.deepEqual(codes, ['SVC1102', 'SVC1102', 'SVC1102', 'SVC1102', 'SVC1102', 'SVC1102', 'POL1008']);
  const refused = await t.throwsAsync(owner.call('GetMessages', { maxMessages: 1 }));
  t.is(faultOf(refused).messageId, 'POL1008');
  t.truthy((refused as { response?: { headers?: Record<string, string> } }).response?.headers?.['retry-after']);
  const metrics = await (await fetch(`${gateway.url}/metrics`)).text();
  t.regex(metrics, /imwsi_authentication_failures_total\{code="SVC1102"\} 6/);
});
