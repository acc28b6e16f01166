// The InstantMessaging service (wsdl/InstantMessaging.wsdl): decode, call one domain function, encode.
// Response objects are built in schema element order: node-soap serializes keys in object order.
import type { InboxService, WaitingPoll } from '../inbox/index.js';
import type { MessagingService } from './messaging-service.js';
import type { NotificationElement } from '../../kernel/notices.js';
import {
  type InboxBatch,
  type InboxMessage,
  type OutboundMessage,
  priorities,
  type RecipientOutcome,
  type SendResult,
} from '../../kernel/types.js';
import {
  asArray,
  asObject,
  isoTime,
  optionalBoolean,
  optionalEnum,
  optionalInt,
  optionalString,
  requiredBase64,
  requiredString,
} from '../../platform/soap/codec.js';
import type { ServiceDefinition } from '../../platform/soap/mount.js';
import { LongPoll, type Poller } from '../../platform/soap/long-poll.js';

const defaultContentType = 'text/plain; charset=utf-8';

function decodeMessage(raw: unknown, i: number): OutboundMessage {
  const part = `message[${i + 1}]`;
  const m = asObject(raw, part);
  return {
    recipients: asArray(m.recipient).map((r, j) => requiredString(r, `${part}.recipient[${j + 1}]`)),
    contentType: optionalString(m.contentType, `${part}.contentType`)?.trim() || defaultContentType,
    content: requiredBase64(m.content, `${part}.content`),
    subject: optionalString(m.subject, `${part}.subject`),
    priority: optionalEnum(m.priority, priorities, `${part}.priority`) ?? 'normal',
    validitySeconds: optionalInt(m.validitySeconds, `${part}.validitySeconds`),
    deliveryReport: optionalBoolean(m.deliveryReport, `${part}.deliveryReport`) ?? false,
    hideSender: optionalBoolean(m.hideSender, `${part}.hideSender`) ?? false,
    clientMessageId: optionalString(m.clientMessageId, `${part}.clientMessageId`),
    originator: optionalString(m.originator, `${part}.originator`) || undefined,
    sendAs: optionalString(m.sendAs, `${part}.sendAs`)?.trim() || undefined,
  };
}

const encodeRecipientResult = (r: RecipientOutcome) => ({
  address: r.address,
  status: r.status,
  ...(r.errorCode ? { errorCode: r.errorCode, errorText: r.errorText } : {}),
});

const encodeSendResult = (r: SendResult) => ({
  messageId: r.messageId,
  ...(r.clientMessageId !== undefined ? { clientMessageId: r.clientMessageId } : {}),
  expiresAt: isoTime(r.expiresAt),
  recipientResult: r.recipients.map(encodeRecipientResult),
});

/** Every notice type through one encoder: whichever fields its type carries, in WSDL order. */
const encodeNotification = (n: NotificationElement) => ({
  type: n.type,
  ...(n.messageId !== undefined ? { messageId: n.messageId } : {}),
  ...(n.address !== undefined ? { address: n.address } : {}),
  ...(n.status !== undefined ? { status: n.status } : {}),
  ...(n.reason !== undefined ? { reason: n.reason } : {}),
  ...(n.attributes?.length ? { attribute: n.attributes.map((a) => ({ name: a.name, value: a.value })) } : {}),
});

function encodeInboxMessage(m: InboxMessage) {
  return {
    messageId: m.messageId,
    sequenceNumber: m.sequenceNumber,
    kind: m.kind,
    ...(m.sender !== undefined ? { sender: m.sender } : {}),
    recipient: m.recipients,
    contentType: m.contentType,
    content: m.content.toString('base64'),
    ...(m.subject !== undefined ? { subject: m.subject } : {}),
    priority: m.priority,
    sentAt: isoTime(m.sentAt),
    receivedAt: isoTime(m.receivedAt),
    expiresAt: isoTime(m.expiresAt),
    ...(m.clientMessageId !== undefined ? { clientMessageId: m.clientMessageId } : {}),
    redelivered: m.redelivered,
    deliveryCount: m.deliveryCount,
    ...(m.notification ? { notification: encodeNotification(m.notification) } : {}),
    ...(m.senderUsername !== undefined ? { senderUsername: m.senderUsername } : {}),
    ...(m.targetUsername !== undefined ? { targetUsername: m.targetUsername } : {}),
    ...(m.tag !== undefined ? { tag: m.tag } : {}),
  };
}

const encodeBatch = (batch: InboxBatch) => ({
  message: batch.messages.map(encodeInboxMessage),
  pending: batch.pending,
  ...(batch.ackToken ? { ackToken: batch.ackToken, leaseExpiresAt: isoTime(batch.leaseExpiresAt!) } : {}),
});

export function instantMessagingSoapService(messaging: MessagingService, inbox: InboxService): ServiceDefinition {
  /** Every parked GetMessages shares this one poller: woken, it leases again; expired, it answers empty. */
  const waitingGet: Poller<WaitingPoll> = {
    async retry(waiting) {
      const batch = await inbox.retry(waiting);
      return batch && encodeBatch(batch);
    },
    expired: (waiting) => ({ message: [], pending: waiting.pending }),
    end: (waiting) => inbox.end(waiting),
  };
  return {
    name: 'InstantMessaging',
    handlers: {
      // SendMessages: 1..n messages, each to 1..n recipients, in one transaction.
      async SendMessages(args, { caller }) {
        const messages = asArray(args.message).map(decodeMessage);
        const results = await messaging.send(caller, messages);
        return { result: results.map(encodeSendResult) };
      },

      // GetMessages: the caller's own inbox, in order, leased until acknowledged; optional long poll, parked
      // by the edge until a wake-up or the deadline (long-poll.ts).
      async GetMessages(args, { caller }) {
        const { batch, waiting } = await inbox.poll(caller, {
          maxMessages: optionalInt(args.maxMessages, 'maxMessages'),
          waitSeconds: optionalInt(args.waitSeconds, 'waitSeconds'),
          ackToken: optionalString(args.ackToken, 'ackToken') || undefined,
          inbox: optionalString(args.inbox, 'inbox'),
        });
        return waiting ? new LongPoll(waiting.subscription, waiting.waitMs, waiting, waitingGet) : encodeBatch(batch);
      },

      // AckMessages: removes leased messages by ack token and/or sequence numbers.
      async AckMessages(args, { caller }) {
        const acknowledged = await inbox.ack(caller, {
          ackToken: optionalString(args.ackToken, 'ackToken') || undefined,
          sequenceNumbers: asArray(args.sequenceNumber).map((s, i) => optionalInt(s, `sequenceNumber[${i + 1}]`, Number.MAX_SAFE_INTEGER)!),
        });
        return { acknowledged };
      },

      // GetDeliveryStatus: per-recipient state of a message, for its sender only.
      async GetDeliveryStatus(args, { caller }) {
        const messageId = requiredString(args.messageId, 'messageId');
        const statuses = await messaging.deliveryStatus(caller, messageId);
        return {
          messageId,
          status: statuses.map((s) => ({
            address: s.address,
            status: s.status,
            ...(s.errorText ? { reason: s.errorCode ? `${s.errorCode}: ${s.errorText}` : s.errorText } : {}),
            updatedAt: isoTime(s.updatedAt),
          })),
        };
      },
    },
  };
}
