// The UsernameToken nonce commits in the request's own transaction (README "Group commit"): a lone request
// commits once, and a replay is still refused after a restart, after a fault, and at another gateway process
// on the same PostgreSQL database given the same token at the same moment.
import { join } from 'node:path';
import test from 'ava';
import { countStatements } from '../../bench/statement-counter.js';
import { backends, postgresAvailable } from '../helpers/backends.js';
import { startTestGateway, tempDir } from '../helpers/gateway.js';
import { envelope, faultCode, post } from '../helpers/raw.js';

const endpoint = (url: string) => `${url}/wsi/InstantMessaging`;
const alice = { user: 'alice@example.com' };
const bob = { user: 'bob@example.com' };

const sendToBob = (text: string, recipient = 'bob@example.com') =>
  envelope(
    'SendMessages',
    `<im:message><im:recipient>${recipient}</im:recipient><im:content>${Buffer.from(text).toString('base64')}</im:content></im:message>`,
    alice,
  );

/** How many messages bob's inbox hands out now (leased, so each is counted once). */
async function drainBob(url: string): Promise<number> {
  const body = (await post(endpoint(url), envelope('GetMessages', '', bob))).body;
  return body.match(/<(?:\w+:)?sequenceNumber>/g)?.length ?? 0;
}

// Serial: ava runs serial tests before the others, so no other gateway of this process commits meanwhile.
test.serial('a single send, a GetMessages and a faulted send each commit once on better-sqlite3', async (t) => {
  const counter = countStatements();
  const gateway = await startTestGateway({ accounts: ['alice', 'bob'] });
  t.teardown(() => gateway.stop());
  // The fewest over three tries: a worker of the gateway (a sweep) may commit beside one of them.
  async function commitsOf(request: () => Promise<unknown>): Promise<number> {
    let fewest = Infinity;
    for (let i = 0; i < 3; i++) {
      counter.reset();
      await request();
      fewest = Math.min(fewest, counter.read().commits);
    }
    return fewest;
  }
  const url = endpoint(gateway.url);
  t.is(await commitsOf(async () => t.is((await post(url, sendToBob('one'))).status, 200)), 1, 'single send');
  t.is(
    await commitsOf(async () => t.is((await post(url, envelope('GetMessages', '<im:maxMessages>1</im:maxMessages>', bob))).status, 200)),
    1,
    'GetMessages',
  );
  t.is(
    await commitsOf(async () => t.is((await post(url, sendToBob('x', 'nobody@example.com'))).status, 500)),
    1,
    'faulted send: its nonce alone',
  );
});

test('a replayed SendMessages that succeeded is refused after a restart, and stored once', async (t) => {
  const db = join(tempDir(), 'imwsi.sqlite');
  const request = sendToBob('before the restart');
  const first = await startTestGateway({ accounts: ['alice', 'bob'], settings: { db } });
  t.is((await post(endpoint(first.url), request)).status, 200);
  await first.close();
  const second = await startTestGateway({ settings: { db } });
  t.teardown(() => second.stop());
  const replay = await post(endpoint(second.url), request);
  t.is(replay.status, 500);
  t.is(faultCode(replay.body), 'SVC1103');
  t.is(await drainBob(second.url), 1);
});

test('a replay of a faulted request, and of a read, is refused', async (t) => {
  const gateway = await startTestGateway({ accounts: ['alice', 'bob'] });
  t.teardown(() => gateway.stop());
  const url = endpoint(gateway.url);
  // Faults inside its unit of work (no recipient can be stored): the unit, nonce with it, rolled back.
  const faulted = sendToBob('to nobody', 'nobody@example.com');
  const answer = await post(url, faulted);
  t.is(answer.status, 500);
  t.not(faultCode(answer.body), 'SVC1103');
  t.is(faultCode((await post(url, faulted)).body), 'SVC1103');
  // Faults before any unit of work (invalid input).
  const invalid = envelope('GetMessages', '<im:maxMessages>0</im:maxMessages>', bob);
  t.is(faultCode((await post(url, invalid)).body), 'SVC0002');
  t.is(faultCode((await post(url, invalid)).body), 'SVC1103');
  // A read that writes nothing.
  const status = envelope('GetDeliveryStatus', '<im:messageId>no-such-message</im:messageId>', alice);
  t.not(faultCode((await post(url, status)).body), 'SVC1103');
  t.is(faultCode((await post(url, status)).body), 'SVC1103');
});

test('pg: two gateways given the same token at the same moment: exactly one succeeds', async (t) => {
  if (!(await postgresAvailable())) {
    t.log('PostgreSQL is not reachable on 127.0.0.1:5432: skipped');
    t.false(await postgresAvailable());
    return;
  }
  t.timeout(120_000);
  const database = await backends.find((b) => b.name === 'pg')!.create();
  t.teardown(() => database.drop());
  const one = await startTestGateway({ accounts: ['alice', 'bob'], settings: database.settings });
  const two = await startTestGateway({ settings: database.settings });
  t.teardown(async () => {
    await one.stop();
    await two.stop();
  });
  const rounds = 20;
  for (let round = 0; round < rounds; round++) {
    const request = sendToBob(`round ${round}`);
    const answers = await Promise.all([one, two].map((gateway) => post(endpoint(gateway.url), request)));
    t.deepEqual(answers.map((a) => a.status).sort(), [200, 500], `round ${round}`);
    t.is(faultCode(answers.find((a) => a.status === 500)!.body), 'SVC1103', `round ${round}`);
  }
  // Each round stored its message once: the refused request's unit rolled back with its nonce.
  t.is(await drainBob(one.url), rounds);
});
