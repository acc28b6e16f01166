// The durable outbound queue over knex: recipients in peer domains, drained in id order per domain.
import type { Knex } from 'knex';
import type { OutboundItem, OutboundRepository } from '../../../kernel/ports.js';

interface OutboundRow {
  id: number;
  message_id: string;
  position: number;
  domain: string;
  address: string;
  attempts: number;
  expires_at: number;
}

const toItem = (row: OutboundRow): OutboundItem => ({
  id: row.id,
  messageId: row.message_id,
  position: row.position,
  domain: row.domain,
  address: row.address,
  attempts: row.attempts,
  expiresAt: Number(row.expires_at),
});

const columns = ['id', 'message_id', 'position', 'domain', 'address', 'attempts', 'expires_at'];

async function inChunks(ids: readonly number[], work: (chunk: readonly number[]) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < ids.length; i += 500) await work(ids.slice(i, i + 500));
}

export function outboundRepository(db: Knex | Knex.Transaction): OutboundRepository {
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
      for (let i = 0; i < rows.length; i += 100) await db('outbound_queue').insert(rows.slice(i, i + 100));
    },
    async pendingDomains() {
      const rows = (await db('outbound_queue').where({ state: 'pending' }).distinct('domain')) as { domain: string }[];
      return rows.map((r) => r.domain);
    },
    async sentDomains() {
      const rows = (await db('outbound_queue').where({ state: 'sent' }).distinct('domain')) as { domain: string }[];
      return rows.map((r) => r.domain);
    },
    async pending(domain, limit) {
      // Whole messages only: every pending recipient of a message in this domain goes in one SendMessages,
      // so the clientMessageId names the same recipient set on every attempt.
      const head = db('outbound_queue').where({ state: 'pending', domain }).orderBy('id').limit(limit).select('message_id');
      const rows = (await db('outbound_queue')
        .where({ state: 'pending', domain })
        .whereIn('message_id', head)
        .orderBy('id')
        .select(columns)) as OutboundRow[];
      return rows.map(toItem);
    },
    async markSent(ids, remoteMessageId) {
      await inChunks(ids, (chunk) =>
        db('outbound_queue').whereIn('id', chunk).update({ state: 'sent', remote_message_id: remoteMessageId, last_error: null }),
      );
    },
    async recordFailure(ids, error) {
      await inChunks(ids, (chunk) =>
        db('outbound_queue').whereIn('id', chunk).update({ attempts: db.raw('attempts + 1'), last_error: error.slice(0, 1000) }),
      );
    },
    async sentFor(remoteMessageId, address) {
      const rows = (await db('outbound_queue')
        .where({ state: 'sent', remote_message_id: remoteMessageId, address })
        .select(columns)) as OutboundRow[];
      return rows.map(toItem);
    },
    async remove(ids) {
      await inChunks(ids, (chunk) => db('outbound_queue').whereIn('id', chunk).delete());
    },
    async forgetSent(before) {
      return db('outbound_queue').where({ state: 'sent' }).andWhere('expires_at', '<', before).delete();
    },
    async expired(now, limit) {
      const rows = (await db('outbound_queue')
        .where({ state: 'pending' })
        .andWhere('expires_at', '<=', now)
        .orderBy('id')
        .limit(limit)
        .select(columns)) as OutboundRow[];
      return rows.map(toItem);
    },
    async depth() {
      const rows = (await db('outbound_queue').groupBy('state').select('state').count({ n: '*' })) as { state: string; n: number | string }[];
      const of = (state: string) => Number(rows.find((r) => r.state === state)?.n ?? 0);
      return { pending: of('pending'), sent: of('sent') };
    },
  };
}
