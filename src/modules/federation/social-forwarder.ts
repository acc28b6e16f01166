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
import type { SocialContext, SocialEvent, SocialWork } from '../presence/index.js';
import { type BackoffPolicy, backoffDelay } from './backoff.js';
import type { QueuedSocialEvent } from './ports.js';
import { WsiCallError } from './wsi-client.js';

export interface SocialForwarderOptions {
  readonly batchSize: number;
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

  /** Removes the events; each request among them is answered "refused" to its local sender, in the same unit. */
  async function refuseAll(events: readonly QueuedSocialEvent[], code: string, text: string): Promise<void> {
    await social.run(async (work) => {
      await work.tx.socialQueue.remove(events.map((e) => e.id));
      for (const e of events) {
        const refusal = refusalOf(e.event, code, text);
        if (refusal) await applyLocal(work, refusal);
      }
    });
  }

  async function drainDomain(domain: string): Promise<void> {
    const state = backoff.get(domain) ?? { failures: 0, notBefore: 0 };
    backoff.set(domain, state);
    if (social.clock() < state.notBefore) return;
    const route = await store.peers.find(domain);
    const client = route && clientFor(route);
    for (;;) {
      const events = await store.socialQueue.head(domain, options.batchSize);
      if (events.length === 0 || worker.stopped) return;
      if (!client) {
        // The route was removed while they waited.
        await refuseAll(events, 'SVC2004', new AppError('SVC2004', [domain]).message);
        continue;
      }
      let results;
      try {
        results = await client.deliverSocialEvents(events.map((e) => ({ eventId: e.eventId, ...e.event, attributes: e.event.attributes })));
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
          // it is refused alone and the rest go on; a batch of one is the head.
          await refuseAll(events.slice(0, 1), error.code ?? 'SVC0001', error.message);
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
          const refusal =
            r?.status === 'refused' ? refusalOf(e.event, r.errorCode ?? 'SVC8002', r.errorText ?? 'refused by the peer domain') : undefined;
          if (refusal) await applyLocal(work, refusal);
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
