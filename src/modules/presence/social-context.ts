// What the presence, subscription, contact-list and privacy services share: the store, the inbox signals
// (notices wake long polls), the clock and their options. One transaction per request; accounts whose inbox
// got a notice are woken after it commits.
import type { InboxSignals } from '../../platform/wake/inbox-signals.js';
import type { Clock, Repositories, Store } from '../../kernel/ports.js';
import type { ModuleContext } from '../../platform/modules/contract.js';

export interface SocialOptions {
  readonly hostedDomains: readonly string[];
  /** A user who has not polled GetMessages (or published) for this long reads as offline. */
  readonly idleSeconds: number;
  /** Validity of the notices written into inboxes. */
  readonly noticeValiditySeconds: number;
  readonly presentitiesPerRequest: number;
  readonly contactsPerList: number;
}

export interface SocialContext {
  readonly store: Store;
  readonly signals: InboxSignals;
  readonly clock: Clock;
  readonly options: SocialOptions;
}

/** One request's unit of work: the transaction, its time, and the inboxes to wake after commit. */
export interface Work {
  readonly tx: Repositories;
  readonly now: number;
  readonly woken: number[];
  readonly options: SocialOptions;
}

export async function inTransaction<T>(ctx: SocialContext, run: (work: Work) => Promise<T>): Promise<T> {
  const now = ctx.clock();
  const woken: number[] = [];
  const result = await ctx.store.transaction((tx) => run({ tx, now, woken, options: ctx.options }));
  ctx.signals.notify(woken);
  return result;
}

/** The shared context of the presence, contacts and privacy modules, from the module context. */
export function socialContextOf(ctx: ModuleContext): SocialContext {
  const { config } = ctx;
  return {
    store: ctx.store,
    signals: ctx.signals,
    clock: ctx.clock,
    options: { ...config.presence, hostedDomains: config.domains, noticeValiditySeconds: config.validity.defaultSeconds },
  };
}
