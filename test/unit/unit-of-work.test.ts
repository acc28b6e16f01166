// The unit of work (platform/db/unit-of-work.ts) on a real SQLite file: one transaction per run, and the inboxes
// it named woken once each, after the commit, never after a rollback. The SQL the database saw and the wake-ups
// go into one log, so their order is what the tests assert.
import { join } from 'node:path';
import test, { type ExecutionContext } from 'ava';
import { openDatabase } from '../../src/platform/db/database.js';
import { migrateLatest } from '../../src/platform/db/migrate.js';
import { sqliteConnectionOf } from '../../src/platform/db/sqlite-connection.js';
import { defaultGroupCommit, unitOfWork } from '../../src/platform/db/unit-of-work.js';
import { FirstWrite, requestWrites } from '../../src/platform/db/request-writes.js';
import { InboxSignals } from '../../src/platform/wake/inbox-signals.js';
import { createStore } from '../../src/main/store.js';
import { tempDir } from '../helpers/gateway.js';
import { manualClock } from '../helpers/session.js';

async function setup(t: ExecutionContext) {
  const clock = manualClock();
  const db = openDatabase({ client: 'better-sqlite3', filename: join(tempDir(), 'unit-of-work.sqlite'), url: undefined });
  await migrateLatest(db);
  const store = createStore(db, clock);
  t.teardown(() => store.close());
  const account = (address: string) => store.accounts.create({ address, msisdn: null, role: 'user', passwordHash: 'x', sealedSecret: 'x' });
  const alice = await account('alice@example.com');
  const bob = await account('bob@example.com');

  const log: string[] = [];
  const logged = (sql: string) => {
    const statement = /^(begin|commit|rollback to savepoint|rollback|savepoint|release savepoint)\b/i.exec(sql.trim());
    if (statement) log.push(statement[1]!.toUpperCase());
  };
  // What knex sends, and what runs directly on the connection (the units' savepoints, batch-transaction.ts).
  db.on('query', ({ sql }: { sql: string }) => logged(sql));
  const holder = sqliteConnectionOf(db)!;
  const connection = holder.current!;
  holder.current = {
    prepare(sql) {
      logged(sql);
      return connection.prepare(sql);
    },
  };
  const signals = new InboxSignals();
  const woken: number[][] = [];
  const work = unitOfWork(
    store,
    {
      notify(ids) {
        const list = [...ids];
        woken.push(list);
        log.push(`wake ${list.join(',')}`);
        signals.notify(list);
      },
    },
    clock,
    // No time bound on a batch here: on a busy machine a slow first statement would split the batches under test.
    { ...defaultGroupCommit, maxBatchMs: 60_000 },
  );
  /** A row the unit writes, to see it committed or rolled back. */
  const newAccount = (address: string) => ({ address, msisdn: null, role: 'user' as const, passwordHash: 'x', sealedSecret: 'x' });
  return { clock, store, signals, work, log, woken, alice, bob, newAccount };
}

test('the inboxes a unit of work names are woken after its commit, once each', async (t) => {
  const { store, signals, work, log, woken, alice, bob, newAccount } = await setup(t);
  const bobPolls = signals.subscribe(bob.id);
  await work.run(async ({ tx, wake }) => {
    await tx.accounts.create(newAccount('carol@example.com'));
    wake([bob.id]);
    wake([alice.id, bob.id]);
    wake(new Set([bob.id, alice.id]));
    t.deepEqual(woken, [], 'nobody is woken while the transaction is open');
  });
  t.deepEqual(log, ['BEGIN', 'COMMIT', `wake ${bob.id},${alice.id}`]);
  t.deepEqual(woken, [[bob.id, alice.id]], 'one wake-up, each inbox once');
  t.true(bobPolls.woken, 'the long poll was woken');
  bobPolls.cancel();
  t.truthy(await store.accounts.findByAddress('carol@example.com'), 'what the unit wrote is there');
});

test('nothing is woken when the unit of work rolls back', async (t) => {
  const { store, signals, work, log, woken, bob, newAccount } = await setup(t);
  const bobPolls = signals.subscribe(bob.id);
  const failure = new Error('refused half-way');
  const error = await t.throwsAsync(
    work.run(async ({ tx, wake }) => {
      await tx.accounts.create(newAccount('carol@example.com'));
      wake([bob.id]);
      throw failure;
    }),
  );
  t.is(error, failure, 'the caller gets the error the work threw');
  t.deepEqual(log, ['BEGIN', 'ROLLBACK']);
  t.deepEqual(woken, []);
  t.false(bobPolls.woken, 'the long poll still waits');
  bobPolls.cancel();
  t.is(await store.accounts.findByAddress('carol@example.com'), undefined, 'what the unit wrote is gone');
});

test('each run is one transaction with one commit and one time, however much it writes', async (t) => {
  const { clock, store, work, log, newAccount } = await setup(t);
  const started = clock();
  const times = await work.run(async ({ tx, now }) => {
    clock.advance(5_000);
    await tx.accounts.create(newAccount('carol@example.com'));
    await tx.accounts.create(newAccount('dave@example.com'));
    await tx.accounts.reserveSequence((await tx.accounts.findByAddress('carol@example.com'))!.id, 3, 3);
    return [now];
  });
  await work.run(async ({ tx, now }) => {
    times.push(now);
    await tx.accounts.create(newAccount('erin@example.com'));
  });
  t.deepEqual(log, ['BEGIN', 'COMMIT', 'BEGIN', 'COMMIT'], 'no wake-up: these runs named no inbox');
  t.deepEqual(times, [started, started + 5_000], 'a run has the time it started at');
  t.is((await store.accounts.list()).length, 5);
});

test('a wake after its unit of work ended is refused, not lost', async (t) => {
  const { work, woken, bob } = await setup(t);
  let late: ((ids: Iterable<number>) => void) | undefined;
  await work.run(({ wake }) => {
    late = wake;
    return Promise.resolve();
  });
  t.throws(() => late!([bob.id]), { message: /after its unit of work ended/ });
  t.deepEqual(woken, []);
});

test('units of work started in the same turn share one transaction and one commit, and each hears of it after the commit', async (t) => {
  const { store, work, log, woken, alice, bob, newAccount } = await setup(t);
  const names = ['carol', 'dave', 'erin', 'frank'];
  const runs = names.map((name, i) =>
    work
      .run(async ({ tx, wake }) => {
        await tx.accounts.create(newAccount(`${name}@example.com`));
        wake([i % 2 === 0 ? alice.id : bob.id]);
        return name;
      })
      .then((result) => {
        log.push(`done ${result}`);
        return result;
      }),
  );
  t.deepEqual(await Promise.all(runs), names);
  const commit = log.indexOf('COMMIT');
  t.deepEqual(
    log.filter((entry) => entry === 'BEGIN' || entry === 'COMMIT'),
    ['BEGIN', 'COMMIT'],
    'one transaction for the four',
  );
  t.deepEqual(log.filter((entry) => entry === 'SAVEPOINT').length, 4, 'a savepoint each');
  t.true(
    names.every((name) => log.indexOf(`done ${name}`) > commit),
    'every caller resolved after the commit',
  );
  t.deepEqual(woken, [[alice.id, bob.id]], 'one wake-up for the batch, each inbox once');
  t.is((await store.accounts.list()).length, 6);
});

test('a unit of work that fails inside a batch is rolled back alone; its neighbours commit', async (t) => {
  const { store, work, log, woken, alice, bob, newAccount } = await setup(t);
  const failure = new Error('refused half-way');
  const [before, failing, after] = await Promise.allSettled([
    work.run(async ({ tx, wake }) => {
      await tx.accounts.create(newAccount('carol@example.com'));
      wake([alice.id]);
    }),
    work.run(async ({ tx, wake }) => {
      await tx.accounts.create(newAccount('mallory@example.com'));
      wake([bob.id]);
      throw failure;
    }),
    work.run(async ({ tx }) => {
      await tx.accounts.create(newAccount('dave@example.com'));
    }),
  ]);
  t.is(before.status, 'fulfilled');
  t.is(after.status, 'fulfilled');
  t.is(failing.status === 'rejected' && failing.reason, failure, 'the failing caller gets its own error');
  t.deepEqual(
    log.filter((entry) => entry !== 'SAVEPOINT' && entry !== 'RELEASE SAVEPOINT'),
    ['BEGIN', 'ROLLBACK TO SAVEPOINT', 'COMMIT', `wake ${alice.id}`],
  );
  t.deepEqual(woken, [[alice.id]], 'the failed unit wakes nobody');
  t.truthy(await store.accounts.findByAddress('carol@example.com'));
  t.truthy(await store.accounts.findByAddress('dave@example.com'));
  t.is(await store.accounts.findByAddress('mallory@example.com'), undefined, 'what the failed unit wrote is gone');
});

test("a request's first write joins its first unit, comes back when that unit rolls back, and commits once", async (t) => {
  const { store, work, newAccount } = await setup(t);
  let writes = 0;
  const first = new FirstWrite(async (tx) => {
    writes++;
    await tx.accounts.create(newAccount('nonce-stand-in@example.com'));
  });
  await requestWrites.run(first, async () => {
    // The first unit throws: its savepoint, first write with it, rolls back, and the write is free again.
    await t.throwsAsync(
      work.run(async () => {
        throw new Error('a fault in the first unit');
      }),
    );
    t.is(first.state, 'pending');
    t.is(await store.accounts.findByAddress('nonce-stand-in@example.com'), undefined);
    // The next unit takes it, with its own write, in one transaction; a third unit does not write it again.
    await work.run(({ tx }) => tx.accounts.create(newAccount('dave@example.com')));
    t.is(first.state, 'done');
    await work.run(({ tx }) => tx.accounts.create(newAccount('erin@example.com')));
  });
  t.is(writes, 2);
  t.truthy(await store.accounts.findByAddress('nonce-stand-in@example.com'));
  // A unit queued outside the request's context never sees its first write.
  await work.run(async () => t.is(requestWrites.getStore(), undefined));
});
