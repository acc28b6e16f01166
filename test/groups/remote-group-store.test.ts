// At a member's gateway, the store of peer domains' groups (remote-group-repository.ts) on a real database:
// the record by (account, qualified id), the history copy keyed by the host's groupSequence (a repeat changes
// nothing), paging both ways, the retention purge (the operator's, and a group's lower one as notified), and a
// removal that takes the copy with it. better-sqlite3 always; PostgreSQL where it is reachable.
import { join } from 'node:path';
import test from 'ava';
import { openDatabase } from '../../src/platform/db/database.js';
import { migrateLatest } from '../../src/platform/db/migrate.js';
import { createStore } from '../../src/main/store.js';
import type { RemoteGroupRecord } from '../../src/modules/groups/group-types.js';
import { backends, postgresAvailable } from '../helpers/backends.js';
import { tempDir } from '../helpers/gateway.js';
import { manualClock } from '../helpers/session.js';

const minute = 60_000;

function record(accountId: number, groupId: string, historySeconds: number): RemoteGroupRecord {
  return {
    accountId,
    groupId,
    group: {
      id: groupId,
      name: 'Crossing',
      access: 'closed',
      visibility: 'private',
      ownerAddress: 'olga@b1.example',
      topic: undefined,
      welcome: undefined,
      maxMembers: 50,
      privateMessages: true,
      membersMayInvite: true,
      historySeconds,
      createdByOperator: false,
      createdAt: 0,
      expiresAt: undefined,
    },
    memberCount: 3,
    me: { groupId, accountId, address: '', role: 'member', screenName: 'Uma', muted: false, typingNotices: true, joinedAt: 0 },
    updatedAt: 0,
  };
}

for (const client of ['better-sqlite3', 'pg'] as const) {
  test(`${client}: the record, the history copy, its paging and its purge`, async (t) => {
    let url: string | undefined;
    let drop = async () => {};
    if (client === 'pg') {
      if (!(await postgresAvailable())) {
        t.log('PostgreSQL is not reachable on 127.0.0.1:5432: skipped');
        t.false(await postgresAvailable());
        return;
      }
      const created = await backends.find((b) => b.name === 'pg')!.create();
      url = created.settings['db-url'];
      drop = created.drop;
    }
    const db = openDatabase({ client, filename: join(tempDir(), 'remote-groups.sqlite'), url });
    await migrateLatest(db);
    const store = createStore(db, manualClock());
    t.teardown(async () => {
      await store.close();
      await drop();
    });
    const uma = await store.accounts.create({
      address: 'uma@b2.example',
      msisdn: null,
      role: 'user',
      passwordHash: 'x',
      sealedSecret: 'x',
    });
    const [crossing, short] = ['Crossing0001@b1.example', 'Short0000001@b1.example'];
    await store.remoteGroups.save(record(uma.id, crossing, 3600));
    await store.remoteGroups.save({ ...record(uma.id, short, 60), memberCount: 2 });
    await store.remoteGroups.save({ ...record(uma.id, short, 60), memberCount: 4 });
    t.deepEqual(
      (await store.remoteGroups.list(uma.id)).map((r) => [r.groupId, r.memberCount]),
      [
        [crossing, 3],
        [short, 4],
      ],
      'one record per (account, qualified id), the last saved',
    );

    const entry = (groupId: string, seq: number, at: number, text: string) =>
      store.remoteGroups.appendHistory({
        accountId: uma.id,
        groupId,
        seq,
        kind: 'message',
        screenName: 'Olga',
        private: false,
        type: undefined,
        status: undefined,
        contentType: 'text/plain',
        content: Buffer.from(text),
        at,
      });
    for (let seq = 1; seq <= 5; seq++) await entry(crossing, seq, seq * 10 * minute, `m${seq}`);
    await entry(crossing, 3, 0, 'a repeat');
    const texts = async (order: 'newestFirst' | 'oldestFirst', from?: number, limit = 10) =>
      (await store.remoteGroups.history(uma.id, crossing, order, from, limit)).map((e) => e.content?.toString());
    t.deepEqual(await texts('oldestFirst'), ['m1', 'm2', 'm3', 'm4', 'm5'], 'a repeat of a groupSequence changes nothing');
    t.deepEqual(await texts('newestFirst', undefined, 2), ['m5', 'm4']);
    t.deepEqual(await texts('newestFirst', 4, 2), ['m3', 'm2']);
    t.deepEqual(await texts('oldestFirst', 3), ['m4', 'm5']);

    // The operator keeps an hour: at 75 minutes, m1 (10) is past it; the short group's own 60 s takes its entry.
    await entry(short, 1, 74 * minute, 's1');
    await entry(short, 2, 75 * minute, 's2');
    t.is(await store.remoteGroups.purgeHistory(75 * minute + 30_000, 3600), 2);
    t.deepEqual(await texts('oldestFirst'), ['m2', 'm3', 'm4', 'm5']);
    t.deepEqual(
      (await store.remoteGroups.history(uma.id, short, 'oldestFirst', undefined, 10)).map((e) => e.content?.toString()),
      ['s2'],
    );

    await store.remoteGroups.remove(uma.id, crossing);
    t.is(await store.remoteGroups.find(uma.id, crossing), undefined);
    t.deepEqual(await texts('oldestFirst'), [], 'the copy goes with the record');
  });
}
