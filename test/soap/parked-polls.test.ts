// Long polls parked outside the request path (src/platform/soap/long-poll.ts): what a waiting GetMessages
// does when its client hangs up, when the gateway stops, and when several wait on one inbox.
import test from 'ava';
import { startTestGateway } from '../helpers/gateway.js';
import { envelope, faultCode, post } from '../helpers/raw.js';

const path = '/wsi/InstantMessaging';

async function waitingPolls(url: string, n: number): Promise<void> {
  for (;;) {
    const metrics = await (await fetch(`${url}/metrics`)).text();
    if (new RegExp(`^imwsi_long_polls_waiting ${n}$`, 'm').test(metrics)) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const getMessages = (user: string, inner: string) => envelope('GetMessages', inner, { user });
const sendTo = (user: string, to: string, text: string) =>
  envelope(
    'SendMessages',
    `<im:message><im:recipient>${to}</im:recipient><im:content>${Buffer.from(text).toString('base64')}</im:content></im:message>`,
    { user },
  );
const contents = (body: string) => [...body.matchAll(/<content>([^<]*)</g)].map((m) => Buffer.from(m[1]!, 'base64').toString());

test('a client that hangs up while its long poll waits frees it: nothing is leased to the gone client', async (t) => {
  const gateway = await startTestGateway({ accounts: ['alice', 'bob'] });
  t.teardown(() => gateway.stop());
  const hangUp = new AbortController();
  const poll = fetch(`${gateway.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'text/xml; charset=utf-8' },
    body: getMessages('bob@example.com', '<im:waitSeconds>60</im:waitSeconds>'),
    signal: hangUp.signal,
  });
  await waitingPolls(gateway.url, 1);
  hangUp.abort();
  t.is(
    await poll.then(
      () => 'answered',
      () => 'aborted',
    ),
    'aborted',
  );
  await waitingPolls(gateway.url, 0);
  const sent = await post(`${gateway.url}${path}`, sendTo('alice@example.com', 'bob@example.com', 'after the hang-up'));
  t.is(sent.status, 200, faultCode(sent.body));
  const read = await post(`${gateway.url}${path}`, getMessages('bob@example.com', ''));
  t.deepEqual(contents(read.body), ['after the hang-up']);
  t.regex(read.body, /<redelivered>false</, 'the message was not leased to the poll whose client had gone');
});

test('stopping the gateway answers a waiting long poll at once, empty', async (t) => {
  const gateway = await startTestGateway({ accounts: ['bob'] });
  const poll = post(`${gateway.url}${path}`, getMessages('bob@example.com', '<im:waitSeconds>60</im:waitSeconds>'));
  await waitingPolls(gateway.url, 1);
  const started = Date.now();
  await gateway.stop();
  const answer = await poll;
  t.is(answer.status, 200);
  t.deepEqual(contents(answer.body), []);
  t.regex(answer.body, /<pending>0</);
  t.true(Date.now() - started < 30_000, 'answered at the stop, not at the 60 s deadline');
});

test('two polls on one inbox are both woken; the one that leases nothing waits on and ends empty at its deadline', async (t) => {
  const gateway = await startTestGateway({ accounts: ['alice', 'bob'] });
  t.teardown(() => gateway.stop());
  const url = `${gateway.url}${path}`;
  const first = post(url, getMessages('bob@example.com', '<im:waitSeconds>3</im:waitSeconds>'));
  const second = post(url, getMessages('bob@example.com', '<im:waitSeconds>3</im:waitSeconds>'));
  await waitingPolls(gateway.url, 2);
  await post(url, sendTo('alice@example.com', 'bob@example.com', 'only one'));
  const answers = await Promise.all([first, second]);
  t.deepEqual(
    answers.map((a) => a.status),
    [200, 200],
  );
  t.deepEqual(answers.map((a) => contents(a.body)).sort(), [[], ['only one']], 'one poll got the message, the other none');
});

test('a parked poll answers over SOAP 1.2 with the SOAP 1.2 envelope and content type', async (t) => {
  const gateway = await startTestGateway({ accounts: ['alice', 'bob'] });
  t.teardown(() => gateway.stop());
  const poll = post(
    `${gateway.url}${path}/soap12`,
    envelope('GetMessages', '<im:waitSeconds>30</im:waitSeconds>', { user: 'bob@example.com' }, '1.2'),
    { 'content-type': 'application/soap+xml; charset=utf-8' },
  );
  await waitingPolls(gateway.url, 1);
  await post(`${gateway.url}${path}`, sendTo('alice@example.com', 'bob@example.com', 'over 1.2'));
  const answer = await poll;
  t.is(answer.status, 200, faultCode(answer.body));
  t.regex(answer.contentType, /^application\/soap\+xml/);
  t.regex(answer.body, /http:\/\/www\.w3\.org\/2003\/05\/soap-envelope/);
  t.deepEqual(contents(answer.body), ['over 1.2']);
});
