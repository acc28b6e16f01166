// Delivery reports (PP2-31, PP2-33, PP2-34): when an inbox entry leaves an inbox, by acknowledgement or by
// expiry, its recipient state is settled and a sender that asked for a report gets a notice in its inbox.
import { sendNotice } from './delivery.js';
import type { RemovedEntry, Repositories } from './ports.js';

export type Outcome = 'delivered' | 'expired';

/** Settles removed entries; returns the sender accounts that received a report. */
export async function settleRemoved(
  tx: Repositories,
  removed: readonly RemovedEntry[],
  outcome: Outcome,
  now: number,
  reportValiditySeconds: number,
): Promise<number[]> {
  const woken: number[] = [];
  for (const entry of removed) {
    if (entry.kind !== 'message') continue;
    const reason = outcome === 'expired' ? 'validity period ended before acknowledgement' : undefined;
    await tx.messages.setRecipientState([entry.messageId], [entry.accountId], ['queued', 'retrieved'], outcome, now, reason);
    if (!entry.deliveryReport || entry.senderAccountId === null || entry.senderAddress === null) continue;
    const address = entry.recipientAddress;
    const text =
      outcome === 'delivered'
        ? `Your message ${entry.messageId} was delivered to ${address}.`
        : `Your message ${entry.messageId} to ${address} expired undelivered.`;
    woken.push(
      ...(await sendNotice(
        tx,
        { accountId: entry.senderAccountId, address: entry.senderAddress },
        { type: 'deliveryReport', messageId: entry.messageId, address, status: outcome, reason },
        text,
        now,
        reportValiditySeconds,
      )),
    );
  }
  return woken;
}
