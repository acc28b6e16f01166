// Limits hold across gateways (docs/operations.md "Limits"): two `imwsi serve` processes on one PostgreSQL
// database take turns on the database counters, so a sender spraying both gets exactly its limit, no more;
// a limit the operator sets while both run applies in both at once (the rule version each reads per send).
import test from 'ava';
import { backends, postgresAvailable } from '../helpers/backends.js';
import { faultOf, list, nodeSoapClient, text } from '../helpers/clients.js';
import { password } from '../helpers/gateway.js';
import { localOperator } from '../helpers/policy.js';
import { type ImwsiProcess, serve } from '../helpers/process.js';
import { configWith } from '../../src/platform/config.js';
import { openBackend } from '../../src/main/backend.js';
import { createLogger } from '../../src/platform/logger.js';

const domain = 'a.example';
const at = (name: string) => `${name}@${domain}`;

test('pg: two gateway processes on one database hold messages.hour and receive.hour exactly', async (t) => {
  if (!(await postgresAvailable())) {
    t.log('PostgreSQL is not reachable on 127.0.0.1:5432: skipped');
    t.false(await postgresAvailable());
    return;
  }
  t.timeout(90_000);
  const database = await backends.find((b) => b.name === 'pg')!.create();
  const cleanup: (() => Promise<unknown>)[] = [];
  t.teardown(async () => {
    for (const step of cleanup.reverse()) await step().catch(() => undefined);
    await database.drop();
  });
  const db = { 'db-client': 'pg', 'db-url': database.settings['db-url']!, 'secret-key-file': database.settings['secret-key-file']! };
  const backend = await openBackend(configWith({ ...db, domain, 'log-level': 'silent' }), Date.now, createLogger('silent'));
  cleanup.push(() => backend.close());
  for (const name of ['alice', 'bob', 'carol']) await backend.accounts.add({ address: at(name), password: password(at(name)) });

  const gateways: ImwsiProcess[] = [];
  for (let i = 0; i < 2; i++) {
    const g = await serve([...Object.entries(db).flatMap(([k, v]) => [`--${k}`, v]), '--domain', domain]);
    gateways.push(g);
    cleanup.push(() => g.stop());
  }
  const client = (name: string, i: number) => nodeSoapClient(`${gateways[i]!.url}/wsi/InstantMessaging?wsdl`, at(name));

  // Set while both run: each picks it up on its next send.
  const policy = backend.modules.service('policy');
  await policy.setLimit(localOperator, 'account', at('alice'), 'messages.hour', '20');
  await policy.setLimit(localOperator, 'account', at('carol'), 'receive.hour', '7');

  const senders = [await client('alice', 0), await client('alice', 1)];
  const attempts = Array.from({ length: 30 }, (_, i) =>
    senders[i % 2]!.call('SendMessages', { message: [{ recipient: [at('bob')], content: text(`m${i}`) }] }).then(
      () => 'sent',
      (error: unknown) => faultOf(error).messageId,
    ),
  );
  const outcomes = await Promise.all(attempts);
  t.deepEqual([outcomes.filter((o) => o === 'sent').length, outcomes.filter((o) => o === 'POL7001').length], [20, 10]);

  // Seven to carol from bob through both gateways at once, then more: each answered per recipient.
  const bobs = [await client('bob', 0), await client('bob', 1)];
  const statuses = await Promise.all(
    Array.from({ length: 12 }, (_, i) =>
      bobs[i % 2]!.call('SendMessages', { message: [{ recipient: [at('carol')], content: text(`c${i}`) }] }).then(
        (r) => list<any>(list<any>(r.result)[0].recipientResult)[0].errorCode ?? 'queued',
      ),
    ),
  );
  t.deepEqual([statuses.filter((s) => s === 'queued').length, statuses.filter((s) => s === 'POL7006').length], [7, 5]);
  const carol = await client('carol', 1);
  const inbox = await carol.call('GetMessages', { maxMessages: 100 });
  t.is(list(inbox.message).length, 7);
});
