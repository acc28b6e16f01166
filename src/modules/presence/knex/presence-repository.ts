// Published presence, activity and the coalesced presence notices over knex.
import type { Knex } from 'knex';
import type { PresenceRepository } from '../ports.js';
import type { Availability, PresenceRecord } from '../../../kernel/social-types.js';
import { dialectOf } from '../../../platform/db/dialect.js';
import { parseNameValues, parseStrings } from '../../../platform/db/json-columns.js';
import { batchLimits, chunks } from '../../../platform/db/batches.js';
import type { AccountRow, PresenceNoticeRow, PresenceRow } from '../../../platform/db/tables.js';

const toRecord = (row: PresenceRow): PresenceRecord => ({
  accountId: row.account_id,
  published: row.availability
    ? {
        availability: row.availability as Availability,
        statusText: row.status_text ?? undefined,
        device: row.device ?? undefined,
        capabilities: parseStrings(row.capabilities),
        attributes: parseNameValues(row.attributes),
      }
    : undefined,
  publishedAt: row.published_at === null ? undefined : Number(row.published_at),
  lastActiveAt: row.last_active_at === null ? undefined : Number(row.last_active_at),
  online: Boolean(row.online),
});

export function presenceRepository(db: Knex | Knex.Transaction): PresenceRepository {
  const dialect = dialectOf(db);
  return {
    async find(accountIds) {
      const rows: PresenceRow[] = [];
      for (const ids of chunks(accountIds)) rows.push(...(await db('presence').whereIn('account_id', ids)));
      return rows.map(toRecord);
    },
    async publish(accountId, presence, now) {
      const fields = {
        availability: presence.availability,
        status_text: presence.statusText ?? null,
        device: presence.device ?? null,
        capabilities: JSON.stringify(presence.capabilities),
        attributes: JSON.stringify(presence.attributes),
        published_at: now,
      };
      await db('presence')
        .insert({ account_id: accountId, online: false, ...fields })
        .onConflict('account_id')
        .merge(fields);
    },
    async forget(accountId) {
      await db('presence').where({ account_id: accountId }).delete();
    },
    async touch(accountId, now) {
      // Locked (PostgreSQL), so an idle sweep in another gateway either marks the account offline before this
      // read (and this touch announces it back online) or skips the row this transaction holds.
      const read = db('presence').where({ account_id: accountId }).first('online');
      const row = await dialect.lockRows(read);
      if (!row) {
        // First activity ever; two first polls at once (through two gateways) both land on one row.
        await db('presence')
          .insert({ account_id: accountId, last_active_at: now, online: true })
          .onConflict('account_id')
          .merge(['last_active_at', 'online']);
        return true;
      }
      await db('presence').where({ account_id: accountId }).update({ last_active_at: now, online: true });
      return !row.online;
    },
    async takeIdle(cutoff, limit) {
      const query = db('presence as p')
        .join('accounts as a', 'a.id', 'p.account_id')
        .where('p.online', true)
        .andWhere((q) => q.whereNull('p.last_active_at').orWhere('p.last_active_at', '<', cutoff))
        .orderBy('p.account_id')
        .limit(limit)
        .select<(Pick<PresenceRow, 'account_id'> & Pick<AccountRow, 'address'>)[]>('p.account_id', 'a.address');
      // Two gateways sweeping one PostgreSQL database must not announce the same account twice: each takes
      // the rows it locked, passing over those another sweep (or a touch) holds.
      const rows = await dialect.skipLocked(query, 'p');
      for (const part of chunks(rows.map((r) => r.account_id))) await db('presence').whereIn('account_id', part).update({ online: false });
      return rows.map((r) => ({ accountId: r.account_id, address: r.address }));
    },
    async unreadNotices(presentityId, watcherIds, now) {
      const wanted = new Set(watcherIds);
      const rows = await db('presence_notices as n')
        .join('inbox_entries as e', (j) => j.on('e.message_id', 'n.message_id').andOn('e.account_id', 'n.watcher_id'))
        .where('n.presentity_id', presentityId)
        .whereNull('e.lease_token')
        .andWhere('e.expires_at', '>', now)
        .select<Pick<PresenceNoticeRow, 'watcher_id' | 'message_id'>[]>('n.watcher_id', 'n.message_id');
      return new Map(rows.filter((r) => wanted.has(r.watcher_id)).map((r) => [r.watcher_id, r.message_id]));
    },
    async rewriteNotices(messageIds, notification, content, now) {
      for (const ids of chunks(messageIds)) {
        await db('messages').whereIn('id', ids).update({ notification, content, sent_at: now });
        // The rewritten notice reads as just received, though it keeps its place in the inbox order.
        await db('inbox_entries').whereIn('message_id', ids).update({ received_at: now });
      }
    },
    async trackNotices(presentityId, notices) {
      const rows = notices.map((n) => ({ watcher_id: n.watcherId, presentity_id: presentityId, message_id: n.messageId }));
      for (const part of chunks(rows, batchLimits.rowsPerInsert)) {
        await db('presence_notices').insert(part).onConflict(['watcher_id', 'presentity_id']).merge(['message_id']);
      }
    },
  };
}
