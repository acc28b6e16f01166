// What the presence, subscription, contact-list and privacy services share: the store (reads), the gateway's
// unit of work, the clock and their options. One unit of work per request: its transaction, and the inboxes
// that got a notice woken after it commits.
import type { Clock, Store } from '../../kernel/ports.js';
import type { Work } from '../../platform/db/unit-of-work.js';
import type { ModuleContext } from '../../platform/modules/contract.js';
import { cachedView, type GroupEventHandler, remoteSocial, type RemoteSocial } from './remote-social.js';
import { viewOf } from './presence-view.js';
import type { PresenceRecord, PresenceView } from '../../kernel/social-types.js';
import { targetResolver } from '../addressing/index.js';
import type { Account } from '../../kernel/types.js';

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
  /** Users of peer domains: their stand-in accounts, and the events that reach them (remote-social.ts). */
  readonly remote: RemoteSocial;
}

export interface SocialContext {
  /** Reads outside a request's unit of work (a poll's activity check, GetWatchers). */
  readonly store: Store;
  readonly clock: Clock;
  readonly options: SocialOptions;
  readonly remote: RemoteSocial;
  /** Handlers of group events (the `social.group` hook, groups): none means no groups across domains. */
  readonly groupEvents: readonly GroupEventHandler[];
  /** Runs one request in the gateway's unit of work. */
  run<T>(work: (work: SocialWork) => Promise<T>): Promise<T>;
}

/**
 * The shared context of the presence, contacts and privacy modules, built by presence from its module context
 * (it offers the `social.remote` hook) and provided to the others as the `social` service.
 */
export function socialContextOf(ctx: ModuleContext): SocialContext {
  const { config, work } = ctx;
  const options: SocialOptions = {
    ...config.presence,
    hostedDomains: config.domains,
    noticeValiditySeconds: config.validity.defaultSeconds,
  };
  const remote = remoteSocial(ctx.handlers('social.remote'), config.domains);
  return {
    store: ctx.store,
    clock: ctx.clock,
    options,
    remote,
    groupEvents: ctx.handlers('social.group'),
    run: (fn) => work.run((w) => fn({ ...w, options, remote })),
  };
}

/**
 * A presentity's presence as a watcher sees it: the published view folded with activity, or, for a peer
 * domain's user, the copy its domain pushed (remote-social.ts).
 */
export function watcherView(work: SocialWork, presentity: { readonly address: string }, record: PresenceRecord | undefined): PresenceView {
  return work.remote.isRemote(presentity) ? cachedView(record) : viewOf(record, work.now, work.options.idleSeconds * 1000, false);
}

/**
 * The targets of presence, contact-list and privacy requests: local accounts, and users of routed peer domains
 * through their stand-in accounts (a domain without the Federation service fails alone with SVC8001, unless
 * nothing is to be exchanged with it: `exchange` false, a block).
 */
export function socialTargets(work: SocialWork, caller: Account, exchange = true) {
  return targetResolver(work.tx, caller, work.options.hostedDomains, async (address, domain) => {
    const party = await work.remote.party(work, address, domain, exchange);
    if (party.ok) return { ok: true, address: party.account.address, account: party.account };
    return { ok: false, address, code: party.code, text: party.text, variables: [domain] };
  });
}
