// Removes expired messages (PP-15, MT-2), settles their recipients as expired, and sends the non-delivery
// notices senders asked for (PP2-33). Also forgets nonces and finished messages past their retention.
// Every gateway on one PostgreSQL database runs this sweeper (and one gateway may run sweeps that overlap):
// takeExpired claims the entries it returns (locked, skipping those another sweep holds) and returns only
// those it deleted itself, so each expired entry is settled and reported exactly once.
import { type NonDeliveryHook, settleRemoved } from './delivery-reports.js';
import type { UnitOfWork, Work } from '../../platform/db/unit-of-work.js';
import type { RemovedEntry } from '../../kernel/ports.js';

/** Entries the sweep removed unread, in its unit of work (accounting records each expiry). */
export type ExpiredHook = (work: Work, removed: readonly RemovedEntry[]) => Promise<void>;

export interface SweeperOptions {
  readonly statusRetentionSeconds: number;
  readonly reportValiditySeconds: number;
  readonly batchSize: number;
  /** Non-delivery reports held back (PP2-32). */
  readonly nonDelivery?: readonly NonDeliveryHook[];
  readonly expired?: readonly ExpiredHook[] | undefined;
}

export interface SweeperEvents {
  messagesExpired(count: number): void;
}

export function expirySweeper(work: UnitOfWork, options: SweeperOptions, events: SweeperEvents) {
  /** One pass; returns how many inbox entries expired. Loops over batches so one pass catches up. */
  async function sweepOnce(): Promise<number> {
    let total = 0;
    for (;;) {
      // One unit of work per batch: the entries taken, their recipients settled, the reports sent and woken.
      const expired = await work.run(async (w) => {
        const removed = await w.tx.inbox.takeExpired(w.now, options.batchSize);
        await settleRemoved(w, removed, 'expired', options.reportValiditySeconds, options.nonDelivery);
        for (const hook of options.expired ?? []) await hook(w, removed);
        return removed;
      });
      const messages = expired.filter((e) => e.kind === 'message').length;
      if (messages > 0) events.messagesExpired(messages);
      total += expired.length;
      if (expired.length < options.batchSize) break;
    }
    await work.run(async ({ tx, now }) => {
      await tx.nonces.purge(now);
      await tx.messages.purgeFinished(now - options.statusRetentionSeconds * 1000);
    });
    return total;
  }

  return { sweepOnce };
}

export type ExpirySweeper = ReturnType<typeof expirySweeper>;
