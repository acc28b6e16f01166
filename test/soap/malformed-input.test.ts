// Bad input gets a SOAP fault with a clear code: HTTP 500, no stack trace, no hang, no crash, nothing written.
import test from 'ava';
import { startTestGateway, type TestGateway } from '../helpers/gateway.js';
import { envelope, faultCode, post } from '../helpers/raw.js';

let gateway: TestGateway;
test.before(async () => {
  gateway = await startTestGateway({
    accounts: ['alice', 'bob'],
    settings: { 'request-bytes': 65536, 'max-xml-depth': 16, 'request-timeout-ms': 500 },
  });
});
test.after.always(() => gateway.stop());

const send = (inner: string) => envelope('SendMessages', `<im:message>${inner}</im:message>`, { user: 'alice@example.com' });
const valid = '<im:recipient>bob@example.com</im:recipient><im:content>aGk=</im:content>';

const cases: Record<string, { body: () => string | Uint8Array; code: string; status?: number }> = {
  'malformed XML': { body: () => '<soap:Envelope><unclosed>', code: 'SVC1002' },
  'a DOCTYPE': {
    body: () => `<?xml version="1.0"?><!DOCTYPE x [<!ELEMENT x ANY>]>` + send(valid).replace('<?xml version="1.0" encoding="utf-8"?>', ''),
    code: 'SVC1003',
  },
  'an entity declaration (billion laughs)': {
    body: () => `<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]><lolz>&lol2;</lolz>`,
    code: 'SVC1003',
  },
  'an oversize body': { body: () => send(valid + `<im:subject>${'x'.repeat(70_000)}</im:subject>`), code: 'POL1003', status: 413 },
  'an empty body': { body: () => '', code: 'SVC1001' },
  'an unknown operation': { body: () => envelope('DeleteEverything', '', { user: 'alice@example.com' }), code: 'SVC1005' },
  'a non-SOAP document': { body: () => '<hello>world</hello>', code: 'SVC1006' },
  'a SOAP 1.2 envelope on the SOAP 1.1 path': {
    body: () => envelope('GetMessages', '', { user: 'alice@example.com' }, '1.2'),
    code: 'SVC1006',
  },
  // The schema refuses unknown elements in the Body at once; a foreign header is where depth alone decides.
  'excessive nesting': {
    body: () => send(valid).replace('<soap:Header>', `<soap:Header>${'<x:a xmlns:x="urn:x">'.repeat(40)}${'</x:a>'.repeat(40)}`),
    code: 'SVC1004',
  },
  'an element named __proto__': { body: () => send(valid + '<__proto__>x</__proto__>'), code: 'SVC1007' },
  'an element named constructor': { body: () => send(valid + '<constructor>x</constructor>'), code: 'SVC1007' },
  'a non-integer validitySeconds': { body: () => send(valid + '<im:validitySeconds>soon</im:validitySeconds>'), code: 'SVC0002' },
  'content that is not base64': {
    body: () => send('<im:recipient>bob@example.com</im:recipient><im:content>%%%not base64%%%</im:content>'),
    code: 'SVC0002',
  },
  'a priority outside the enumeration': { body: () => send(valid + '<im:priority>whenever</im:priority>'), code: 'SVC0002' },
  'a message without content': { body: () => send('<im:recipient>bob@example.com</im:recipient>'), code: 'SVC0002' },
  'a message without recipients': { body: () => send('<im:content>aGk=</im:content>'), code: 'SVC0002' },
  'a malformed contentType': { body: () => send(valid + '<im:contentType>not a mime type</im:contentType>'), code: 'SVC0002' },
  'a negative maxMessages': {
    body: () => envelope('GetMessages', '<im:maxMessages>-3</im:maxMessages>', { user: 'bob@example.com' }),
    code: 'SVC0002',
  },
  'an integer with trailing garbage': { body: () => send(valid + '<im:validitySeconds>12abc</im:validitySeconds>'), code: 'SVC0002' },
  'a non-boolean deliveryReport': { body: () => send(valid + '<im:deliveryReport>maybe</im:deliveryReport>'), code: 'SVC0002' },
};

for (const [name, c] of Object.entries(cases)) {
  test.serial(`${name} gets fault ${c.code} with HTTP 500, no stack trace, and nothing is written`, async (t) => {
    const depthBefore = await gateway.store.inbox.depth();
    const response = await post(`${gateway.url}/wsi/InstantMessaging`, c.body());
    t.is(response.status, c.status ?? 500);
    t.regex(response.contentType, /xml/);
    t.is(faultCode(response.body), c.code, response.body);
    t.notRegex(response.body, /at \w+ \(|node_modules|\.ts:\d+/);
    t.is(await gateway.store.inbox.depth(), depthBefore);
  });
}

test.serial('the server still serves after every kind of bad input', async (t) => {
  const response = await post(`${gateway.url}/wsi/InstantMessaging`, send(valid));
  t.is(response.status, 200);
  t.regex(response.body, /<(\w+:)?status>queued</);
});

test('a request that stops mid-body is cut off by the server instead of hanging', async (t) => {
  const { connect } = await import('node:net');
  const { port } = new URL(gateway.url);
  const socket = connect(Number(port), '127.0.0.1');
  socket.write(`POST /wsi/InstantMessaging HTTP/1.1\r\nHost: x\r\nContent-Type: text/xml\r\nContent-Length: 500\r\n\r\n<soap:Env`);
  const closed = await new Promise<string>((resolve) => {
    let data = '';
    socket.on('data', (chunk) => (data += chunk));
    socket.on('close', () => resolve(data));
  });
  t.regex(closed, /^HTTP\/1.1 408|^$/);
});
