// What the presence, subscription, contact-list and privacy services share: the store (reads), the gateway's
// unit of work, the clock and their options. One unit of work per request: its transaction, and the inboxes
// that got a notice woken after it commits.
import type { Clock, Store } from '../../kernel/ports.js';
import type { Work } from '../../platform/db/unit-of-work.js';
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

/** The gateway's unit of work (transaction, time, inboxes to wake after commit), with the social options. */
export interface SocialWork extends Work {
  readonly options: SocialOptions;
}

export interface SocialContext {
  /** Reads outside a request's unit of work (a poll's activity check, GetWatchers). */
  readonly store: Store;
  readonly clock: Clock;
  readonly options: SocialOptions;
  /** Runs one request in the gateway's unit of work. */
  run<T>(work: (work: SocialWork) => Promise<T>): Promise<T>;
}

/** The shared context of the presence, contacts and privacy modules, from the module context. */
export function socialContextOf(ctx: ModuleContext): SocialContext {
  const { config, work } = ctx;
  const options: SocialOptions = {
    ...config.presence,
    hostedDomains: config.domains,
    noticeValiditySeconds: config.validity.defaultSeconds,
  };
  return {
    store: ctx.store,
    clock: ctx.clock,
    options,
    run: (fn) => work.run((w) => fn({ ...w, options })),
  };
}
