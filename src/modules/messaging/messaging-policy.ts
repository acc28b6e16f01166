// Request limits and message validation for SendMessages. Limits are PolicyExceptions (the request is
// refused whole, nothing written); malformed fields are ServiceExceptions.
import { AppError } from '../../kernel/errors.js';
import type { OutboundMessage } from '../../kernel/types.js';

export interface MessagingLimits {
  readonly recipientsPerMessage: number;
  readonly messagesPerRequest: number;
  readonly contentBytes: number;
}

export interface ValidityPolicy {
  readonly defaultSeconds: number;
  readonly maxSeconds: number;
}

// type/subtype with optional parameters (RFC 2045 tokens); any MIME type is accepted (WSI-12).
const mimeType = /^[A-Za-z0-9!#$&^_.+-]+\/[A-Za-z0-9!#$&^_.+-]+(\s*;\s*[A-Za-z0-9!#$&^_.+-]+=("[^"]*"|[A-Za-z0-9!#$&^_.+-]+))*\s*$/;

export function checkSendRequest(messages: readonly OutboundMessage[], limits: MessagingLimits): void {
  if (messages.length === 0) throw new AppError('SVC0002', ['message']);
  if (messages.length > limits.messagesPerRequest) throw new AppError('POL1001', [messages.length, limits.messagesPerRequest]);
  messages.forEach((message, i) => {
    const part = `message[${i + 1}]`;
    if (message.recipients.length === 0) throw new AppError('SVC0002', [`${part}.recipient`]);
    if (message.recipients.length > limits.recipientsPerMessage)
      throw new AppError('POL0003', [`${part}.recipient`, limits.recipientsPerMessage]);
    if (message.content.length > limits.contentBytes) throw new AppError('POL1002', [message.content.length, limits.contentBytes]);
    if (!mimeType.test(message.contentType)) throw new AppError('SVC0002', [`${part}.contentType`]);
    if (message.validitySeconds !== undefined && message.validitySeconds < 1) throw new AppError('SVC0002', [`${part}.validitySeconds`]);
    if (message.clientMessageId !== undefined && (message.clientMessageId.length === 0 || message.clientMessageId.length > 128))
      throw new AppError('SVC0002', [`${part}.clientMessageId (1..128 characters)`]);
  });
}

/** The sender's validity, or the default, capped by the maximum (PP-15, MT-2). */
export function expiryOf(message: OutboundMessage, now: number, validity: ValidityPolicy): number {
  const seconds = Math.min(message.validitySeconds ?? validity.defaultSeconds, validity.maxSeconds);
  return now + seconds * 1000;
}
