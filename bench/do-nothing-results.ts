// The constant results both do-nothing servers answer with (node soap's and the plain HTTP one): responses
// of the shape of the real ones (one result per message sent, maxMessages messages returned), so every server
// writes the same amount of XML and a ratio isolates what the gateway adds.
const at = '2026-11-25T09:00:00.000Z';

const sendResult = {
  messageId: '00000000-0000-4000-8000-000000000000',
  expiresAt: at,
  recipientResult: [{ address: 'receiver@example.com', status: 'queued' }],
};

const inboxMessage = (i: number) => ({
  messageId: '00000000-0000-4000-8000-000000000000',
  sequenceNumber: i + 1,
  kind: 'message',
  sender: 'sender@example.com',
  recipient: ['receiver@example.com'],
  contentType: 'text/plain; charset=utf-8',
  content: Buffer.from('bench message 0000000').toString('base64'),
  priority: 'normal',
  sentAt: at,
  receivedAt: at,
  expiresAt: at,
  redelivered: false,
  deliveryCount: 1,
});
const inbox = Array.from({ length: 1000 }, (_, i) => inboxMessage(i));

/** SendMessages' result for `messages` messages. */
export const sendMessagesResult = (messages: number) => ({ result: Array.from({ length: Math.max(1, messages) }, () => sendResult) });

/** GetMessages' result for a request of `maxMessages` (absent: 1,000). */
export function getMessagesResult(maxMessages: number | undefined) {
  const n = Math.min(maxMessages || 1000, inbox.length);
  return { message: inbox.slice(0, n), pending: 0, ackToken: 'constant-ack-token', leaseExpiresAt: at };
}

export const ackMessagesResult = () => ({ acknowledged: 0 });

export const deliveryStatusResult = () => ({
  messageId: sendResult.messageId,
  status: [{ address: 'receiver@example.com', status: 'queued', updatedAt: at }],
});
