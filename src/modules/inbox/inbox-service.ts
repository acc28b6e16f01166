// GetMessages and AckMessages (WSI-6, 7, 22-25, 30, 31; MU-3, MT-3): in order, at most N, long poll,
// leased until acknowledged so a response lost on the wire loses nothing.
import { randomBytes } from 'node:crypto';
import { AppError } from '../../kernel/errors.js';
import { parseAddress } from '../../kernel/addresses.js';
import type { InboxSignals } from '../../platform/wake/inbox-signals.js';
import type { Clock, RemovedEntry, Repositories, Store } from '../../kernel/ports.js';
import type { Account, InboxBatch } from '../../kernel/types.js';

/**
 * Entries left inboxes because their recipients acknowledged them: messaging settles their delivery state and
 * sends the delivery reports senders asked for. Returns the inboxes that got a notice, to wake after commit.
 */
export type AcknowledgedHook = (tx: Repositories, removed: readonly RemovedEntry[], now: number) => Promise<number[]>;

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

export function inboxService(
  store: Store,
  signals: InboxSignals,
  clock: Clock,
  options: InboxOptions,
  events: InboxEvents,
) {
  async function acknowledge(tx: Repositories, owner: Account, request: AckRequest, now: number) {
    const removed = [
      ...(request.ackToken ? await tx.inbox.ackByToken(owner.id, request.ackToken) : []),
      ...(await tx.inbox.ackBySequence(owner.id, request.sequenceNumbers)),
    ];
    const woken: number[] = [];
    for (const hook of options.acknowledged) woken.push(...(await hook(tx, removed, now)));
    return { count: removed.length, delivered: removed.filter((r) => r.kind === 'message').length, woken };
  }

  async function ack(owner: Account, request: AckRequest): Promise<number> {
    if (!request.ackToken && request.sequenceNumbers.length === 0) throw new AppError('SVC0002', ['ackToken or sequenceNumber']);
    const now = clock();
    const result = await store.transaction((tx) => acknowledge(tx, owner, request, now));
    signals.notify(result.woken);
    events.messagesDelivered(result.delivered);
    return result.count;
  }

  async function leaseBatch(owner: Account, limit: number, ackToken: string | undefined): Promise<InboxBatch> {
    const now = clock();
    const token = randomBytes(18).toString('base64url');
    const leaseUntil = now + options.leaseSeconds * 1000;
    const { batch, acked } = await store.transaction(async (tx) => {
      const acked = ackToken ? await acknowledge(tx, owner, { ackToken, sequenceNumbers: [] }, now) : undefined;
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
    if (acked) {
      signals.notify(acked.woken);
      events.messagesDelivered(acked.delivered);
    }
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
