// Storing a message and putting it in its recipients' inboxes: shared by SendMessages and system notices.
import { randomUUID } from 'node:crypto';
import type { RecipientRecord, Repositories } from './ports.js';
import type { NewMessage, Notification } from './types.js';

export const newMessageId = (): string => randomUUID();

/**
 * Inserts the message, its recipients, and one inbox entry per distinct queued account, each with the
 * next sequence number of that inbox; recipients in routed peer domains go to the outbound queue in the
 * same transaction (5.14: durable before the sender hears "queued"). Returns the accounts whose inbox changed.
 */
export async function storeAndEnqueue(
  tx: Repositories,
  message: NewMessage,
  recipients: readonly RecipientRecord[],
): Promise<number[]> {
  await tx.messages.insert(message, recipients);
  const local = new Map<number, RecipientRecord>();
  for (const r of recipients) {
    if (r.status === 'queued' && r.accountId !== null && !local.has(r.accountId)) local.set(r.accountId, r);
  }
  for (const [accountId, r] of local) {
    const sequenceNumber = await tx.accounts.reserveSequence(accountId, 1);
    // Appendix B: a consumer sees who wrote in its own usernames.
    const senderUsername =
      r.directoryOwner && message.senderAddress ? await tx.directory.usernameOf(accountId, message.senderAddress) : undefined;
    await tx.inbox.enqueue([
      {
        accountId,
        sequenceNumber,
        messageId: message.id,
        receivedAt: message.sentAt,
        expiresAt: message.expiresAt,
        senderUsername,
        targetUsername: r.targetUsername,
      },
    ]);
  }
  const forwarded = recipients.flatMap((r, position) =>
    r.status === 'queued' && r.route
      ? [{ messageId: message.id, position, domain: r.route, address: r.address, expiresAt: message.expiresAt, createdAt: message.sentAt }]
      : [],
  );
  if (forwarded.length > 0) await tx.outbound.enqueue(forwarded);
  return [...local.keys()];
}

export interface NoticeTarget {
  readonly accountId: number;
  readonly address: string;
}

/**
 * A system notice (delivery report, ...) into one account's inbox; it carries no sender. `id` is given by
 * callers that keep track of the notice (presence coalescing rewrites the last unread one).
 */
export async function sendNotice(
  tx: Repositories,
  target: NoticeTarget,
  notification: Notification,
  text: string,
  now: number,
  validitySeconds: number,
  id: string = newMessageId(),
): Promise<number[]> {
  const message: NewMessage = {
    id,
    kind: 'notification',
    senderAccountId: null,
    senderAddress: null,
    hideSender: false,
    clientMessageId: undefined,
    contentType: 'text/plain; charset=utf-8',
    content: Buffer.from(text, 'utf8'),
    subject: undefined,
    priority: 'normal',
    deliveryReport: false,
    notification,
    sentAt: now,
    expiresAt: now + validitySeconds * 1000,
  };
  const recipient: RecipientRecord = {
    address: target.address,
    accountId: target.accountId,
    status: 'queued',
    errorCode: undefined,
    errorText: undefined,
    updatedAt: now,
  };
  return storeAndEnqueue(tx, message, [recipient]);
}
