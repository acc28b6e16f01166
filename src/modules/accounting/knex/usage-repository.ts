// Usage records over knex. On PostgreSQL, ids come from a sequence before commit, so a record with a lower
// id can commit after one with a higher id; an export that read past it would skip it for good. Writers
// therefore take a shared transaction-level advisory lock before they insert (shared locks never wait for
// each other), and the export's high-water mark takes the same lock exclusively for an instant: once it has
// it, every transaction that was inserting records has committed or rolled back, so max(id) is settled.
// SQLite has one writer, whose ids commit in order.
import type { Knex } from 'knex';
import { dialectOf } from '../../../platform/db/dialect.js';
import { type HotStatements, insertRows } from '../../../platform/db/hot-statements.js';
import type { UsageRepository } from '../ports.js';
import type { NewUsageRecord, ServiceType, UsageEvent, UsageQuery, UsageRecord } from '../usage-types.js';
import type { UsageRecordRow } from './accounting-rows.js';

/** The advisory lock key of usage record ids (any constant no other code uses). */
const usageIdsLock = 0x75736167;

const toRow = (r: NewUsageRecord): Omit<UsageRecordRow, 'id'> => ({
  correlation_id: r.correlationId,
  event: r.event,
  service_type: r.serviceType,
  charged_party: r.chargedParty,
  subscriber_id: r.subscriber?.id ?? null,
  subscriber_type: r.subscriber?.type ?? null,
  other_parties: JSON.stringify(r.otherParties),
  at: r.at,
  content_type: r.contentType ?? null,
  size_bytes: r.sizeBytes,
  sent_count: r.sentCount,
  sent_ok: r.sentOk,
  exploded_count: r.explodedCount,
  exploded_ok: r.explodedOk,
  peer_domain: r.peerDomain ?? null,
  outcome: r.outcome ?? null,
  charge: r.charge,
});

const toRecord = (row: UsageRecordRow): UsageRecord => ({
  id: Number(row.id),
  correlationId: row.correlation_id,
  event: row.event as UsageEvent,
  serviceType: row.service_type as ServiceType,
  chargedParty: row.charged_party,
  subscriber: row.subscriber_id === null ? undefined : { id: row.subscriber_id, type: row.subscriber_type === 'E164' ? 'E164' : 'PRIVATE' },
  otherParties: JSON.parse(row.other_parties) as string[],
  at: Number(row.at),
  contentType: row.content_type ?? undefined,
  sizeBytes: Number(row.size_bytes),
  sentCount: row.sent_count,
  sentOk: row.sent_ok,
  explodedCount: row.exploded_count,
  explodedOk: row.exploded_ok,
  peerDomain: row.peer_domain ?? undefined,
  outcome: row.outcome ?? undefined,
  charge: Number(row.charge),
});

const columns = [
  'correlation_id',
  'event',
  'service_type',
  'charged_party',
  'subscriber_id',
  'subscriber_type',
  'other_parties',
  'at',
  'content_type',
  'size_bytes',
  'sent_count',
  'sent_ok',
  'exploded_count',
  'exploded_ok',
  'peer_domain',
  'outcome',
  'charge',
] as const;

/** `hot`: every send writes records, so they go in as hot statements (platform/db/hot-statements.ts). */
export function usageRepository(db: Knex | Knex.Transaction, root: Knex, hot: HotStatements): UsageRepository {
  const isPg = dialectOf(db).name === 'pg';
  const selected = (query: UsageQuery, upTo: number) => {
    const q = db('usage_records').where('id', '>', query.afterId).andWhere('id', '<=', upTo);
    if (query.since !== undefined) q.andWhere('at', '>=', query.since);
    if (query.until !== undefined) q.andWhere('at', '<', query.until);
    return q;
  };
  return {
    async insertAll(records) {
      if (records.length === 0) return;
      if (isPg) await hot.run('select pg_advisory_xact_lock_shared(?)', [usageIdsLock]);
      await insertRows(hot, 'usage_records', columns, records.map(toRow));
    },
    async settledHighWater() {
      const highest = (q: Knex | Knex.Transaction) =>
        q('usage_records')
          .max({ id: 'id' })
          .first()
          .then((row) => Number(row?.id ?? 0));
      if (!isPg) return highest(db);
      // Its own short transaction on the root connection: the exclusive lock waits for the writers in flight.
      return root.transaction(async (trx) => {
        await trx.raw('select pg_advisory_xact_lock(?)', [usageIdsLock]);
        return highest(trx);
      });
    },
    async page(query, upTo, limit) {
      const rows = await selected(query, upTo).orderBy('id').limit(limit);
      return rows.map(toRecord);
    },
    async count(query, upTo) {
      const row = await selected(query, upTo).count({ n: '*' }).first();
      return Number(row?.n ?? 0);
    },
  };
}
