// SOAP responses are gzipped when the client asks and the body is large enough to gain (GT-1; README
// "Compression"); gzip-compressed requests are accepted. Raw HTTP, so every header is the test's own.
import { request } from 'node:http';
import { gunzipSync, gzipSync } from 'node:zlib';
import test from 'ava';
import { acceptsGzip, gzipThresholdBytes } from '../../src/platform/http/compression.js';
import { startTestGateway } from '../helpers/gateway.js';
import { envelope } from '../helpers/raw.js';

interface Answer {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly raw: Buffer;
}

function postRaw(url: string, body: string | Buffer, headers: Record<string, string>): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', headers: { 'content-type': 'text/xml; charset=utf-8', ...headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, raw: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

const content = Buffer.from('Checkmate in three. '.repeat(200)).toString('base64');
const send = (to: string) =>
  envelope('SendMessages', `<im:message><im:recipient>${to}</im:recipient><im:content>${content}</im:content></im:message>`, {
    user: 'alice@example.com',
  });
// One message per call: each call leases what it returns, so the next call gets the next message.
const peek = () => envelope('GetMessages', '<im:maxMessages>1</im:maxMessages>', { user: 'bob@example.com' });

test('a large GetMessages answer is gzipped for a client that accepts gzip, and reads back as the same XML', async (t) => {
  const gateway = await startTestGateway({ accounts: ['alice', 'bob'] });
  t.teardown(() => gateway.stop());
  const endpoint = `${gateway.url}/wsi/InstantMessaging`;
  for (let i = 0; i < 3; i++) t.is((await postRaw(endpoint, send('bob@example.com'), {})).status, 200);
  const zipped = await postRaw(endpoint, peek(), { 'accept-encoding': 'gzip, deflate' });
  t.is(zipped.status, 200);
  t.is(zipped.headers['content-encoding'], 'gzip');
  t.is(zipped.headers.vary, 'Accept-Encoding');
  t.is(Number(zipped.headers['content-length']), zipped.raw.length);
  const xml = gunzipSync(zipped.raw).toString('utf8');
  t.true(xml.includes(content));
  t.true(zipped.raw.length < Buffer.byteLength(xml) / 2, `${zipped.raw.length} gzipped vs ${Buffer.byteLength(xml)} bytes`);

  const plain = await postRaw(endpoint, peek(), {});
  t.is(plain.headers['content-encoding'], undefined);
  t.true(plain.raw.toString('utf8').includes(content));
  const refused = await postRaw(endpoint, peek(), { 'accept-encoding': 'gzip;q=0, identity' });
  t.is(refused.headers['content-encoding'], undefined);
  t.true(refused.raw.toString('utf8').includes(content));
});

test('a small answer goes uncompressed even to a client that accepts gzip', async (t) => {
  const gateway = await startTestGateway({ accounts: ['alice', 'bob'] });
  t.teardown(() => gateway.stop());
  const empty = await postRaw(`${gateway.url}/wsi/InstantMessaging`, peek(), { 'accept-encoding': 'gzip' });
  t.is(empty.status, 200);
  t.true(empty.raw.length < gzipThresholdBytes);
  t.is(empty.headers['content-encoding'], undefined);
  t.regex(empty.raw.toString('utf8'), /GetMessagesResponse/);
});

test('a gzip-compressed SendMessages is accepted', async (t) => {
  const gateway = await startTestGateway({ accounts: ['alice', 'bob'] });
  t.teardown(() => gateway.stop());
  const answer = await postRaw(`${gateway.url}/wsi/InstantMessaging`, gzipSync(send('bob@example.com')), { 'content-encoding': 'gzip' });
  t.is(answer.status, 200, answer.raw.toString('utf8'));
  t.regex(answer.raw.toString('utf8'), /<(\w+:)?status>queued</);
});

test('Accept-Encoding is read with its q-values', (t) => {
  t.true(acceptsGzip('gzip'));
  t.true(acceptsGzip('br, GZIP;q=0.5'));
  t.true(acceptsGzip('*'));
  t.false(acceptsGzip(undefined));
  t.false(acceptsGzip('identity'));
  t.false(acceptsGzip('gzip;q=0'));
  t.false(acceptsGzip('*;q=0'));
  t.false(acceptsGzip('deflate, br'));
});
