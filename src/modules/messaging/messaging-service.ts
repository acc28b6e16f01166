// SendMessages (WSI-5, 8-12, 29, 32-36) and GetDeliveryStatus (PP2-31, PP2-33).
import { AppError } from '../../kernel/errors.js';
import { type Delivery, newMessageId, storeAndEnqueueAll } from '../inbox/index.js';
import type { UnitOfWork } from '../../platform/db/unit-of-work.js';
import { checkSendRequest, expiryOf, type MessagingLimits, type ValidityPolicy } from './messaging-policy.js';
import type { RecipientRecord, Store } from '../../kernel/ports.js';
import { senderAddressOf } from '../federation/index.js';
import { recipientResolver, toRecipientRecord } from '../addressing/index.js';
import { sendAsAddress } from './send-as.js';
import { type AdmissionOutcome, admissionPipeline, expandRecipients, type SendHooks, submissionPipeline } from './send-hooks.js';
import type { Resolution } from '../addressing/index.js';
import type { Account, OutboundMessage, RecipientOutcome, SendResult, StoredMessage } from '../../kernel/types.js';

export interface MessagingOptions {
  readonly hostedDomains: readonly string[];
  readonly limits: MessagingLimits;
  readonly validity: ValidityPolicy;
  /** What other modules plug into SendMessages (send-hooks.ts). */
  readonly hooks: SendHooks;
}

export interface MessagingEvents {
  messagesSent(count: number): void;
  /** Some recipients went to the outbound queue of a peer domain (5.14): wake the forwarder. */
  forwardQueued?(): void;
}

/** What SendMessages answered the first time, rebuilt from storage for an idempotent retry. */
function resultOf(message: StoredMessage): SendResult {
  return {
    messageId: message.id,
    clientMessageId: message.clientMessageId,
    expiresAt: message.expiresAt,
    recipients: message.recipients.map((r) => ({
      ...r,
      status: r.status === 'failed' || r.status === 'forwarded' || r.status === 'unavailable' ? r.status : 'queued',
    })),
  };
}

/** `store` serves reads (GetDeliveryStatus); SendMessages writes in one unit of work (`work`). */
export function messagingService(store: Store, work: UnitOfWork, options: MessagingOptions, events: MessagingEvents) {
  async function send(sender: Account, messages: readonly OutboundMessage[]): Promise<SendResult[]> {
    checkSendRequest(messages, options.limits);
    let stored = 0;
    let forwarded = false;

    // One unit of work per request: every message is stored, or none is; the inboxes it filled wake after commit.
    const results = await work.run(async (w) => {
      const { tx, now } = w;
      const resolve = recipientResolver(tx, options.hostedDomains, sender);
      // Blocks, "only from contacts", "reject while unavailable" (privacy) and whatever else plugs in.
      const admission = admissionPipeline(options.hooks.admission, w, sender, options.validity.defaultSeconds);
      // The sender's own limits and switches (policy), per message.
      const submission = submissionPipeline(options.hooks.submission, w, sender);
      /**
       * The recipient's record, as its admission decided. A redirect's target is admitted in its turn (its
       * blocks, filters and limits apply), one hop only: a second redirect delivers to the first target.
       */
      async function recordOf(
        r: Resolution,
        outcome: AdmissionOutcome | undefined,
        message: OutboundMessage,
        from: string,
        shownAs: string,
        hop = 0,
      ): Promise<RecipientRecord> {
        const record: RecipientRecord = toRecipientRecord(r, now);
        if (!outcome) return record;
        if (outcome.status === 'redirected') {
          const target = await resolve(outcome.address);
          const next =
            target.ok && target.account && hop === 0
              ? await admission.check(target.account, message.hideSender, from, message, shownAs)
              : undefined;
          const redirected: RecipientRecord = await recordOf(
            target,
            next?.status === 'redirected' ? undefined : next,
            message,
            from,
            shownAs,
            hop + 1,
          );
          // Refused there: the sender hears the answer a block gives, about the address it wrote, never the target's.
          if (redirected.status === 'failed' || redirected.status === 'unavailable')
            return {
              ...redirected,
              address: r.address,
              status: 'failed' as const,
              errorCode: 'POL3001',
              errorText: new AppError('POL3001', [r.address]).message,
            };
          return { ...redirected, address: r.address };
        }
        if (outcome.status === 'withheld') return { ...record, accountId: null };
        if (outcome.status === 'tagged') return { ...record, tag: outcome.tag };
        if (outcome.status === 'stored') return { ...record, held: true };
        return {
          address: r.address,
          accountId: null,
          status: outcome.status,
          errorCode: outcome.code,
          errorText: outcome.text,
          updatedAt: now,
        };
      }
      // Every recipient written in the request in one query, and their admission facts in one more (README
      // "Group commit"); recipients that expansions add are looked up as they come.
      await admission.prepare(await resolve.preload(messages.flatMap((m) => m.recipients)));
      // Recipients an admission hook refused: their address was valid, so they do not count towards SVC0004.
      const refusedByAdmission = new Set<object>();
      const results: SendResult[] = [];
      const inThisRequest = new Map<string, SendResult>();
      // Stored together after the loop: one batch per request (see storeAndEnqueueAll).
      const deliveries: Delivery[] = [];
      for (const [i, message] of messages.entries()) {
        const clientId = message.clientMessageId;
        if (clientId !== undefined) {
          const earlier = inThisRequest.get(clientId);
          const first = earlier ?? (await tx.messages.findByClientId(sender.id, clientId).then((m) => m && resultOf(m)));
          if (first) {
            results.push(first);
            continue;
          }
        }
        const recipients: RecipientRecord[] = [];
        const resolved = [];
        const entries = await expandRecipients(options.hooks.expansion, tx, sender, message.recipients);
        const limit = options.limits.recipientsPerMessage;
        if (entries.length > limit) throw new AppError('POL0003', [`message[${i + 1}].recipient`, limit]);
        await submission.check(message, i, entries);
        for (const entry of entries) resolved.push(typeof entry === 'string' ? await resolve(entry) : entry);
        await admission.prepare(resolved.flatMap((r) => (r.ok && r.account ? [r.account.id] : [])));
        const originator = await senderAddressOf(tx, sender, message.originator, options.hostedDomains);
        // Admission judges the real sender (a block of the user holds whatever alias they send as); the
        // recipient sees only the alias.
        const senderAddress = message.sendAs === undefined ? originator : await sendAsAddress(tx, sender, message.sendAs);
        for (const r of resolved) {
          const outcome =
            r.ok && r.account ? await admission.check(r.account, message.hideSender, originator, message, senderAddress) : undefined;
          const record = await recordOf(r, outcome, message, originator, senderAddress);
          if (outcome && (record.status === 'failed' || record.status === 'unavailable')) refusedByAdmission.add(record);
          recipients.push(record);
        }
        forwarded ||= recipients.some((r) => r.route !== undefined);
        const id = newMessageId();
        const expiresAt = expiryOf(message, now, options.validity);
        deliveries.push({
          message: {
            id,
            kind: 'message',
            senderAccountId: sender.id,
            senderAddress,
            hideSender: message.hideSender,
            clientMessageId: clientId,
            contentType: message.contentType,
            content: message.content,
            subject: message.subject,
            priority: message.priority,
            deliveryReport: message.deliveryReport,
            notification: undefined,
            sentAt: now,
            expiresAt,
          },
          recipients,
        });
        stored++;
        const result: SendResult = { messageId: id, clientMessageId: clientId, expiresAt, recipients };
        if (clientId !== undefined) inThisRequest.set(clientId, result);
        results.push(result);
      }
      // Parlay X SVC0004: a request in which not one recipient could be accepted is refused whole. A recipient
      // that refused the sender had a valid address: the sender gets its per-recipient answer instead.
      const anyAccepted = results.some((r) => r.recipients.some((x) => x.status !== 'failed' || refusedByAdmission.has(x)));
      if (!anyAccepted) throw new AppError('SVC0004', ['recipient']);
      await submission.finish();
      for (const hook of options.hooks.storing ?? []) await hook(w, sender, deliveries);
      w.wake(await storeAndEnqueueAll(tx, deliveries));
      return results;
    });
    events.messagesSent(stored);
    if (forwarded) events.forwardQueued?.();
    return results;
  }

  async function deliveryStatus(caller: Account, messageId: string): Promise<readonly RecipientOutcome[]> {
    const message = await store.messages.find(messageId);
    // Only the sender may ask; anyone else learns nothing, not even that the id exists.
    if (!message || message.kind !== 'message' || message.senderAccountId !== caller.id) throw new AppError('SVC2001', [messageId]);
    return message.recipients;
  }

  return { send, deliveryStatus };
}

export type MessagingService = ReturnType<typeof messagingService>;
