// Presence across provider domains (GIM-11, GIM-12, PP2-16; docs/federation.md "Social events across
// domains"). A user of a routed peer domain takes part in subscriptions, contact lists and blocks here through
// a local stand-in account, its *remote party* (no password anyone knows; never an inbox: SendMessages routes
// its domain to the peer). What the presence services would write into that party's inbox becomes a social
// event for its domain, and the peer's events come back through the functions of remote-presence.ts.
// The federation module handles the `social.remote` hook; without a handler, routed domains stay out of
// reach (SVC2004), as before.
import { AppError, type ErrorCode } from '../../kernel/errors.js';
import type { Availability, NameValue, PresenceRecord, PresenceView } from '../../kernel/social-types.js';
import type { Account } from '../../kernel/types.js';
import type { Work } from '../../platform/db/unit-of-work.js';

/** The events that cross: the notices a remote party would have read, and a withdrawn subscription. */
export const presenceEventTypes = [
  'subscriptionRequest',
  'authorizationRequest',
  'subscriptionUpdate',
  'authorizationResult',
  'presence',
  'unsubscribe',
] as const;
/**
 * Groups with members in a peer domain (docs/groups.md "Members in a peer domain"): from the hosting domain,
 * what the group writes into a member's inbox (a notice, a message with its content); from the member's
 * domain, its answer to an invitation, a message to the group, leaving, joining an open group (or asking to
 * join a closed one), is-typing and its typing opt-out. The groups module applies them
 * (the `social.group` hook).
 */
export const groupEventTypes = [
  'groupNotice',
  'groupMessage',
  'groupAnswer',
  'groupSend',
  'groupLeave',
  'groupJoin',
  'groupTyping',
  'groupOptions',
] as const;
export const socialEventTypes = [...presenceEventTypes, ...groupEventTypes] as const;
export type SocialEventType = (typeof socialEventTypes)[number];
export type GroupEventType = (typeof groupEventTypes)[number];
export const isGroupEvent = (type: SocialEventType): type is GroupEventType => (groupEventTypes as readonly string[]).includes(type);

export interface SocialEvent {
  readonly type: SocialEventType;
  /** The user acting, in a domain hosted by the sending gateway. */
  readonly from: string;
  /** The user it concerns, in the receiving gateway's domain. */
  readonly to: string;
  /** pending (requests), granted/refused (answers), the availability (presence). */
  readonly status: string | undefined;
  readonly attributes: readonly NameValue[];
  /** A group message's bytes (groupMessage, groupSend): up to the message size limit, beyond what attributes carry. */
  readonly content?: Buffer | undefined;
}

/**
 * The `social.group` hook (groups handles it). Without a handler, group events are refused with SVC8001
 * (no groups across domains).
 */
export interface GroupEventHandler {
  /** Applies a group event (groupEventTypes) from a peer in the receiving unit of work; an AppError refuses it. */
  apply(work: Work, event: SocialEvent): Promise<void>;
  /** The peer refused (or could not be reached with) an event sent from here: tell the local user who caused it. */
  refused(work: Work, event: SocialEvent, code: string, text: string): Promise<void>;
}

/** The stand-in account of a user in a peer domain, or why there is none (a per-target failure). */
export type RemoteParty =
  | { readonly ok: true; readonly account: Account }
  | { readonly ok: false; readonly code: ErrorCode; readonly text: string };

/** Whether a peer domain can be sent events, or the per-request failure (SVC2004, SVC8001). */
export type RemoteReach = { readonly ok: true } | { readonly ok: false; readonly code: ErrorCode; readonly text: string };

/** The `social.remote` hook: what the federation module does for presence. */
export interface RemoteSocialHandler {
  /**
   * The remote party of `address` in `domain` (created on first use), when the domain is routed and, if
   * `exchange` (events will be sent to it), has the Federation service. A block exchanges nothing.
   */
  party(work: Work, address: string, domain: string, exchange: boolean): Promise<RemoteParty>;
  /** Whether events can be sent to the domain: routed, and not known to lack the Federation service. */
  reach(work: Work, domain: string): Promise<RemoteReach>;
  /** Queues the event for the party's domain, in this unit of work (durable with what caused it). */
  send(work: Work, event: SocialEvent): Promise<void>;
}

export const domainOf = (address: string): string => address.slice(address.lastIndexOf('@') + 1);

/** The bridge presence, contacts and privacy call: the hook's first handler, or "no route" without one. */
export interface RemoteSocial extends RemoteSocialHandler {
  /** The account stands for a user of another domain. */
  isRemote(account: { readonly address: string }): boolean;
}

export function remoteSocial(handlers: readonly RemoteSocialHandler[], hostedDomains: readonly string[]): RemoteSocial {
  return {
    isRemote: (account) => !hostedDomains.includes(domainOf(account.address)),
    party(work, address, domain, exchange) {
      const handler = handlers[0];
      if (handler) return handler.party(work, address, domain, exchange);
      return Promise.resolve({ ok: false, code: 'SVC2004', text: new AppError('SVC2004', [domain]).message });
    },
    reach(work, domain) {
      const handler = handlers[0];
      if (handler) return handler.reach(work, domain);
      return Promise.resolve({ ok: false, code: 'SVC2004', text: new AppError('SVC2004', [domain]).message });
    },
    async send(work, event) {
      const handler = handlers[0];
      if (!handler) throw new AppError('SVC2004', [domainOf(event.to)]);
      await handler.send(work, event);
    },
  };
}

/**
 * A remote presentity's presence is the copy its domain pushed here (the view it authorized for watchers
 * here), read as is: activity is its domain's to judge, so the idle rules of presence-view.ts do not apply.
 */
export function cachedView(record: PresenceRecord | undefined): PresenceView {
  const published = record?.published;
  return {
    availability: published?.availability ?? ('offline' satisfies Availability),
    statusText: published?.statusText,
    device: published?.device,
    capabilities: published?.capabilities ?? [],
    attributes: published?.attributes ?? [],
    lastActiveAt: undefined,
  };
}
