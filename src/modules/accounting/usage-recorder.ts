// Turns the events other modules announce into usage records, in the event's own unit of work (PP2-6): the
// records commit with the message, the delivery, the membership change, or not at all. Which event becomes
// which OMA service type is docs/operations.md "Usage records".
import type { RemovedEntry, Repositories } from '../../kernel/ports.js';
import type { Account, StoredMessage } from '../../kernel/types.js';
import type { Work } from '../../platform/db/unit-of-work.js';
import type { Delivery } from '../inbox/index.js';
import type { ChargedParty } from './ports.js';
import type { NewUsageRecord, Subscriber, UsageEvent } from './usage-types.js';

/** What every record of one event shares; the rest defaults to "nothing counted". */
type RecordInput = Pick<NewUsageRecord, 'correlationId' | 'event' | 'serviceType' | 'chargedParty' | 'at'> & Partial<NewUsageRecord>;

export function usageRecord(input: RecordInput): NewUsageRecord {
  return {
    subscriber: undefined,
    otherParties: [],
    contentType: undefined,
    sizeBytes: 0,
    sentCount: 0,
    sentOk: 0,
    explodedCount: 0,
    explodedOk: 0,
    peerDomain: undefined,
    outcome: undefined,
    charge: 0,
    ...input,
  };
}

const domainOf = (address: string): string => address.slice(address.lastIndexOf('@') + 1);

/**
 * A SendMessages' records: one per message (SENDING, or RECEIVING with the peer's domain when a peer
 * domain forwarded it here) and one per copy fanned out (RECEIVING, charged to the recipient). `charges`
 * is each message's price for the sender (prepaid.ts).
 */
export async function sendRecords(
  work: Work,
  sender: Account,
  deliveries: readonly Delivery[],
  charges: readonly number[],
  parties: ReadonlyMap<number, ChargedParty>,
) {
  const { tx, now } = work;
  const subscribers = { get: (id: number) => parties.get(id)?.subscriber };
  const records: NewUsageRecord[] = [];
  for (const [i, { message, recipients }] of deliveries.entries()) {
    const accepted = recipients.filter((r) => r.status === 'queued');
    const from = message.senderAddress ?? sender.address;
    // 5.14: a peer's account names the original sender in another domain: the message came from that peer.
    const fromPeer = from !== sender.address ? domainOf(from) : undefined;
    const common = { correlationId: message.id, at: now, contentType: message.contentType, sizeBytes: message.content.length };
    records.push(
      usageRecord({
        ...common,
        event: fromPeer ? 'peer-accepted' : 'message-sent',
        serviceType: fromPeer ? 'RECEIVING' : 'SENDING',
        chargedParty: sender.address,
        subscriber: subscribers.get(sender.id),
        otherParties: fromPeer ? [from, ...recipients.map((r) => r.address)] : recipients.map((r) => r.address),
        sentCount: 1,
        sentOk: accepted.length > 0 ? 1 : 0,
        explodedCount: recipients.length,
        explodedOk: accepted.length,
        peerDomain: fromPeer,
        charge: charges[i] ?? 0,
      }),
    );
    for (const r of accepted) {
      records.push(
        usageRecord({
          ...common,
          event: 'message-exploded',
          serviceType: 'RECEIVING',
          chargedParty: r.address,
          subscriber: r.accountId === null ? undefined : subscribers.get(r.accountId),
          otherParties: [from],
          explodedCount: 1,
          explodedOk: 1,
          peerDomain: r.route ?? fromPeer,
        }),
      );
    }
  }
  await tx.usage.insertAll(records);
}

/** Entries that left inboxes: acknowledged (a delivery, RETRIEVAL) or expired unread. */
export async function removalRecords(work: Work, removed: readonly RemovedEntry[], event: Extract<UsageEvent, 'delivery' | 'expiry'>) {
  const messages = removed.filter((entry) => entry.kind === 'message');
  if (messages.length === 0) return;
  const { tx, now } = work;
  const parties = await tx.charging.parties(messages.map((m) => m.accountId));
  const sizes = await tx.charging.messageSizes(messages.map((m) => m.messageId));
  await tx.usage.insertAll(
    messages.map((entry) =>
      usageRecord({
        correlationId: entry.messageId,
        event,
        serviceType: 'RETRIEVAL',
        chargedParty: entry.recipientAddress,
        subscriber: parties.get(entry.accountId)?.subscriber,
        otherParties: entry.senderAddress ? [entry.senderAddress] : [],
        at: now,
        contentType: sizes.get(entry.messageId)?.contentType,
        sizeBytes: sizes.get(entry.messageId)?.sizeBytes ?? 0,
        explodedCount: 1,
        explodedOk: event === 'delivery' ? 1 : 0,
        outcome: event === 'delivery' ? 'delivered' : 'expired',
      }),
    ),
  );
}

/** GO-3: the subscriber identity of one account (none for no account). */
export async function subscriberOf(tx: Repositories, accountId: number | null): Promise<Subscriber | undefined> {
  return accountId === null ? undefined : (await tx.charging.parties([accountId])).get(accountId)?.subscriber;
}

/** One record about one local party (a group event, a presence publication). */
export async function partyRecord(
  work: Work,
  party: { readonly accountId: number; readonly address: string } | undefined,
  input: Omit<RecordInput, 'chargedParty' | 'at'>,
) {
  const subscriber = await subscriberOf(work.tx, party?.accountId ?? null);
  await work.tx.usage.insertAll([usageRecord({ ...input, chargedParty: party?.address ?? 'operator', subscriber, at: work.now })]);
}

/** A peer domain accepted recipients of a message (5.14): SENDING, charged to the sender, with the peer's domain. */
export async function forwardRecord(work: Work, domain: string, message: StoredMessage, accepted: readonly string[]) {
  await work.tx.usage.insertAll([
    usageRecord({
      correlationId: message.id,
      event: 'peer-forwarded',
      serviceType: 'SENDING',
      chargedParty: message.senderAddress ?? 'operator',
      subscriber: await subscriberOf(work.tx, message.senderAccountId),
      otherParties: accepted,
      at: work.now,
      contentType: message.contentType,
      sizeBytes: message.content.length,
      explodedCount: accepted.length,
      explodedOk: accepted.length,
      peerDomain: domain,
    }),
  ]);
}
