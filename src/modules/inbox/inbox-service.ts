// GetMessages and AckMessages (WSI-6, 7, 22-25, 30, 31; MU-3, MT-3): in order, at most N, long poll,
// leased until acknowledged so a response lost on the wire loses nothing.
import { randomBytes } from 'node:crypto';
import { AppError } from '../../kernel/errors.js';
import { parseAddress } from '../../kernel/addresses.js';
import type { UnitOfWork, Work } from '../../platform/db/unit-of-work.js';
import type { InboxSignals } from '../../platform/wake/inbox-signals.js';
import type { Clock, RemovedEntry } from '../../kernel/ports.js';
import type { Account, InboxBatch } from '../../kernel/types.js';

/**
 * Entries left inboxes because their recipients acknowledged them: messaging settles their delivery state and
 * sends the delivery reports senders asked for, in the acknowledging unit of work (which wakes their inboxes).
 */
export type AcknowledgedHook = (work: Work, removed: readonly RemovedEntry[]) => Promise<void>;

/**
 * A GetMessages poll starts or (for a long poll) ends: presence marks the caller active, because "online"
 * derives from polling (presence module). Called before the request is checked, and after a long poll.
 */
export type PollingHook = (owner: Account) => Promise<void>;

export interface InboxOptions {
  readonly maxMessagesPerGet: number;
  readonly maxWaitSeconds: number;
  readonly leaseSeconds: number;
  readonly acknowledged: readonly AcknowledgedHook[];
  readonly polling: readonly PollingHook[];
}

export interface GetRequest {
  readonly maxMessages: number | undefined;
  readonly waitSeconds: number | undefined;
  readonly ackToken: string | undefined;
  readonly inbox: string | undefined;
}

export interface AckRequest {
  readonly ackToken: string | undefined;
  readonly sequenceNumbers: readonly number[];
}

export interface InboxEvents {
  messagesDelivered(count: number): void;
}

/**
 * `work` runs every write (leases, acks and what they cause) and wakes the inboxes they changed after commit;
 * `signals` is where a long poll waits for that wake-up.
 */
export function inboxService(work: UnitOfWork, signals: InboxSignals, clock: Clock, options: InboxOptions, events: InboxEvents) {
  async function acknowledge(w: Work, owner: Account, request: AckRequest) {
    const { tx } = w;
    const removed = [
      ...(request.ackToken ? await tx.inbox.ackByToken(owner.id, request.ackToken) : []),
      ...(await tx.inbox.ackBySequence(owner.id, request.sequenceNumbers)),
    ];
    for (const hook of options.acknowledged) await hook(w, removed);
    return { count: removed.length, delivered: removed.filter((r) => r.kind === 'message').length };
  }

  async function ack(owner: Account, request: AckRequest): Promise<number> {
    if (!request.ackToken && request.sequenceNumbers.length === 0) throw new AppError('SVC0002', ['ackToken or sequenceNumber']);
    const result = await work.run((w) => acknowledge(w, owner, request));
    events.messagesDelivered(result.delivered);
    return result.count;
  }

  async function leaseBatch(owner: Account, limit: number, ackToken: string | undefined): Promise<InboxBatch> {
    const token = randomBytes(18).toString('base64url');
    const { batch, acked } = await work.run(async (w) => {
      const { tx, now } = w;
      const leaseUntil = now + options.leaseSeconds * 1000;
      const acked = ackToken ? await acknowledge(w, owner, { ackToken, sequenceNumbers: [] }) : undefined;
      const messages = await tx.inbox.lease(owner.id, now, limit, leaseUntil, token);
      const fresh = messages.filter((m) => m.kind === 'message').map((m) => m.messageId);
      await tx.messages.setRecipientState(fresh, [owner.id], ['queued'], 'retrieved', now);
      const pending = await tx.inbox.countAvailable(owner.id, now);
      const batch: InboxBatch = {
        messages,
        pending,
        ackToken: messages.length > 0 ? token : undefined,
        leaseExpiresAt: messages.length > 0 ? leaseUntil : undefined,
      };
      return { batch, acked };
    });
    if (acked) events.messagesDelivered(acked.delivered);
    return batch;
  }

  /** Reads the caller's own inbox; waits up to waitSeconds for the first message (long poll). */
  async function get(owner: Account, request: GetRequest, abort?: AbortSignal): Promise<InboxBatch> {
    for (const hook of options.polling) await hook(owner);
    try {
      return await serve(owner, request, abort);
    } finally {
      if (request.waitSeconds) for (const hook of options.polling) await hook(owner);
    }
  }

  async function serve(owner: Account, request: GetRequest, abort?: AbortSignal): Promise<InboxBatch> {
    if (request.inbox !== undefined) {
      const parsed = parseAddress(request.inbox);
      if (parsed.kind !== 'im' || parsed.address !== owner.address) throw new AppError('POL1004', [request.inbox]);
    }
    if (request.maxMessages !== undefined && request.maxMessages < 1) throw new AppError('SVC0002', ['maxMessages']);
    if (request.waitSeconds !== undefined && request.waitSeconds < 0) throw new AppError('SVC0002', ['waitSeconds']);
    // WSI-7: all messages when absent, at most N when given; both capped by the server maximum.
    const limit = Math.min(request.maxMessages ?? options.maxMessagesPerGet, options.maxMessagesPerGet);
    const deadline = clock() + Math.min(request.waitSeconds ?? 0, options.maxWaitSeconds) * 1000;
    let ackToken = request.ackToken;
    for (;;) {
      // Subscribe before reading, so a send that lands between the read and the wait still wakes us.
      const subscription = signals.subscribe(owner.id);
      try {
        const batch = await leaseBatch(owner, limit, ackToken);
        ackToken = undefined;
        const remaining = deadline - clock();
        if (batch.messages.length > 0 || remaining <= 0 || abort?.aborted) return batch;
        const woken = await subscription.wait(remaining, abort);
        if (!woken && (abort?.aborted || deadline - clock() <= 0)) return batch;
      } finally {
        subscription.cancel();
      }
    }
  }

  return { get, ack };
}

export type InboxService = ReturnType<typeof inboxService>;
