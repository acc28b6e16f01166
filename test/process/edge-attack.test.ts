// Issue 7's critical finding, replayed against a real `imwsi serve` process: one unauthenticated request with
// id="__proto__" (or a variant: in a second Header, inside CDATA that holds an XML document, an href to
// __proto__ or constructor, an element named after an Object.prototype member) used to disable every
// service until restart while /healthz said ok. Now each gets its fault, and afterwards every service still
// works and /healthz reports every check ok.
import { join } from 'node:path';
import test from 'ava';
import { nodeSoapClient, text } from '../helpers/clients.js';
import { password, tempDir } from '../helpers/gateway.js';
import { imwsi, type ImwsiProcess, serve } from '../helpers/process.js';
import { faultCode, imNamespace, post } from '../helpers/raw.js';

const soap11 = 'http://schemas.xmlsoap.org/soap/envelope/';
const wrap = (inner: string) =>
  `<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="${soap11}" xmlns:im="${imNamespace}">${inner}</soap:Envelope>`;

const attacks: Record<string, { body: string; code: string }> = {
  'id="__proto__" on the operation element': {
    body: wrap('<soap:Body><im:GetMessages id="__proto__"><im:maxMessages>1</im:maxMessages></im:GetMessages></soap:Body>'),
    code: 'SVC1010',
  },
  'id="__proto__" in a second Header': {
    body: wrap('<soap:Header/><soap:Header><x:h xmlns:x="urn:x" id="__proto__"/></soap:Header><soap:Body><im:GetMessages/></soap:Body>'),
    code: 'SVC1013',
  },
  'id="__proto__" on a header entry': {
    body: wrap('<soap:Header><x:h xmlns:x="urn:x" id="__proto__"/></soap:Header><soap:Body><im:GetMessages/></soap:Body>'),
    code: 'SVC1010',
  },
  'CDATA holding an XML document with id="__proto__"': {
    body: wrap(
      '<soap:Body><im:GetDeliveryStatus><im:messageId><![CDATA[<?xml version="1.0"?><a id="__proto__" href="#__proto__"/>]]></im:messageId></im:GetDeliveryStatus></soap:Body>',
    ),
    // Read as the text it is; the request has no credentials, so authentication refuses it.
    code: 'SVC1101',
  },
  'href="#__proto__" on the operation element': {
    body: wrap('<soap:Body><im:GetMessages href="#__proto__"/></soap:Body>'),
    code: 'SVC1010',
  },
  // Past the operation element nothing is read before authentication: no token, no further parsing.
  'href="#__proto__" inside the operation, without credentials': {
    body: wrap('<soap:Body><im:GetMessages><im:maxMessages href="#__proto__"/></im:GetMessages></soap:Body>'),
    code: 'SVC1101',
  },
  'href="#constructor"': { body: wrap('<soap:Body><im:GetMessages href="#constructor"/></soap:Body>'), code: 'SVC1010' },
  'an operation element named __defineGetter__': { body: wrap('<soap:Body><im:__defineGetter__/></soap:Body>'), code: 'SVC1007' },
  'a header entry named isPrototypeOf': {
    body: wrap('<soap:Header><im:isPrototypeOf>1</im:isPrototypeOf></soap:Header><soap:Body><im:GetMessages/></soap:Body>'),
    code: 'SVC1007',
  },
  'an element named toLocaleString': { body: wrap('<soap:Body><im:toLocaleString/></soap:Body>'), code: 'SVC1007' },
};

let server: ImwsiProcess;
const accounts = ['alice@example.com', 'bob@example.com'];

test.before(async () => {
  const flags = ['--db', join(tempDir(), 'edge.sqlite'), '--domain', 'example.com'];
  for (const user of accounts) imwsi(['users', 'add', user, '--password', password(user), ...flags]);
  imwsi(['users', 'add', 'root@example.com', '--password', password('root@example.com'), '--role', 'admin', ...flags]);
  imwsi(['users', 'add', 'game@example.com', '--password', password('game@example.com'), '--role', 'consumer', ...flags]);
  server = await serve(flags);
});
test.after.always(() => server?.stop());

test.serial('each polluting request gets its own fault, as XML with HTTP 500 and no error text', async (t) => {
  for (const [name, attack] of Object.entries(attacks)) {
    const response = await post(`${server.url}/wsi/InstantMessaging`, attack.body);
    t.is(response.status, 500, name);
    t.regex(response.contentType, /xml/, name);
    t.is(faultCode(response.body), attack.code, `${name}: ${response.body}`);
    t.notRegex(response.body, /TypeError|is not iterable|at \w+ \(/, name);
  }
});

test.serial('after the attacks every service still works and /healthz reports every check ok', async (t) => {
  const health = await fetch(`${server.url}/healthz`);
  t.is(health.status, 200);
  t.deepEqual(await health.json(), { status: 'ok', domains: ['example.com'], checks: { prototypes: 'ok', soap: 'ok', database: 'ok' } });

  const wsdl = (service: string) => `${server.url}/wsi/${service}?wsdl`;
  const alice = await nodeSoapClient(wsdl('InstantMessaging'), 'alice@example.com');
  const bob = await nodeSoapClient(wsdl('InstantMessaging'), 'bob@example.com');
  await alice.call('SendMessages', { message: [{ recipient: ['bob@example.com'], content: text('still here') }] });
  const got = await bob.call('GetMessages', { maxMessages: 1 });
  t.is(Buffer.from(got.message.content ?? got.message[0].content, 'base64').toString(), 'still here');

  const presence = await nodeSoapClient(wsdl('Presence'), 'alice@example.com');
  t.is((await presence.call('PublishPresence', { availability: 'available' })).presence.availability, 'available');
  const contacts = await nodeSoapClient(wsdl('ContactLists'), 'alice@example.com');
  t.is((await contacts.call('CreateContactList', { name: 'friends' })).list.name, 'friends');
  const directory = await nodeSoapClient(wsdl('Directory'), 'game@example.com');
  t.is(Number((await directory.call('GetDirectoryEntries', {})).total), 0);
  const admin = await nodeSoapClient(wsdl('Administration'), 'root@example.com');
  t.deepEqual((await admin.call('ListPeers', {})).peer ?? [], []);
});
