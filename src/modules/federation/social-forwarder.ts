// The social forwarder (docs/federation.md "Social events across domains"): drains social_outbound to each
// peer's Federation service, per domain in queue order, so events between two users arrive in the order they
// happened (subscribe-then-unsubscribe never arrives reversed), through an outage too: while a domain backs
// off, nothing later for it is sent. Each event keeps its id across retries; the peer applies an id once.
// A peer without the Federation service is marked; its waiting requests are answered "refused" to their
// local senders with SVC8001, and later requests are refused at once (remote-parties.ts). Nothing waits forever.
import { peerClients } from './peer-clients.js';
import { wakeableWorker } from '../../platform/modules/wakeable-worker.js';
import { AppError } from '../../kernel/errors.js';
import type { Store } from '../../kernel/ports.js';
import type { SecretSealer } from '../../kernel/security-ports.js';
import type { Logger } from '../../platform/logger.js';
import { isGroupEvent, type SocialContext, type SocialEvent, type SocialWork } from '../presence/index.js';
import { type BackoffPolicy, backoffDelay } from './backoff.js';
import type { QueuedSocialEvent } from './ports.js';
import { WsiCallError } from './wsi-client.js';

export interface SocialForwarderOptions {
  readonly batchSize: number;
  /** A batch stops before this many bytes (socialBatchBytes): a group message's content may be large. */
  readonly batchBytes: number;
  readonly backoff: BackoffPolicy;
  readonly tickMs: number;
  readonly requestTimeoutMs: number;
}

/** Applies an event here as if its `from` had sent it (the refusal of a request that could not pass). */
export type LocalApply = (work: SocialWork, event: SocialEvent) => Promise<void>;

const answerType = { subscriptionRequest: 'subscriptionUpdate', authorizationRequest: 'authorizationResult' } as const;

/** The refusal a local watcher reads when its request could not reach the presentity's domain. */
export function refusalOf(event: SocialEvent, code: string, text: string): SocialEvent | undefined {
  if (event.type !== 'subscriptionRequest' && event.type !== 'authorizationRequest') return undefined;
  return {
    type: answerType[event.type],
    from: event.to,
    to: event.from,
    status: 'refused',
    attributes: [{ name: 'reason', value: `${code}: ${text}`.slice(0, 1024) }],
  };
}

/**
 * About what the event weighs in a DeliverSocialEvents request: its strings, each attribute with its markup,
 * and its content base64-encoded.
 */
export function eventBytes(event: SocialEvent & { readonly eventId: string }): number {
  const strings = event.eventId.length + event.type.length + event.from.length + event.to.length + (event.status?.length ?? 0);
  const attributes = event.attributes.reduce((sum, a) => sum + Buffer.byteLength(a.name) + Buffer.byteLength(a.value) + 80, 0);
  const content = event.content ? Math.ceil(event.content.length / 3) * 4 : 0;
  return 200 + strings + attributes + content;
}

/** The head of the queue up to the byte budget; at least one event, so a large one still goes (alone). */
export function withinBudget<T extends { readonly eventId: string; readonly event: SocialEvent }>(
  events: readonly T[],
  budget: number,
): T[] {
  let used = 0;
  const out: T[] = [];
  for (const e of events) {
    used += eventBytes({ ...e.event, eventId: e.eventId });
    if (out.length > 0 && used > budget) break;
    out.push(e);
  }
  return out;
}

export function socialForwarder(
  store: Store,
  social: SocialContext,
  box: SecretSealer,
  options: SocialForwarderOptions,
  applyLocal: LocalApply,
  logger: Logger,
) {
  const backoff = new Map<string, { failures: number; notBefore: number }>();

  const clientFor = peerClients(box, options.requestTimeoutMs);

  /** The local user who caused a refused event hears it: a request's refusal, a group request's notice. */
  async function tellRefusal(work: SocialWork, event: SocialEvent, code: string, text: string): Promise<void> {
    if (isGroupEvent(event.type)) {
      await social.groupEvents[0]?.refused(work, event, code, text);
      return;
    }
    const refusal = refusalOf(event, code, text);
    if (refusal) await applyLocal(work, refusal);
  }

  /** Removes the events; each request among them is answered "refused" to its local sender, in the same unit. */
  async function refuseAll(events: readonly QueuedSocialEvent[], code: string, text: string): Promise<void> {
    await social.run(async (work) => {
      await work.tx.socialQueue.remove(events.map((e) => e.id));
      for (const e of events) await tellRefusal(work, e.event, code, text);
    });
  }

  async function drainDomain(domain: string): Promise<void> {
    const state = backoff.get(domain) ?? { failures: 0, notBefore: 0 };
    backoff.set(domain, state);
    if (social.clock() < state.notBefore) return;
    const route = await store.peers.find(domain);
    const client = route && clientFor(route);
    for (;;) {
      const events = withinBudget(await store.socialQueue.head(domain, options.batchSize), options.batchBytes);
      if (events.length === 0 || worker.stopped) return;
      if (!client) {
        // The route was removed while they waited.
        await refuseAll(events, 'SVC2004', new AppError('SVC2004', [domain]).message);
        continue;
      }
      let results;
      try {
        results = await client.deliverSocialEvents(events.map((e) => ({ eventId: e.eventId, ...e.event })));
        state.failures = 0;
      } catch (error) {
        if (error instanceof WsiCallError && error.code === 'SVC8001') {
          await social.run((work) => work.tx.socialQueue.markUnsupported(domain, work.now));
          logger.warn({ domain }, 'peer domain has no Federation service: social events to it are refused');
          const text = new AppError('SVC8001', [domain]).message;
          for (let rest = events; rest.length > 0; rest = await store.socialQueue.head(domain, options.batchSize)) {
            await refuseAll(rest, 'SVC8001', text);
          }
          return;
        }
        if (error instanceof WsiCallError && !error.retryable) {
          // A permanent fault on the whole batch (the peer's trust or limits): the head event cannot pass, so
          // it is refused alone and the rest go on; a batch of one is the head. A fault naming an event
          // (`event[3].type`) refuses that one instead. An older imwsi cannot read a group event's type
          // (SVC0002): for the local member that is SVC8001, the peer has no groups across domains.
          const named = /event\[(\d+)\]/.exec(error.message);
          const culprit = (named && events[Number(named[1]) - 1]) || events[0]!;
          if (isGroupEvent(culprit.event.type) && error.code === 'SVC0002')
            await refuseAll([culprit], 'SVC8001', new AppError('SVC8001', [domain]).message);
          else await refuseAll([culprit], error.code ?? 'SVC0001', error.message);
          continue;
        }
        state.failures++;
        const delay = backoffDelay(state.failures, options.backoff);
        state.notBefore = social.clock() + delay;
        await social.run((work) =>
          work.tx.socialQueue.recordFailure(
            events.map((e) => e.id),
            (error as Error).message,
          ),
        );
        logger.warn(
          { domain, failures: state.failures, retryInMs: delay, err: (error as Error).message },
          'social events to peer domain failed',
        );
        return;
      }
      const byId = new Map(results.map((r) => [r.eventId, r]));
      await social.run(async (work) => {
        await work.tx.socialQueue.remove(events.map((e) => e.id));
        for (const e of events) {
          const r = byId.get(e.eventId);
          if (r?.status === 'refused')
            await tellRefusal(work, e.event, r.errorCode ?? 'SVC8002', r.errorText ?? 'refused by the peer domain');
        }
      });
    }
  }

  async function pass(): Promise<void> {
    for (const domain of await store.socialQueue.pendingDomains()) {
      if (worker.stopped) return;
      await drainDomain(domain);
    }
  }

  const worker = wakeableWorker('social forwarder', options.tickMs, pass, logger);

  return { wake: worker.wake, start: worker.start, stop: worker.stop };
}
