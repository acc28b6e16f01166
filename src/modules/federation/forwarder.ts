// The forwarder (5.14): drains the durable outbound queue to peer domains over their InstantMessaging WSI.
// Per domain, in queue order (so order per recipient survives an outage), whole messages per SendMessages,
// batched; clientMessageId "<message id>/<domain>" makes a retry after a lost response a no-op at the peer.
// A peer that fails is retried with exponential backoff and jitter; expired items stop being retried.
// Delivery reports come back through the peer account's own inbox at the peer, which this worker polls.
// Several gateways on one PostgreSQL database each run this worker (README "Operating it"): a batch is claimed before it is
// sent (one forwarder per domain at a time), and an item is settled, and reported, by whoever removes it from
// the queue, so nothing is forwarded or reported twice.
import { peerClients } from './peer-clients.js';
import { wakeableWorker } from '../../platform/modules/wakeable-worker.js';
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { type Notice, sendNotices } from '../inbox/index.js';
import type { ReportStatus } from '../../kernel/notices.js';
import type { UnitOfWork, Work } from '../../platform/db/unit-of-work.js';
import type { Clock, RecipientPositionUpdate, Store } from '../../kernel/ports.js';
import type { OutboundItem } from './ports.js';
import type { PeerRoute, RecipientState, StoredMessage } from '../../kernel/types.js';
import { AppError } from '../../kernel/errors.js';
import type { Logger } from '../../platform/logger.js';
import type { SecretSealer } from '../../kernel/security-ports.js';
import { type BackoffPolicy, backoffDelay } from './backoff.js';
import { type WsiClient, WsiCallError, type WsiOutboundMessage, type WsiSendResult } from './wsi-client.js';

export interface ForwarderOptions {
  /** Queue items per SendMessages (whole messages, so a batch may run slightly over). */
  readonly batchSize: number;
  readonly backoff: BackoffPolicy;
  /** How often the queue, expiries and peer reports are checked besides wake-ups. */
  readonly tickMs: number;
  readonly reportValiditySeconds: number;
  readonly requestTimeoutMs: number;
}

/** Whether forwarding to a peer domain is held (PP-10: delivery switched off for it); its items wait, up to their expiry. */
export type ForwardGate = (domain: string) => Promise<boolean>;

export interface ForwarderEvents {
  forwarded(domain: string, count: number): void;
  forwardFailed(domain: string): void;
}

/** A peer domain accepted (some recipients of) a message, in the unit of work that records it (accounting). */
export type ForwardedHook = (work: Work, domain: string, message: StoredMessage, accepted: readonly string[]) => Promise<void>;

/** The client id a forwarded message carries: stable across retries, distinct per peer domain. */
export const forwardClientId = (messageId: string, domain: string): string => `${messageId}/${domain}`;

const finalStates: readonly RecipientState[] = ['queued', 'forwarded'];

const expiredReason = 'validity period ended before the peer domain accepted it';

interface DomainState {
  failures: number;
  notBefore: number;
}

/** How often a peer's report is read before one that matches nothing sent is dropped. */
const maxReportDeliveries = 3;

/** `store` serves reads; every write (claims, settlements and the reports they cause) runs through `work`. */
export function forwarder(
  store: Store,
  work: UnitOfWork,
  box: SecretSealer,
  clock: Clock,
  options: ForwarderOptions,
  events: ForwarderEvents,
  logger: Logger,
  gates: readonly ForwardGate[] = [],
  forwardedHooks: readonly ForwardedHook[] = [],
) {
  const domains = new Map<string, DomainState>();
  // This forwarder's name on the items it claims, distinct per process.
  const owner = `${hostname().slice(0, 32)}:${process.pid}:${randomBytes(4).toString('hex')}`;
  // A claim outlives a batch's call to the peer (and a first WSDL fetch). Should it lapse mid-send all the
  // same, another forwarder may send the batch again: the peer de-duplicates it by clientMessageId, and take()
  // keeps it from being reported twice.
  const claimMs = 2 * options.requestTimeoutMs + 10_000;

  const clientFor = peerClients(box, options.requestTimeoutMs);

  /**
   * Settles remote recipients, and sends the reports their senders asked for, in one transaction: those of
   * `items` this call removes from the queue. One another forwarder removed first (it collected the same
   * report from the peer, or saw the same failure) is its to settle, not settled twice.
   */
  async function settle(items: readonly OutboundItem[], status: RecipientState, errorCode: string | undefined, reason: string | undefined) {
    if (items.length === 0) return;
    await work.run(async (w) => {
      const taken = new Set(await w.tx.outbound.take(items.map((i) => i.id)));
      await settleTaken(
        w,
        items.filter((i) => taken.has(i.id)),
        status,
        errorCode,
        reason,
      );
    });
  }

  /** Settles items this unit of work removed from the queue; the senders that got a report are woken. */
  async function settleTaken(
    w: Work,
    items: readonly OutboundItem[],
    status: RecipientState,
    errorCode: string | undefined,
    reason: string | undefined,
  ): Promise<void> {
    if (items.length === 0) return;
    const updates: RecipientPositionUpdate[] = items.map((i) => ({
      messageId: i.messageId,
      position: i.position,
      status,
      errorCode,
      errorText: reason,
    }));
    await w.tx.messages.setRecipientStateAt(updates, finalStates, w.now);
    if (status === 'delivered' || status === 'expired' || status === 'failed') await reportAll(w, items, status, reason);
  }

  async function reportAll(
    { tx, now, wake }: Work,
    items: readonly OutboundItem[],
    status: ReportStatus,
    reason: string | undefined,
  ): Promise<void> {
    const reports: Notice[] = [];
    const messages = new Map<string, StoredMessage | undefined>();
    for (const item of items) {
      if (!messages.has(item.messageId)) messages.set(item.messageId, await tx.messages.find(item.messageId));
      const message = messages.get(item.messageId);
      // PP2-33: only a sender that asked gets a report; a peer's own forwarded messages report through its inbox.
      if (!message?.deliveryReport || message.senderAccountId === null || message.senderAddress === null) continue;
      // A message that itself came from a peer reports to that peer's account, which maps our id back.
      reports.push({
        to: { accountId: message.senderAccountId, address: message.senderAddress },
        notification: { type: 'deliveryReport', messageId: item.messageId, address: item.address, status, reason },
      });
    }
    // One batch: each sender's inbox is reserved once, in account order (storeAndEnqueueAll).
    wake(await sendNotices(tx, reports, now, options.reportValiditySeconds));
  }

  function toWire(message: StoredMessage, items: readonly OutboundItem[], domain: string, now: number): WsiOutboundMessage {
    return {
      recipient: items.map((i) => i.address),
      contentType: message.contentType,
      content: message.content.toString('base64'),
      subject: message.subject,
      priority: message.priority,
      // The peer keeps it no longer than it has left here (PP-15).
      validitySeconds: Math.max(1, Math.ceil((message.expiresAt - now) / 1000)),
      // Always asked, so GetDeliveryStatus here can follow the message past the peer.
      deliveryReport: true,
      hideSender: message.hideSender,
      clientMessageId: forwardClientId(message.id, domain),
      originator: message.senderAddress ?? undefined,
    };
  }

  /** Applies the peer's per-recipient answer of one message. */
  async function applyResult(domain: string, message: StoredMessage, items: readonly OutboundItem[], result: WsiSendResult): Promise<void> {
    const accepted: OutboundItem[] = [];
    const refused: { item: OutboundItem; status: 'failed' | 'unavailable'; code: string; text: string }[] = [];
    items.forEach((item, i) => {
      const r = result.recipients[i];
      const code = r?.errorCode ?? 'SVC4005';
      const text = r?.errorText ?? 'no result for this recipient';
      // 5.6 across domains: a recipient who rejects while unavailable is "unavailable" here too, not forwarded.
      if (r?.status === 'unavailable') refused.push({ item, status: 'unavailable', code, text });
      else if (r && r.status !== 'failed') accepted.push(item);
      else refused.push({ item, status: 'failed', code, text });
    });
    await work.run(async (w) => {
      const { tx, now } = w;
      await tx.messages.setRecipientStateAt(
        accepted.map((i) => ({
          messageId: i.messageId,
          position: i.position,
          status: 'forwarded',
          errorCode: undefined,
          errorText: undefined,
        })),
        ['queued'],
        now,
      );
      await tx.outbound.markSent(
        accepted.map((i) => i.id),
        result.messageId,
      );
      if (accepted.length > 0)
        for (const hook of forwardedHooks)
          await hook(
            w,
            domain,
            message,
            accepted.map((i) => i.address),
          );
    });
    for (const r of refused)
      await settle(
        [r.item],
        r.status,
        r.code,
        r.status === 'unavailable' ? `${r.code}: ${r.text}` : new AppError('SVC4005', [domain, `${r.code}: ${r.text}`]).message,
      );
    events.forwarded(domain, accepted.length);
  }

  /** Sends whole messages; a permanent fault on a batch of several is retried one message at a time. */
  async function send(
    domain: string,
    client: WsiClient,
    batch: readonly { message: StoredMessage; items: OutboundItem[] }[],
  ): Promise<void> {
    const now = clock();
    try {
      const results = await client.sendMessages(batch.map((b) => toWire(b.message, b.items, domain, now)));
      for (const [i, b] of batch.entries()) await applyResult(domain, b.message, b.items, results[i] ?? { messageId: '', recipients: [] });
    } catch (error) {
      if (!(error instanceof WsiCallError) || error.retryable) throw error;
      if (batch.length > 1) {
        for (const b of batch) await send(domain, client, [b]);
        return;
      }
      const text = new AppError('SVC4005', [domain, error.message]).message;
      await settle(batch[0]!.items, 'failed', error.code, text);
    }
  }

  async function drainDomain(domain: string): Promise<void> {
    const state = domains.get(domain) ?? { failures: 0, notBefore: 0 };
    domains.set(domain, state);
    if (clock() < state.notBefore) return;
    for (const held of gates) if (await held(domain)) return;
    const route = await store.peers.find(domain);
    const client = route && clientFor(route);
    for (;;) {
      // None while another gateway's forwarder holds this domain's queue: it sends, this one waits its turn.
      const items = await work.run(({ tx, now }) =>
        tx.outbound.claimPending(domain, options.batchSize, { owner, now, until: now + claimMs }),
      );
      if (items.length === 0) return;
      if (!client) {
        // The route was removed while items waited: they fail as a recipient with no route would have.
        await settle(items, 'failed', 'SVC2004', new AppError('SVC2004', [domain]).message);
        continue;
      }
      const now = clock();
      const batch: { message: StoredMessage; items: OutboundItem[] }[] = [];
      const expired: OutboundItem[] = [];
      for (const item of items) {
        const last = batch[batch.length - 1];
        if (last?.message.id === item.messageId) last.items.push(item);
        else if (item.expiresAt <= now) expired.push(item);
        else {
          const message = await store.messages.find(item.messageId);
          if (message) batch.push({ message, items: [item] });
        }
      }
      await settle(expired, 'expired', undefined, expiredReason);
      if (batch.length === 0) continue;
      try {
        await send(domain, client, batch);
        state.failures = 0;
      } catch (error) {
        state.failures++;
        const delay = backoffDelay(state.failures, options.backoff);
        state.notBefore = clock() + delay;
        const ids = batch.flatMap((b) => b.items.map((i) => i.id));
        await work.run(({ tx }) => tx.outbound.recordFailure(ids, (error as Error).message));
        events.forwardFailed(domain);
        logger.warn(
          { domain, failures: state.failures, retryInMs: delay, err: (error as Error).message },
          'forwarding to peer domain failed',
        );
        return;
      }
    }
  }

  /** Reads the peer account's inbox at each peer: delivery reports of what we forwarded (PP2-33). */
  async function collectReports(route: PeerRoute): Promise<void> {
    const client = clientFor(route);
    const state = domains.get(route.domain);
    if (!client || (state && clock() < state.notBefore)) return;
    for (;;) {
      const batch = await client.getMessages({ maxMessages: 100, waitSeconds: 0 });
      if (worker.stopped || batch.messages.length === 0) return;
      const done: number[] = [];
      for (const m of batch.messages) {
        const n = m.notification;
        if (n?.type === 'deliveryReport' && n.messageId && n.address) {
          const items = await store.outbound.sentFor(n.messageId, n.address);
          // A report can overtake the commit that marks its item sent (the peer answered, its recipient read
          // and acknowledged, and the report came back, while this or another gateway was still recording the
          // answer): left unacknowledged, it comes back when its lease runs out and finds the item then. One
          // still without an item on its third delivery was settled otherwise (expired here, forgotten).
          if (items.length === 0 && m.deliveryCount < maxReportDeliveries) continue;
          const status: RecipientState = n.status === 'delivered' ? 'delivered' : n.status === 'expired' ? 'expired' : 'failed';
          await settle(items, status, undefined, n.reason);
        }
        done.push(m.sequenceNumber);
      }
      if (done.length > 0) await client.ackMessages(undefined, done);
      // Only reports still waiting for their item are left: read again after their lease, not in this pass.
      if (done.length < batch.messages.length) return;
    }
  }

  async function pass(): Promise<void> {
    const now = clock();
    // Expire what waits for a peer that never came back (the peer being down must not keep it alive). Taken
    // off the queue and settled in one transaction: another gateway's pass takes other items, never these.
    for (;;) {
      const count = await work.run(async (w) => {
        const expired = await w.tx.outbound.takeExpired(now, 500);
        await settleTaken(w, expired, 'expired', undefined, expiredReason);
        return expired.length;
      });
      if (count < 500) break;
    }
    // The peer reports expiry itself; a minute past it, stop waiting for a report that is not coming.
    await work.run(({ tx }) => tx.outbound.forgetSent(now - 60_000));
    for (const domain of await store.outbound.pendingDomains()) {
      if (worker.stopped) return;
      await drainDomain(domain);
    }
    for (const domain of await store.outbound.sentDomains()) {
      if (worker.stopped) return;
      const route = await store.peers.find(domain);
      if (route)
        await collectReports(route).catch((error: unknown) =>
          logger.debug({ domain, err: (error as Error).message }, 'report poll failed'),
        );
    }
  }

  /** Runs a pass now (or right after the current one): called after a SendMessages that queued remote recipients. */
  const worker = wakeableWorker('forwarder', options.tickMs, pass, logger);

  return { wake: worker.wake, start: worker.start, stop: worker.stop };
}

export type Forwarder = ReturnType<typeof forwarder>;
