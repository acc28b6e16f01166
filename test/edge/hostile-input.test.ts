// The hostile-input suite (issue 7): every case of hostile-corpus.ts against one gateway. Each gets exactly its
// fault code and HTTP status, no stack or internal error text, a small answer whatever the input's size,
// nothing written, and the gateway still serves a valid request afterwards. At the end, no built-in prototype
// has gained, lost or changed a property (the gateway runs in this process).
import { connect } from 'node:net';
import { once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import test from 'ava';
import { startTestGateway, type TestGateway } from '../helpers/gateway.js';
import { assertAnswer, assertServing, tableCounter } from './edge-assertions.js';
import { rawExchange, send } from './edge-client.js';
import { message, pathOf, soapEnvelope, token } from './envelopes.js';
import { corpus, corpusAccounts, corpusSettings } from './hostile-corpus.js';

let gateway: TestGateway;
let counter: ReturnType<typeof tableCounter>;

/** Own properties (name and value or accessor) of the prototypes a pollution would reach. */
const watched: Record<string, object> = {
  'Object.prototype': Object.prototype,
  'Array.prototype': Array.prototype,
  'Function.prototype': Function.prototype,
  'String.prototype': String.prototype,
  'Error.prototype': Error.prototype,
};
const snapshot = () =>
  Object.fromEntries(
    Object.entries(watched).map(([name, proto]) => [
      name,
      Reflect.ownKeys(proto).map((key) => {
        const d = Reflect.getOwnPropertyDescriptor(proto, key)!;
        return [String(key), d.value ?? d.get, d.set] as const;
      }),
    ]),
  );
let prototypesBefore: ReturnType<typeof snapshot>;

test.before(async () => {
  gateway = await startTestGateway({ accounts: [...corpusAccounts], settings: corpusSettings });
  counter = tableCounter(gateway);
  // Taken once the gateway has started, so load-time hardening of the prototypes is not counted as a change.
  prototypesBefore = snapshot();
});
test.after.always(async () => {
  await counter?.close();
  await gateway?.stop();
});

const titles = new Set<string>();
for (const c of corpus) {
  const title = `${c.group}: ${c.name} gets ${c.code === 'OK' ? 'HTTP 200' : c.code === 'HTTP405' ? 'HTTP 405' : c.code}`;
  if (titles.has(title)) throw new Error(`duplicate case title: ${title}`);
  titles.add(title);
  test.serial(title, async (t) => {
    const path = c.path ?? pathOf('InstantMessaging');
    const before = await counter.counts();
    if (c.prime) {
      const prime = c.prime();
      const primed = await send(gateway.url + prime.path, { body: prime.body });
      t.is(primed.status, 200, primed.body.slice(0, 300));
    }
    const reply = c.raw
      ? await (async () => {
          const raw = c.raw!();
          return rawExchange(gateway.url, raw.head, raw.bytes);
        })()
      : await send(gateway.url + path, { method: c.method, headers: c.headers, body: c.body?.() });
    assertAnswer(t, reply, { code: c.code, status: c.status, path });
    if (c.hangGuardMs !== undefined)
      t.true(reply.ms < c.hangGuardMs, `answered after ${Math.round(reply.ms)} ms: a hang or a quadratic parse`);
    const writes = c.writes ?? 0;
    const expected = { ...before };
    for (const table of ['inbox depth', 'inbox_entries', 'messages', 'message_recipients'])
      expected[table] = (expected[table] ?? 0) + writes;
    // Each stored message to one recipient has its usage records (accounting): message-sent and one copy.
    expected.usage_records = (expected.usage_records ?? 0) + 2 * writes;
    t.deepEqual(await counter.counts(), expected, 'rows written');
    await assertServing(t, gateway);
  });
}

test.serial('parser differentials: CDATA holding an XML document reaches the recipient as the same text, never parsed', async (t) => {
  const subject = '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e "e">]><x id="__proto__" href="#constructor"><constructor/>&amp;&e;</x>';
  const url = gateway.url + pathOf('InstantMessaging');
  const sent = await send(url, {
    body: soapEnvelope({
      operation: 'SendMessages',
      inner: message(`<im:subject><![CDATA[${subject}]]></im:subject>`, 'dave@example.com'),
    }),
  });
  t.is(sent.status, 200, sent.body);
  const read = await send(url, {
    body: soapEnvelope({ security: token('dave@example.com'), inner: '<im:maxMessages>10</im:maxMessages>' }),
  });
  t.is(read.status, 200, read.body);
  const escaped = /<subject>([^<]*)<\/subject>/.exec(read.body)?.[1] ?? '';
  const entities: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
  t.is(
    escaped.replace(/&(lt|gt|amp|quot|apos);/g, (_, name: string) => entities[name]!),
    subject,
  );
});

test.serial('transport: clients that disconnect mid-body, before and after authentication, leave nothing behind', async (t) => {
  const before = await counter.counts();
  const target = new URL(gateway.url);
  const bodies = [
    soapEnvelope({ afterSecurity: '<x:h xmlns:x="urn:x">' + 'x'.repeat(8000) }),
    soapEnvelope({
      operation: 'SendMessages',
      inner: message() + '<im:message><im:recipient>bob@example.com</im:recipient><im:subject>' + 's'.repeat(3000),
    }),
  ];
  for (const body of bodies) {
    const socket = connect(Number(target.port), target.hostname);
    await once(socket, 'connect');
    socket.write(
      `POST ${pathOf('InstantMessaging')} HTTP/1.1\r\nHost: localhost\r\nContent-Type: text/xml\r\nContent-Length: ${10 << 20}\r\n\r\n${body}`,
    );
    await sleep(50);
    socket.destroy();
  }
  await sleep(50);
  t.deepEqual(await counter.counts(), before);
  await assertServing(t, gateway);
});

test.serial('transport: 80 hostile requests at once each get their own answer, and the gateway still serves', async (t) => {
  // Cases that neither prime, nor count as failed logins, nor take long; both SOAP versions, every class.
  const picked = corpus
    .filter((c) => c.body && !c.prime && !c.hangGuardMs && c.code !== 'OK' && c.code !== 'SVC1102')
    .filter((_, i) => i % 6 === 0)
    .slice(0, 80);
  t.true(picked.length >= 60);
  const before = await counter.counts();
  const replies = await Promise.all(
    picked.map((c) =>
      send(gateway.url + (c.path ?? pathOf('InstantMessaging')), { method: c.method, headers: c.headers, body: c.body!() }),
    ),
  );
  replies.forEach((reply, i) =>
    assertAnswer(t, reply, { code: picked[i]!.code, status: picked[i]!.status, path: picked[i]!.path ?? pathOf('InstantMessaging') }),
  );
  t.deepEqual(await counter.counts(), before);
  await assertServing(t, gateway);
});

test.serial('after the whole corpus no built-in prototype has gained, lost or changed a property', (t) => {
  t.deepEqual(snapshot(), prototypesBefore);
  t.deepEqual(Object.keys(Object.prototype), []);
  const probe: Record<string, unknown> = {};
  for (const key of ['polluted', 'hrefs', 'isAdmin', 'id', 'href', '$value', 'attributes']) t.is(probe[key], undefined, key);
  t.is(Object.getPrototypeOf(probe), Object.prototype);
});

test.serial('the corpus has at least 300 cases, in every class', (t) => {
  const perGroup = new Map<string, number>();
  for (const c of corpus) perGroup.set(c.group, (perGroup.get(c.group) ?? 0) + 1);
  t.log([...perGroup].map(([group, n]) => `${group}: ${n}`).join(', '), `total ${corpus.length}`);
  t.true(corpus.length >= 300);
  t.is(perGroup.size, 9);
});
