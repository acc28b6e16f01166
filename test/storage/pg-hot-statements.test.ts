// The hot statements on PostgreSQL (README "Group commit", issue 9): they run on the batch's own connection as
// named prepared statements, parsed once per connection and then only bound and executed, and a unit of work
// that fails on one of them inside a batch fails alone. What the gateway sends PostgreSQL is read on the wire,
// through a proxy that passes every byte on (test/helpers/pg-wire-proxy.ts).
import test, { type ExecutionContext } from 'ava';
import { backends, postgresAvailable } from '../helpers/backends.js';
import { nodeSoapClient, text } from '../helpers/clients.js';
import { startTestGateway } from '../helpers/gateway.js';
import { type FrontendMessage, pgWireProxy } from '../helpers/pg-wire-proxy.js';
import { manualClock } from '../helpers/session.js';
import { openDatabase } from '../../src/platform/db/database.js';
import { migrateLatest } from '../../src/platform/db/migrate.js';
import { isUniqueViolation } from '../../src/platform/db/db-errors.js';
import { defaultGroupCommit, unitOfWork } from '../../src/platform/db/unit-of-work.js';
import { createStore } from '../../src/main/store.js';
import type { NewMessage } from '../../src/kernel/types.js';
import type { Repositories } from '../../src/kernel/ports.js';

/** A fresh database on the local PostgreSQL and a wire proxy in front of it, or undefined (test skipped, said so). */
async function postgresBehindProxy(t: ExecutionContext) {
  if (!(await postgresAvailable())) {
    t.log('PostgreSQL is not reachable on 127.0.0.1:5432: skipped');
    t.false(await postgresAvailable());
    return undefined;
  }
  const database = await backends.find((b) => b.name === 'pg')!.create();
  const proxy = await pgWireProxy();
  t.teardown(async () => {
    await proxy.close();
    await database.drop();
  });
  return { settings: { ...database.settings, 'db-url': proxy.urlFor(database.settings['db-url']!) }, proxy };
}

/** A message with no recipients, written through the hot multi-row insert. */
const message = (id: string, at: number): NewMessage => ({
  id,
  kind: 'message',
  senderAccountId: null,
  senderAddress: 'system@example.com',
  hideSender: false,
  clientMessageId: undefined,
  contentType: 'text/plain',
  content: Buffer.from(id),
  subject: undefined,
  priority: 'normal',
  deliveryReport: false,
  notification: undefined,
  sentAt: at,
  expiresAt: at + 60_000,
});

/** A migrated store on `url`, closed at the end of the test. */
async function storeOn(t: ExecutionContext, url: string) {
  const db = openDatabase({ client: 'pg', filename: '', url });
  await migrateLatest(db);
  const clock = manualClock();
  const store = createStore(db, clock);
  t.teardown(() => store.close());
  return { db, clock, store };
}

const parsesOf = (messages: readonly FrontendMessage[], name: string) => messages.filter((m) => m.type === 'parse' && m.name === name);
const bindsOf = (messages: readonly FrontendMessage[], name: string) => messages.filter((m) => m.type === 'bind' && m.statement === name);
/** The name of the statement whose text starts with `prefix`, as the wire shows its Parse. */
const nameOfStatement = (connections: readonly (readonly FrontendMessage[])[], prefix: string) =>
  connections
    .flat()
    .flatMap((m) => (m.type === 'parse' && m.text.trim().startsWith(prefix) && m.name !== '' ? [m.name] : []))
    .at(0);

test('pg: the hot statements of SendMessages are parsed once per connection, then only bound and executed', async (t) => {
  const pg = await postgresBehindProxy(t);
  if (!pg) return;
  const gateway = await startTestGateway({ accounts: ['alice', 'bob'], settings: pg.settings });
  t.teardown(() => gateway.stop());
  const alice = await nodeSoapClient(gateway.wsdlUrl, 'alice@example.com');
  const sends = 40;
  for (let i = 0; i < sends; i++) {
    await alice.call('SendMessages', { message: [{ recipient: ['bob@example.com'], content: text(`message ${i}`) }] });
  }

  const { connections } = pg.proxy;
  const nonceInsert = nameOfStatement(connections, 'insert into used_nonces');
  t.truthy(nonceInsert, 'the nonce insert (every request runs it) is a named prepared statement');
  t.true(nonceInsert!.length <= 63, 'its name fits PostgreSQL identifiers (NAMEDATALEN 64)');
  t.is(
    connections.reduce((sum, messages) => sum + bindsOf(messages, nonceInsert!).length, 0),
    sends,
    'executed once per SendMessages',
  );
  const named = new Set(connections.flat().flatMap((m) => (m.type === 'parse' && m.name !== '' ? [m.name] : [])));
  t.true(named.size >= 3, `the send's hot statements are named (${named.size})`);
  for (const [i, messages] of connections.entries()) {
    for (const name of named) {
      t.true(parsesOf(messages, name).length <= 1, `connection ${i} parsed ${name} at most once`);
    }
  }
  const parses = connections.reduce((sum, messages) => sum + [...named].reduce((n, name) => n + parsesOf(messages, name).length, 0), 0);
  const binds = connections.reduce((sum, messages) => sum + [...named].reduce((n, name) => n + bindsOf(messages, name).length, 0), 0);
  t.log(`${connections.length} connections; named statements: ${named.size}, parsed ${parses} times, executed ${binds} times`);
  t.true(binds >= sends * named.size * 0.5 && parses <= connections.length * named.size, 'parsed per connection, not per request');
});

test('pg: a unit of work failing on a duplicate key inside a batch is rolled back alone; its neighbours commit, and its statement stays prepared', async (t) => {
  const pg = await postgresBehindProxy(t);
  if (!pg) return;
  const { db, clock, store } = await storeOn(t, pg.settings['db-url']!);
  const statements: string[] = [];
  db.on('query', ({ sql }: { sql: string }) => {
    const statement = /^(begin|commit|rollback to savepoint|rollback)\b/i.exec(sql.trim());
    if (statement) statements.push(statement[1]!.toUpperCase());
  });
  const work = unitOfWork(store, { notify: () => undefined }, clock, { ...defaultGroupCommit, concurrentBatches: 4, maxBatchMs: 60_000 });
  const account = (address: string) => ({ address, msisdn: null, role: 'user' as const, passwordHash: 'x', sealedSecret: 'x' });

  // Three units in one batch: each writes through knex (an account) and through a hot statement (a message);
  // the middle one inserts the first one's message id again.
  const [carol, mallory, dave] = await Promise.allSettled([
    work.run(async ({ tx }) => {
      await tx.accounts.create(account('carol@example.com'));
      await tx.messages.insertAll([{ message: message('m-1', clock()), recipients: [] }]);
    }),
    work.run(async ({ tx }) => {
      await tx.accounts.create(account('mallory@example.com'));
      await tx.messages.insertAll([{ message: message('m-1', clock()), recipients: [] }]);
    }),
    work.run(async ({ tx }) => {
      await tx.messages.insertAll([{ message: message('m-2', clock()), recipients: [] }]);
      await tx.accounts.create(account('dave@example.com'));
    }),
  ]);
  t.is(carol.status, 'fulfilled');
  t.is(dave.status, 'fulfilled');
  t.true(mallory.status === 'rejected' && isUniqueViolation(mallory.reason), 'the failing unit hears of its duplicate key');
  t.deepEqual(statements, ['BEGIN', 'ROLLBACK TO SAVEPOINT', 'COMMIT'], 'one transaction for the three; only the failing unit rolled back');
  t.truthy(await store.accounts.findByAddress('carol@example.com'));
  t.truthy(await store.accounts.findByAddress('dave@example.com'));
  t.truthy(await store.messages.find('m-2'), 'the neighbour after the failure wrote through the hot statement and committed');
  t.is(await store.accounts.findByAddress('mallory@example.com'), undefined, 'what the failed unit wrote is gone');

  // The hot insert ran as a named statement on the batch's connection, and the batch's connection still
  // serves it after the failure: the next batch binds it without parsing it again.
  await work.run(({ tx }) => tx.messages.insertAll([{ message: message('m-3', clock()), recipients: [] }]));
  t.truthy(await store.messages.find('m-3'));
  const insert = nameOfStatement(pg.proxy.connections, 'insert into messages');
  t.truthy(insert, 'the message insert is a named prepared statement');
  const batchConnection = pg.proxy.connections.find(
    (messages) => messages.some((m) => m.type === 'query' && /^BEGIN/i.test(m.text)) && bindsOf(messages, insert!).length >= 3,
  );
  t.truthy(batchConnection, "the batch's BEGIN (knex) and its hot statements went over one connection");
  t.is(parsesOf(batchConnection!, insert!).length, 1, 'parsed once there: the duplicate key did not unprepare it');
  t.is(bindsOf(pg.proxy.connections.flat(), insert!).length, 4, 'executed four times: m-1, the duplicate, m-2, m-3');
});

test('pg: a hot statement is prepared by name up to 100 parameters; a larger one runs unnamed, parsed each time', async (t) => {
  const pg = await postgresBehindProxy(t);
  if (!pg) return;
  const { clock, store } = await storeOn(t, pg.settings['db-url']!);
  const work = unitOfWork(store, { notify: () => undefined }, clock);
  // Seven messages are one 7-row insert of 15 columns: 105 parameters.
  const seven = (batch: number) => Array.from({ length: 7 }, (_, i) => ({ message: message(`m-${batch}-${i}`, clock()), recipients: [] }));
  await work.run(({ tx }) => tx.messages.insertAll(seven(1)));
  await work.run(({ tx }) => tx.messages.insertAll(seven(2)));
  await work.run(({ tx }) => tx.messages.insertAll([{ message: message('m-3', clock()), recipients: [] }]));
  t.truthy(await store.messages.find('m-2-6'));
  const parses = pg.proxy.connections.flat().filter((m) => m.type === 'parse' && m.text.startsWith('insert into messages'));
  const large = parses.filter((m) => m.type === 'parse' && m.text.includes('$105'));
  t.is(large.length, 2, 'the 105-parameter insert is parsed for each run');
  t.true(
    large.every((m) => m.type === 'parse' && m.name === ''),
    'unnamed',
  );
  t.deepEqual(
    parses.filter((m) => !large.includes(m)).map((m) => m.type === 'parse' && m.name.startsWith('imwsi_')),
    [true],
    'the one-row insert (15 parameters) is prepared by name',
  );
});

test('pg: a hot statement sent after its unit of work ended is refused, never run outside its transaction', async (t) => {
  const pg = await postgresBehindProxy(t);
  if (!pg) return;
  const { clock, store } = await storeOn(t, pg.settings['db-url']!);
  const work = unitOfWork(store, { notify: () => undefined }, clock, { ...defaultGroupCommit, maxBatchMs: 60_000 });
  // A lone unit runs on the batch's transaction itself, two in one batch each on a savepoint: keep both kinds.
  const leaked: Repositories[] = [];
  await work.run(({ tx }) => Promise.resolve(void leaked.push(tx)));
  await Promise.all([work.run(({ tx }) => Promise.resolve(void leaked.push(tx))), work.run(() => Promise.resolve())]);
  for (const [i, tx] of leaked.entries()) {
    await t.throwsAsync(tx.messages.insertAll([{ message: message(`late-${i}`, clock()), recipients: [] }]));
    t.is(await store.messages.find(`late-${i}`), undefined, 'nothing written after the unit ended');
  }
});
