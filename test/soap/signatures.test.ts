// X.509 signatures over Body and Timestamp for accounts that pin a certificate (DESIGN "Security").
import test from 'ava';
import * as soap from 'soap';
import { list, text } from '../helpers/clients.js';
import { password, startTestGateway, type TestGateway } from '../helpers/gateway.js';
import { envelope, faultCode, post } from '../helpers/raw.js';
import { type KeyPair, makeKeyPair, signEnvelope, timestampXml } from '../helpers/signing.js';

let gateway: TestGateway;
let game: KeyPair;
let intruder: KeyPair;
test.before(async () => {
  gateway = await startTestGateway({ accounts: ['game', 'bob'] });
  game = makeKeyPair('game');
  intruder = makeKeyPair('intruder');
  await gateway.accounts.setSigningCertificate('game@example.com', game.cert);
});
test.after.always(() => gateway.stop());

const endpoint = () => `${gateway.url}/wsi/InstantMessaging`;
const sendBody = (words: string) =>
  `<im:message><im:recipient>bob@example.com</im:recipient><im:content>${text(words)}</im:content></im:message>`;
/** A SendMessages envelope from game@ whose Security header carries a UsernameToken and a Timestamp. */
const unsigned = (words: string, lifetime = 300) =>
  envelope('SendMessages', sendBody(words), { user: 'game@example.com' }).replace(
    '</wsse:Security>',
    `${timestampXml(lifetime)}</wsse:Security>`,
  );

test('node soap signing with the registered key (WSSecurityPlusCert) is accepted', async (t) => {
  const client = await soap.createClientAsync(gateway.wsdlUrl);
  const token = new soap.WSSecurity('game@example.com', password('game@example.com'), {
    passwordType: 'PasswordDigest',
    hasTimeStamp: false,
  });
  client.setSecurity(new soap.WSSecurityPlusCert(token, new soap.WSSecurityCert(game.key, game.cert, '')));
  const [sent] = await client.SendMessagesAsync({ message: [{ recipient: ['bob@example.com'], content: text('signed move e2e4') }] });
  t.is(list((list(sent.result)[0] as any).recipientResult)[0].status, 'queued');
});

test('an account that pins a certificate is refused without a signature (SVC1107)', async (t) => {
  const response = await post(endpoint(), unsigned('unsigned'));
  t.is(response.status, 500);
  t.is(faultCode(response.body), 'SVC1107');
});

test("a signature by another key is refused even with that key's certificate in the message (SVC1108)", async (t) => {
  t.is(faultCode((await post(endpoint(), signEnvelope(unsigned('forged'), intruder))).body), 'SVC1108');
});

test('a Body changed after signing is refused (SVC1108)', async (t) => {
  const signed = signEnvelope(unsigned('pay 1 coin'), game);
  const tampered = signed.replace(text('pay 1 coin'), text('pay 999 coins'));
  const response = await post(endpoint(), tampered);
  t.is(faultCode(response.body), 'SVC1108');
  t.regex(response.body, /does not verify|digest/i);
});

test('a signed Body moved aside and replaced by another (signature wrapping) is refused (SVC1108)', async (t) => {
  const signed = signEnvelope(unsigned('harmless'), game);
  const body = /<soap:Body[^>]*>[\s\S]*<\/soap:Body>/.exec(signed)![0];
  const wrapped = signed
    .replace(body, `<soap:Body><im:SendMessages>${sendBody('evil')}</im:SendMessages></soap:Body>`)
    .replace('</soap:Header>', `<Wrapper>${body}</Wrapper></soap:Header>`);
  const response = await post(endpoint(), wrapped);
  t.is(faultCode(response.body), 'SVC1108');
  t.regex(response.body, /soap:Body is not signed|exactly one/);
});

test('a signature that leaves the Timestamp unsigned is refused (SVC1108)', async (t) => {
  t.is(faultCode((await post(endpoint(), signEnvelope(unsigned('no ts'), game, ['Body']))).body), 'SVC1108');
});

test('a correctly signed raw envelope is accepted, and a Timestamp living too long is refused (SVC1109)', async (t) => {
  t.is((await post(endpoint(), signEnvelope(unsigned('fine'), game))).status, 200);
  t.is(faultCode((await post(endpoint(), signEnvelope(unsigned('forever', 86_400), game))).body), 'SVC1109');
});
