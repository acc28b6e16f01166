// GetMessages and AckMessages (WSI-6, 7, 22-25, 30, 31; MU-3, MT-3): in order, at most N, long poll,
// leased until acknowledged so a response lost on the wire loses nothing.
import { randomBytes } from 'node:crypto';
import { AppError } from '../../kernel/errors.js';
import { parseAddress } from '../../kernel/addresses.js';
import type { UnitOfWork, Work } from '../../platform/db/unit-of-work.js';
import type { InboxSignals, InboxSubscription } from '../../platform/wake/inbox-signals.js';
import type { RemovedEntry } from '../../kernel/ports.js';
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

/**
 * Whether delivery to this inbox is held (PP-10, PP-11: the operator or the user switched it off; the policy
 * module handles it). True: GetMessages hands out nothing; the messages stay, up to their expiry.
 */
export type DeliveryGate = (work: Work, owner: Account) => Promise<boolean>;

export interface InboxOptions {
  readonly maxMessagesPerGet: number;
  readonly maxWaitSeconds: number;
  readonly leaseSeconds: number;
  readonly acknowledged: readonly AcknowledgedHook[];
  readonly polling: readonly PollingHook[];
  readonly gates: readonly DeliveryGate[];
}

export interface GetRequest {
  readonly maxMessages: number | undefined;
  readonly waitSeconds: number | undefined;
  readonly ackToken: string | undefined;
  readonly inbox: string | undefined;
}

/** A GetMessages that found nothing and waits: what it needs to look again (a few fields, no closures). */
export interface WaitingPoll {
  readonly owner: Account;
  readonly limit: number;
  /** How long it may wait from now, in ms (waitSeconds capped by maxWaitSeconds). */
  readonly waitMs: number;
  /** Available messages at the last look (the answer when the wait runs out). */
  readonly pending: number;
  readonly subscription: InboxSubscription;
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
 * `signals` is where a long poll subscribes to that wake-up.
 */
export function inboxService(work: UnitOfWork, signals: InboxSignals, options: InboxOptions, events: InboxEvents) {
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

  async function held(w: Work, owner: Account): Promise<boolean> {
    for (const gate of options.gates) if (await gate(w, owner)) return true;
    return false;
  }

  async function leaseBatch(owner: Account, limit: number, ackToken: string | undefined): Promise<InboxBatch> {
    const token = randomBytes(18).toString('base64url');
    const { batch, acked } = await work.run(async (w) => {
      const { tx, now } = w;
      const leaseUntil = now + options.leaseSeconds * 1000;
      const acked = ackToken ? await acknowledge(w, owner, { ackToken, sequenceNumbers: [] }) : undefined;
      const paused = await held(w, owner);
      const messages = paused ? [] : await tx.inbox.lease(owner.id, now, limit, leaseUntil, token);
      const fresh = messages.filter((m) => m.kind === 'message').map((m) => m.messageId);
      await tx.messages.setRecipientState(fresh, [owner.id], ['queued'], 'retrieved', now);
      // The lease takes available entries in order up to the limit: when it took fewer, none is left, and
      // pending is 0 without a statement (on PostgreSQL, entries another gateway's transaction holds locked
      // are passed over by the lease and so not counted either: they are being leased or removed there).
      const pending = !paused && messages.length < limit ? 0 : await tx.inbox.countAvailable(owner.id, now);
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

  /**
   * GetMessages, first look (WSI-6, 7): checks the request, leases what is there. When nothing is and the
   * caller asked to wait, the answer is `waiting`: a subscription taken before the read (so a message that
   * lands meanwhile is not missed) and what `retry` needs, for the edge to park the poll without a promise,
   * timer or closure of its own (README "Performance"). Every poll that returns `waiting` ends with `end`.
   */
  async function poll(owner: Account, request: GetRequest): Promise<{ batch: InboxBatch; waiting: WaitingPoll | undefined }> {
    for (const hook of options.polling) await hook(owner);
    const waits = Boolean(request.waitSeconds);
    try {
      if (request.inbox !== undefined) {
        const parsed = parseAddress(request.inbox);
        if (parsed.kind !== 'im' || parsed.address !== owner.address) throw new AppError('POL1004', [request.inbox]);
      }
      if (request.maxMessages !== undefined && request.maxMessages < 1) throw new AppError('SVC0002', ['maxMessages']);
      if (request.waitSeconds !== undefined && request.waitSeconds < 0) throw new AppError('SVC0002', ['waitSeconds']);
    } catch (error) {
      if (waits) await endHooks(owner);
      throw error;
    }
    // WSI-7: all messages when absent, at most N when given; both capped by the server maximum.
    const limit = Math.min(request.maxMessages ?? options.maxMessagesPerGet, options.maxMessagesPerGet);
    const waitMs = Math.min(request.waitSeconds ?? 0, options.maxWaitSeconds) * 1000;
    const subscription = waitMs > 0 ? signals.subscribe(owner.id) : undefined;
    try {
      const batch = await leaseBatch(owner, limit, request.ackToken);
      if (subscription && batch.messages.length === 0) {
        return { batch, waiting: { owner, limit, waitMs, pending: batch.pending, subscription } };
      }
      subscription?.cancel();
      if (waits) await endHooks(owner);
      return { batch, waiting: undefined };
    } catch (error) {
      subscription?.cancel();
      if (waits) await endHooks(owner);
      throw error;
    }
  }

  /** A parked poll was woken: leases again; undefined when there is still nothing (it goes on waiting). */
  async function retry(waiting: WaitingPoll): Promise<InboxBatch | undefined> {
    waiting.subscription.woken = false;
    const batch = await leaseBatch(waiting.owner, waiting.limit, undefined);
    return batch.messages.length > 0 ? batch : undefined;
  }

  /** A waiting poll is over (answered, timed out, or its client gone): stop listening, mark the activity. */
  async function end(waiting: WaitingPoll): Promise<void> {
    waiting.subscription.cancel();
    await endHooks(waiting.owner);
  }

  async function endHooks(owner: Account): Promise<void> {
    for (const hook of options.polling) await hook(owner);
  }

  return { poll, retry, end, ack };
}

export type InboxService = ReturnType<typeof inboxService>;
