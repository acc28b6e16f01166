// Delivery reports (PP2-31, PP2-33, PP2-34): when an inbox entry leaves an inbox, by acknowledgement or by
// expiry, its recipient state is settled and a sender that asked for a report gets a notice in its inbox.
import { type Notice, sendNotices } from '../inbox/index.js';
import { unacknowledgedExpiry } from '../../kernel/notices.js';
import type { RemovedEntry } from '../../kernel/ports.js';
import type { Work } from '../../platform/db/unit-of-work.js';

export type Outcome = 'delivered' | 'expired';

/**
 * Whether the non-delivery report about a recipient is held back (PP2-32: an operator stops report storms
 * during an outage; the policy module handles it). True: the sender gets no report about this recipient.
 */
export type NonDeliveryHook = (work: Work, recipientAddress: string) => Promise<boolean>;

async function suppressed(hooks: readonly NonDeliveryHook[], work: Work, recipientAddress: string): Promise<boolean> {
  for (const hook of hooks) if (await hook(work, recipientAddress)) return true;
  return false;
}

/** Settles removed entries in the unit of work that removed them; the senders that got a report are woken. */
export async function settleRemoved(
  work: Work,
  removed: readonly RemovedEntry[],
  outcome: Outcome,
  reportValiditySeconds: number,
  nonDelivery: readonly NonDeliveryHook[] = [],
): Promise<void> {
  const { tx, now } = work;
  const messages = removed.filter((entry) => entry.kind === 'message');
  const reason = outcome === 'expired' ? unacknowledgedExpiry : undefined;
  // One state update per inbox, not per entry: an account holds at most one entry per message, so
  // (these message ids) x (this account) is exactly the removed entries of that account.
  const byAccount = new Map<number, string[]>();
  for (const entry of messages) {
    const ids = byAccount.get(entry.accountId) ?? [];
    ids.push(entry.messageId);
    byAccount.set(entry.accountId, ids);
  }
  for (const [accountId, messageIds] of byAccount) {
    await tx.messages.setRecipientState(messageIds, [accountId], ['queued', 'retrieved'], outcome, now, reason);
  }
  // One batch for all reports: each sender's inbox is reserved once, in account order (storeAndEnqueueAll).
  const wanted = [];
  for (const entry of messages)
    if (!entry.deliveryReport || outcome !== 'expired' || !(await suppressed(nonDelivery, work, entry.recipientAddress)))
      wanted.push(entry);
  const reports: Notice[] = wanted.flatMap((entry) =>
    entry.deliveryReport && entry.senderAccountId !== null && entry.senderAddress !== null
      ? [
          {
            to: { accountId: entry.senderAccountId, address: entry.senderAddress },
            notification: { type: 'deliveryReport', messageId: entry.messageId, address: entry.recipientAddress, status: outcome, reason },
          },
        ]
      : [],
  );
  work.wake(await sendNotices(tx, reports, now, reportValiditySeconds));
}

/** The inbox's acknowledged hook: acknowledged entries are delivered (and reported where asked). */
export const settleAcknowledged =
  (reportValiditySeconds: number) =>
  (work: Work, removed: readonly RemovedEntry[]): Promise<void> =>
    settleRemoved(work, removed, 'delivered', reportValiditySeconds);
