// On PostgreSQL a record's id comes from a sequence before its transaction commits, so record N can commit
// after record N+1. The export must not read past N while N is still being written, or a feed resumed after
// N+1 would never see N (docs/operations.md "Export"). Here one transaction writes a record and stays
// open while a second writes the next one and commits: the export's high-water mark waits (on the advisory
// lock) for the first to end, and then both records are read. Skipped visibly without PostgreSQL.
import test from 'ava';
import knexFactory from 'knex';
import { backends, postgresAvailable } from '../helpers/backends.js';
import { configWith } from '../../src/platform/config.js';
import { openBackend } from '../../src/main/backend.js';
import { createLogger } from '../../src/platform/logger.js';
import type { NewUsageRecord } from '../../src/modules/accounting/usage-types.js';

const record = (correlationId: string): NewUsageRecord => ({
  correlationId,
  event: 'message-sent',
  serviceType: 'SENDING',
  chargedParty: 'alice@example.com',
  subscriber: undefined,
  otherParties: [],
  at: Date.now(),
  contentType: 'text/plain',
  sizeBytes: 1,
  sentCount: 1,
  sentOk: 1,
  explodedCount: 1,
  explodedOk: 1,
  peerDomain: undefined,
  outcome: undefined,
  charge: 0,
});

test('pg: the export waits for a record still being written before it reads past it', async (t) => {
  if (!(await postgresAvailable())) {
    t.log('PostgreSQL is not reachable on 127.0.0.1:5432: skipped');
    t.false(await postgresAvailable());
    return;
  }
  const database = await backends.find((b) => b.name === 'pg')!.create();
  const backend = await openBackend(
    configWith({ ...database.settings, domain: 'example.com', 'log-level': 'silent' }),
    Date.now,
    createLogger('silent'),
  );
  const watcher = knexFactory({ client: 'pg', connection: database.settings['db-url']!, pool: { min: 0, max: 1 } });
  t.teardown(async () => {
    await watcher.destroy();
    await backend.close();
    await database.drop();
  });
  const { store } = backend;

  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  let written!: () => void;
  const firstWritten = new Promise<void>((resolve) => (written = resolve));
  // Registered after the database's teardown, so it runs first: a failed assertion below leaves no writer open.
  t.teardown(async () => {
    release();
    await first;
  });
  const first = store.transaction(async (tx) => {
    await tx.usage.insertAll([record('first')]);
    written();
    await held;
  });
  await firstWritten;
  await store.transaction((tx) => tx.usage.insertAll([record('second')]));

  let settledAt: number | undefined;
  process.stderr.write('before high\n');
  const highWater = store.usage.settledHighWater().then((id) => {
    settledAt = id;
    return id;
  });
  // The high-water mark waits for the open writer: its exclusive advisory lock request is queued.
  while (settledAt === undefined) {
    const waiting = await watcher.raw(`select count(*)::int as n from pg_locks where locktype = 'advisory' and not granted`);
    if ((waiting.rows as { n: number }[])[0]!.n === 1) break;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  t.is(settledAt, undefined, 'the high-water mark did not read past the open writer');
  console.error('released', settledAt);
  release();
  await first;
  console.error('first done');
  const upTo = await highWater;
  console.error('upTo', upTo);
  const page = await store.usage.page({ afterId: 0, since: undefined, until: undefined }, upTo, 10);
  t.deepEqual(
    page.map((r) => r.correlationId),
    ['first', 'second'],
    'both records, in id order',
  );
});
