// Presence subscriptions and authorizations over knex: one row per (presentity, watcher).
import type { Knex } from 'knex';
import type { SubscriptionRepository } from '../ports.js';
import type { AuthorizationState, RequestOrigin, SubscriptionRecord, SubscriptionWithParty } from '../../../kernel/social-types.js';
import { chunks } from '../../../platform/db/batches.js';
import type { AccountRow, PresenceSubscriptionRow } from '../../../platform/db/tables.js';

const toRecord = (row: PresenceSubscriptionRow): SubscriptionRecord => ({
  presentityId: row.presentity_id,
  watcherId: row.watcher_id,
  state: row.state as AuthorizationState,
  subscribed: Boolean(row.subscribed),
  origin: row.origin as RequestOrigin,
  addBackInvited: Boolean(row.add_back_invited),
  requestedAt: Number(row.requested_at),
  updatedAt: Number(row.updated_at),
});

export function subscriptionRepository(db: Knex | Knex.Transaction): SubscriptionRepository {
  return {
    async find(presentityId, watcherId) {
      const row = await db('presence_subscriptions').where({ presentity_id: presentityId, watcher_id: watcherId }).first();
      return row && toRecord(row);
    },
    async save(s) {
      const fields = {
        state: s.state,
        subscribed: s.subscribed,
        origin: s.origin,
        add_back_invited: s.addBackInvited,
        requested_at: s.requestedAt,
        updated_at: s.updatedAt,
      };
      await db('presence_subscriptions')
        .insert({ presentity_id: s.presentityId, watcher_id: s.watcherId, ...fields })
        .onConflict(['presentity_id', 'watcher_id'])
        .merge(fields);
    },
    async remove(presentityId, watcherId) {
      await db('presence_subscriptions').where({ presentity_id: presentityId, watcher_id: watcherId }).delete();
    },
    async watchersOf(presentityId): Promise<SubscriptionWithParty[]> {
      const rows = await db('presence_subscriptions as s')
        .join('accounts as a', 'a.id', 's.watcher_id')
        .where('s.presentity_id', presentityId)
        .orderBy('s.requested_at')
        .orderBy('a.address')
        .select<(PresenceSubscriptionRow & Pick<AccountRow, 'address'>)[]>('s.*', 'a.address');
      return rows.map((r) => ({ ...toRecord(r), partyAddress: r.address }));
    },
    async ofWatcher(watcherId, presentityIds) {
      const rows: PresenceSubscriptionRow[] = [];
      for (const ids of chunks(presentityIds)) {
        rows.push(...(await db('presence_subscriptions').where('watcher_id', watcherId).whereIn('presentity_id', ids)));
      }
      return rows.map(toRecord);
    },
    async addressOf(accountId) {
      // accounts read in SQL: a subscription names its parties by account id.
      const row = await db('accounts').where({ id: accountId }).first('address');
      return row?.address;
    },
    async notifiedWatchers(presentityId) {
      const rows = await db('presence_subscriptions as s')
        .join('accounts as a', 'a.id', 's.watcher_id')
        .where({ 's.presentity_id': presentityId, 's.state': 'granted', 's.subscribed': true })
        .orderBy('s.watcher_id')
        .select<Pick<AccountRow, 'id' | 'address'>[]>('a.id', 'a.address');
      return rows.map((r) => ({ accountId: r.id, address: r.address }));
    },
  };
}
