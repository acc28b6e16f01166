// Storing a message and putting it in its recipients' inboxes: shared by SendMessages and system notices.
import { randomBytes } from 'node:crypto';
import type { InboxEntry, RecipientRecord, Repositories } from '../../kernel/ports.js';
import { noticeText, type Notification } from '../../kernel/notices.js';
import type { NewMessage } from '../../kernel/types.js';

/**
 * A UUIDv7 (RFC 9562): 48 bits of Unix milliseconds, then 74 random bits. Ids that grow with time land at
 * the right edge of every index keyed by message id (messages, message_recipients, inbox_entries), so a
 * commit writes a few pages; random v4 ids dirtied one random page per index per message (measured in
 * bench/: a 100-message SendMessages wrote ~1.6 MB of WAL and spent most of its time in COMMIT).
 */
export function newMessageId(now: number = Date.now()): string {
  const bytes = randomBytes(16);
  bytes.writeUIntBE(now, 0, 6);
  bytes[6] = 0x70 | (bytes[6]! & 0x0f);
  bytes[8] = 0x80 | (bytes[8]! & 0x3f);
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export interface Delivery {
  readonly message: NewMessage;
  readonly recipients: readonly RecipientRecord[];
}

/** The first queued recipient row of each distinct local account, in recipient order. */
function queuedAccounts(recipients: readonly RecipientRecord[]): RecipientRecord[] {
  const first = new Map<number, RecipientRecord>();
  for (const r of recipients) if (r.status === 'queued' && r.accountId !== null && !first.has(r.accountId)) first.set(r.accountId, r);
  return [...first.values()];
}

/**
 * Inserts the messages, their recipients, and one inbox entry per distinct queued local account, each with
 * the next sequence number of that inbox (in the order given); recipients in routed peer domains go to the
 * outbound queue in the same transaction (5.14: durable before the sender hears "queued"). Returns the
 * accounts whose inbox changed. Batched: one sequence reservation per inbox and multi-row inserts, so a
 * 100-message request costs a handful of statements rather than five per message.
 */
export async function storeAndEnqueueAll(tx: Repositories, deliveries: readonly Delivery[]): Promise<number[]> {
  if (deliveries.length === 0) return [];
  await tx.messages.insertAll(deliveries);
  const perDelivery = deliveries.map((d) => queuedAccounts(d.recipients));
  const counts = new Map<number, number>();
  // Per inbox, the entries not held by a filter: they join its queued counter (GetMessages' pending).
  const queued = new Map<number, number>();
  for (const accounts of perDelivery)
    for (const r of accounts) {
      counts.set(r.accountId!, (counts.get(r.accountId!) ?? 0) + 1);
      if (!r.held) queued.set(r.accountId!, (queued.get(r.accountId!) ?? 0) + 1);
    }
  // Reserved in ascending account id, not in recipient order: a reservation locks the account's row until
  // commit (PostgreSQL), so two requests naming bob and carol in opposite orders would each hold one row and
  // wait for the other (deadlock, 40P01). One global order makes them queue instead. Each inbox still numbers
  // its own messages in delivery order, below.
  const next = new Map<number, number>();
  for (const accountId of [...counts.keys()].sort((a, b) => a - b)) {
    next.set(accountId, await tx.accounts.reserveSequence(accountId, counts.get(accountId)!, queued.get(accountId) ?? 0));
  }
  const entries: InboxEntry[] = [];
  for (const [i, { message }] of deliveries.entries()) {
    for (const r of perDelivery[i]!) {
      const accountId = r.accountId!;
      const sequenceNumber = next.get(accountId)!;
      next.set(accountId, sequenceNumber + 1);
      // Appendix B: a consumer sees who wrote in its own usernames.
      const senderUsername =
        r.directoryOwner && message.senderAddress ? await tx.directory.usernameOf(accountId, message.senderAddress) : undefined;
      entries.push({
        accountId,
        sequenceNumber,
        messageId: message.id,
        receivedAt: message.sentAt,
        expiresAt: message.expiresAt,
        senderUsername,
        targetUsername: r.targetUsername,
        tag: r.tag,
        held: r.held,
      });
    }
  }
  await tx.inbox.enqueue(entries);
  const forwarded = deliveries.flatMap(({ message, recipients }) =>
    recipients.flatMap((r, position) =>
      r.status === 'queued' && r.route
        ? [
            {
              messageId: message.id,
              position,
              domain: r.route,
              address: r.address,
              expiresAt: message.expiresAt,
              createdAt: message.sentAt,
            },
          ]
        : [],
    ),
  );
  if (forwarded.length > 0) await tx.outbound.enqueue(forwarded);
  return [...counts.keys()];
}

/** A local account by id and address: whom a notice goes to, or whom it is about. */
export interface Party {
  readonly accountId: number;
  readonly address: string;
}

/**
 * A system notice to one inbox; its text comes from the notice registry. `id` is given by callers that keep
 * track of the notice (presence coalescing rewrites the last unread one).
 */
export interface Notice {
  readonly to: Party;
  readonly notification: Notification;
  readonly id?: string | undefined;
}

function noticeDelivery(notice: Notice, now: number, validitySeconds: number): Delivery {
  const message: NewMessage = {
    id: notice.id ?? newMessageId(now),
    kind: 'notification',
    senderAccountId: null,
    senderAddress: null,
    hideSender: false,
    clientMessageId: undefined,
    contentType: 'text/plain; charset=utf-8',
    content: Buffer.from(noticeText(notice.notification), 'utf8'),
    subject: undefined,
    priority: 'normal',
    deliveryReport: false,
    notification: notice.notification,
    sentAt: now,
    expiresAt: now + validitySeconds * 1000,
  };
  const recipient: RecipientRecord = {
    address: notice.to.address,
    accountId: notice.to.accountId,
    status: 'queued',
    errorCode: undefined,
    errorText: undefined,
    updatedAt: now,
  };
  return { message, recipients: [recipient] };
}

/**
 * System notices into their inboxes in one batch (a presence change to all watchers, the reports of one
 * sweep); they carry no sender. Each inbox gets its notices in the order given.
 */
export function sendNotices(tx: Repositories, notices: readonly Notice[], now: number, validitySeconds: number): Promise<number[]> {
  return storeAndEnqueueAll(
    tx,
    notices.map((n) => noticeDelivery(n, now, validitySeconds)),
  );
}

/** One system notice: see sendNotices. */
export function sendNotice(tx: Repositories, notice: Notice, now: number, validitySeconds: number): Promise<number[]> {
  return sendNotices(tx, [notice], now, validitySeconds);
}
