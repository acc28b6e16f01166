// The outbound claim on PostgreSQL (README "Operating it"), where several gateways' forwarders drain one queue. A forwarder
// sends a batch over the network, which takes long, so instead of holding row locks across the call it claims
// the items for a while (claimed_by, claimed_until) in one short transaction; the items' next state (sent,
// settled, failed) ends the claim, and a claim whose owner crashed lapses. SQLite keeps the plain read:
// one process drains the queue there.
import type { Knex } from 'knex';
import type { OutboundRepository } from '../ports.js';
import { outboundColumns, toOutboundItem } from './outbound-rows.js';
import { chunks } from '../../../platform/db/batches.js';

export function pgClaimPending(db: Knex | Knex.Transaction): OutboundRepository['claimPending'] {
  return (domain, limit, claim) =>
    // Its own transaction (a savepoint inside a caller's), so the locks are held until the claim is written.
    db.transaction(async (trx) => {
      // The head of the domain's queue, locked: a claim running at the same time waits here, then reads the
      // rows as this one left them, claimed.
      const head = await trx('outbound_queue')
        .where({ state: 'pending', domain })
        .orderBy('id')
        .limit(limit)
        .forUpdate()
        .select('id', 'message_id', 'claimed_by', 'claimed_until');
      if (head.length === 0) return [];
      // Another forwarder is sending the head: it owns the domain until its claim ends (order per recipient).
      const heldByOther = head.some((r) => r.claimed_by !== null && r.claimed_by !== claim.owner && Number(r.claimed_until) > claim.now);
      if (heldByOther) return [];
      // Whole messages only: every pending recipient of a message in this domain goes in one SendMessages, so
      // the clientMessageId names the same recipient set on every attempt.
      const rows = await trx('outbound_queue')
        .where({ state: 'pending', domain })
        .whereIn('message_id', [...new Set(head.map((r) => r.message_id))])
        .orderBy('id')
        .forUpdate()
        .select(...outboundColumns);
      const ids = rows.map((r) => r.id);
      for (const part of chunks(ids)) {
        await trx('outbound_queue').whereIn('id', part).update({ claimed_by: claim.owner, claimed_until: claim.until });
      }
      return rows.map(toOutboundItem);
    });
}
