// The durable outbound queue over knex: recipients in peer domains, drained in id order per domain.
// Gateways sharing one PostgreSQL database drain it together: claimPending there is pg-outbound.ts, and items
// are settled by whoever removes them (take, takeExpired).
import type { Knex } from 'knex';
import type { OutboundRepository } from '../ports.js';
import { dialectOf } from '../../../platform/db/dialect.js';
import { outboundColumns as columns, toOutboundItem as toItem } from './outbound-rows.js';
import { pgClaimPending } from './pg-outbound.js';
import { batchLimits, chunks } from '../../../platform/db/batches.js';

async function inChunks(ids: readonly number[], work: (chunk: readonly number[]) => Promise<unknown>): Promise<void> {
  for (const part of chunks(ids)) await work(part);
}

export function outboundRepository(db: Knex | Knex.Transaction): OutboundRepository {
  const dialect = dialectOf(db);

  /** SQLite: one process drains the queue, so reading the head is claiming it; no claim is recorded. */
  const readPending: OutboundRepository['claimPending'] = async (domain, limit) => {
    // Whole messages only: every pending recipient of a message in this domain goes in one SendMessages,
    // so the clientMessageId names the same recipient set on every attempt.
    const head = db('outbound_queue').where({ state: 'pending', domain }).orderBy('id').limit(limit).select('message_id');
    const rows = await db('outbound_queue')
      .where({ state: 'pending', domain })
      .whereIn('message_id', head)
      .orderBy('id')
      .select(...columns);
    return rows.map(toItem);
  };

  return {
    async enqueue(items) {
      const rows = items.map((i) => ({
        message_id: i.messageId,
        position: i.position,
        domain: i.domain,
        address: i.address,
        state: 'pending',
        expires_at: i.expiresAt,
        created_at: i.createdAt,
      }));
      for (const part of chunks(rows, batchLimits.rowsPerInsert)) await db('outbound_queue').insert(part);
    },
    async pendingDomains() {
      const rows = await db('outbound_queue').where({ state: 'pending' }).distinct('domain');
      return rows.map((r) => r.domain);
    },
    async sentDomains() {
      const rows = await db('outbound_queue').where({ state: 'sent' }).distinct('domain');
      return rows.map((r) => r.domain);
    },
    claimPending: dialect.name === 'pg' ? pgClaimPending(db) : readPending,
    async markSent(ids, remoteMessageId) {
      await inChunks(ids, (chunk) =>
        db('outbound_queue')
          .whereIn('id', chunk)
          .update({ state: 'sent', remote_message_id: remoteMessageId, last_error: null, claimed_by: null, claimed_until: null }),
      );
    },
    async recordFailure(ids, error) {
      await inChunks(ids, (chunk) =>
        db('outbound_queue')
          .whereIn('id', chunk)
          .update({ attempts: db.raw('attempts + 1'), last_error: error.slice(0, 1000), claimed_by: null, claimed_until: null }),
      );
    },
    async sentFor(remoteMessageId, address) {
      const rows = await db('outbound_queue')
        .where({ state: 'sent', remote_message_id: remoteMessageId, address })
        .select(...columns);
      return rows.map(toItem);
    },
    async take(ids) {
      // The ids still there, as this transaction reads them; the delete then tells which it removed itself.
      const present: number[] = [];
      await inChunks(ids, async (chunk) => present.push(...(await db('outbound_queue').whereIn('id', chunk).pluck('id'))));
      return [...(await dialect.deleteIds(db, 'outbound_queue', present))];
    },
    async forgetSent(before) {
      return db('outbound_queue').where({ state: 'sent' }).andWhere('expires_at', '<', before).delete();
    },
    async takeExpired(now, limit) {
      const query = db('outbound_queue')
        .where({ state: 'pending' })
        .andWhere('expires_at', '<=', now)
        // An item being sent is left to its send (the peer may accept it); a lapsed claim holds nothing.
        .andWhere(db.raw('coalesce(claimed_until, 0)'), '<=', now)
        .orderBy('id')
        .limit(limit)
        .select(...columns);
      const rows = await dialect.skipLocked(query);
      const deleted = await dialect.deleteIds(
        db,
        'outbound_queue',
        rows.map((r) => r.id),
      );
      return rows.filter((r) => deleted.has(r.id)).map(toItem);
    },
    async depth() {
      const rows = await db('outbound_queue').groupBy('state').select('state').count({ n: '*' });
      const of = (state: string) => Number(rows.find((r) => r.state === state)?.n ?? 0);
      return { pending: of('pending'), sent: of('sent') };
    },
  };
}
