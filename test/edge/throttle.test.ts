// Password guessing against the SOAP edge (issue 7): failed logins are throttled per (account, client) after 5
// failures and per client after 20 (src/security/login-throttle.ts). Its own gateway, so the wrong passwords
// here do not throttle the corpus. Every answer is also checked like a hostile-input case.
import test, { type ExecutionContext } from 'ava';
import { startTestGateway, type TestGateway } from '../helpers/gateway.js';
import { assertAnswer, assertServing, tableCounter } from './edge-assertions.js';
import { send, type Reply } from './edge-client.js';
import { pathOf, soapEnvelope, token, tokenFields, type Version } from './envelopes.js';

let gateway: TestGateway;
let counter: ReturnType<typeof tableCounter>;
// The throttle reads the gateway's clock: the tests move it past a Retry-After instead of sleeping, so a slow
// machine (a request taking longer than the block) cannot end a block early. WS-Security's Created check
// reads the same clock, hence the wide window.
let now = Date.now();
const waitOut = (retryAfter: unknown) => (now += Number(retryAfter) * 1000 + 100);
test.before(async () => {
  gateway = await startTestGateway({
    accounts: ['victim', 'bystander', 'carol'],
    clock: () => now,
    settings: { 'created-window-seconds': 86_400 },
  });
  counter = tableCounter(gateway);
});
test.after.always(async () => {
  await counter?.close();
  await gateway?.stop();
});

const victim = 'victim@example.com';
const login = (user: string, secret?: string, version: Version = '1.1') =>
  send(gateway.url + pathOf('InstantMessaging', version), {
    body: soapEnvelope({ version, security: token(user, secret === undefined ? {} : { secret }) }),
  });

function expectFault(t: ExecutionContext, reply: Reply, code: string, version: Version = '1.1'): void {
  assertAnswer(t, reply, { code, path: pathOf('InstantMessaging', version) });
}

async function metric(code: string): Promise<number> {
  const text = await (await fetch(`${gateway.url}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith(`imwsi_authentication_failures_total{code="${code}"}`));
  return line ? Number(line.split(' ').pop()) : 0;
}

test.serial('authentication: malformed tokens are refused (SVC1106) without counting as failed logins', async (t) => {
  for (let i = 0; i < 25; i++) {
    expectFault(
      t,
      await send(gateway.url + pathOf('InstantMessaging'), {
        body: soapEnvelope({ security: tokenFields({ username: victim, omit: ['nonce'] }) }),
      }),
      'SVC1106',
    );
  }
  t.is((await login(victim)).status, 200);
});

test.serial('authentication: the 6th wrong password for one account gets SVC1102, the 7th POL1008 with Retry-After', async (t) => {
  const before = await counter.counts();
  for (let attempt = 1; attempt <= 6; attempt++) expectFault(t, await login(victim, `guess-${attempt}`), 'SVC1102');
  const throttled = await login(victim, 'guess-7');
  expectFault(t, throttled, 'POL1008');
  const retryAfter = String(throttled.headers['retry-after'] ?? '');
  t.regex(retryAfter, /^[1-9]\d*$/);
  t.regex(throttled.body, new RegExp(`<f:variables>${retryAfter}</f:variables>`));
  t.deepEqual(await counter.counts(), before);
});

test.serial('authentication: while throttled even the right password gets POL1008, on both SOAP versions', async (t) => {
  expectFault(t, await login(victim), 'POL1008');
  expectFault(t, await login(victim, undefined, '1.2'), 'POL1008', '1.2');
});

test.serial('authentication: another account from the same client is not throttled', async (t) => {
  t.is((await login('bystander@example.com')).status, 200);
  await assertServing(t, gateway);
});

test.serial('/metrics counts refused logins by code', async (t) => {
  t.is(await metric('SVC1102'), 6);
  t.true((await metric('POL1008')) >= 3);
  t.true((await metric('SVC1106')) >= 25);
});

test.serial('authentication: after Retry-After the right password is accepted again', async (t) => {
  const throttled = await login(victim, 'guess-8');
  expectFault(t, throttled, 'POL1008');
  waitOut(throttled.headers['retry-after']);
  t.is((await login(victim)).status, 200);
});

test.serial('authentication: after 20 failures from one client every account from it gets POL1008', async (t) => {
  // 6 failures so far; unknown users count too, one each so no (account, client) pair reaches its own limit.
  for (let i = 7; i <= 21; i++) expectFault(t, await login(`nobody-${i}@example.com`, 'guess'), 'SVC1102');
  const throttled = await login('bystander@example.com');
  expectFault(t, throttled, 'POL1008');
  t.truthy(throttled.headers['retry-after']);
  waitOut(throttled.headers['retry-after']);
  t.is((await login('bystander@example.com')).status, 200);
});
