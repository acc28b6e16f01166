// Social events for peer domains over knex (social_outbound, drained in id order per domain), the ids of
// events received from peers (social_inbound), and the peer found without the Federation service.
import type { Knex } from 'knex';
import type { QueuedSocialEvent, SocialQueueRepository } from '../ports.js';
import type { SocialOutboundRow } from '../../../platform/db/tables.js';
import { parseNameValues } from '../../../platform/db/json-columns.js';
import { chunks } from '../../../platform/db/batches.js';
import type { SocialEventType } from '../../presence/index.js';

const toQueued = (row: SocialOutboundRow): QueuedSocialEvent => ({
  id: row.id,
  eventId: row.event_id,
  domain: row.domain,
  attempts: row.attempts,
  event: {
    // Written by enqueue from a typed event only.
    type: row.type as SocialEventType,
    from: row.from_address,
    to: row.to_address,
    status: row.status ?? undefined,
    attributes: parseNameValues(row.attributes),
    ...(row.content === null || row.content === undefined ? {} : { content: Buffer.from(row.content) }),
  },
});

export function socialQueueRepository(db: Knex | Knex.Transaction): SocialQueueRepository {
  return {
    async enqueue(eventId, domain, event, now) {
      await db('social_outbound').insert({
        event_id: eventId,
        domain,
        type: event.type,
        from_address: event.from,
        to_address: event.to,
        status: event.status ?? null,
        attributes: JSON.stringify(event.attributes),
        content: event.content ?? null,
        attempts: 0,
        created_at: now,
      });
    },
    async pendingDomains() {
      return (await db('social_outbound').distinct('domain')).map((r) => r.domain);
    },
    async head(domain, limit) {
      return (await db('social_outbound').where({ domain }).orderBy('id').limit(limit)).map(toQueued);
    },
    async remove(ids) {
      for (const part of chunks(ids)) await db('social_outbound').whereIn('id', part).delete();
    },
    async recordFailure(ids, error) {
      for (const part of chunks(ids)) {
        await db('social_outbound')
          .whereIn('id', part)
          .update({ attempts: db.raw('attempts + 1'), last_error: error.slice(0, 1000) });
      }
    },
    async depth() {
      const [row] = await db('social_outbound').count({ n: '*' });
      return Number(row?.n ?? 0);
    },
    async markUnsupported(domain, now) {
      await db('peers').where({ domain }).update({ social_unsupported_at: now });
    },
    async isUnsupported(domain) {
      const row = await db('peers').where({ domain }).first('social_unsupported_at');
      return row?.social_unsupported_at !== null && row?.social_unsupported_at !== undefined;
    },
    async firstReceipt(domain, eventId, now) {
      const seen = await db('social_inbound').where({ domain, event_id: eventId }).first('event_id');
      if (seen) return false;
      await db('social_inbound').insert({ domain, event_id: eventId, received_at: now });
      return true;
    },
  };
}
