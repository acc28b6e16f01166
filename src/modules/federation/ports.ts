// The storage ports of the federation module: NewPeerRoute, PeerRepository, OutboundItem, NewOutboundItem, OutboundClaim, OutboundRepository. Its knex/ folder implements
// them; the declaration below adds them to the kernel's Repositories, which a unit of work hands to services.
import type { PeerRoute } from '../../kernel/types.js';
import type { SocialEvent } from '../presence/index.js';

export interface NewPeerRoute {
  readonly domain: string;
  readonly endpointUrl: string | undefined;
  readonly remoteUsername: string | undefined;
  readonly sealedPassword: string | undefined;
  readonly inboundAccountId: number | null;
}

export interface PeerRepository {
  /** Adds or replaces the entry of one domain. */
  upsert(route: NewPeerRoute): Promise<void>;
  find(domain: string): Promise<PeerRoute | undefined>;
  list(): Promise<PeerRoute[]>;
  remove(domain: string): Promise<boolean>;
}

/** A recipient waiting for, or forwarded to, a peer domain. */
export interface OutboundItem {
  readonly id: number;
  readonly messageId: string;
  readonly position: number;
  readonly domain: string;
  readonly address: string;
  readonly attempts: number;
  readonly expiresAt: number;
}

export interface NewOutboundItem {
  readonly messageId: string;
  readonly position: number;
  readonly domain: string;
  readonly address: string;
  readonly expiresAt: number;
  readonly createdAt: number;
}

/** A forwarder's hold on the outbound items it is sending: gateways sharing one database each run a forwarder. */
export interface OutboundClaim {
  /** The forwarder's id, distinct per process. */
  readonly owner: string;
  readonly now: number;
  /** When the claim lapses unless its owner settled the items first (a crashed owner's items are taken over). */
  readonly until: number;
}

export interface OutboundRepository {
  enqueue(items: readonly NewOutboundItem[]): Promise<void>;
  /** Domains with pending items. */
  pendingDomains(): Promise<string[]>;
  /**
   * Claims the oldest pending items of a domain, whole messages only, at most about `limit` items. Returns []
   * when there are none, and while another owner's live claim holds the head of the domain's queue: one
   * forwarder at a time sends to a domain, so no item is sent twice and order per recipient holds.
   */
  claimPending(domain: string, limit: number, claim: OutboundClaim): Promise<OutboundItem[]>;
  /** The peer accepted the items: they wait for its report, unclaimed. */
  markSent(ids: readonly number[], remoteMessageId: string): Promise<void>;
  /** Counts a failed attempt and releases the claim: the items wait for the next attempt, by any forwarder. */
  recordFailure(ids: readonly number[], error: string): Promise<void>;
  /** Domains with items accepted by the peer and awaiting its report. */
  sentDomains(): Promise<string[]>;
  /** Items accepted by the peer whose remote message id is given. */
  sentFor(remoteMessageId: string, address: string): Promise<OutboundItem[]>;
  /**
   * Removes the items and returns the ids this call removed: one that another transaction (another gateway's
   * forwarder) removed first is left out, so whoever removes an item settles it, once.
   */
  take(ids: readonly number[]): Promise<number[]>;
  /** Forgets accepted items whose message expired before `before`: no report will come for them any more. */
  forgetSent(before: number): Promise<number>;
  /**
   * Removes and returns pending items whose message expired (at most `limit`), except items under a live claim
   * (being sent: that send decides); concurrent calls take disjoint items.
   */
  takeExpired(now: number, limit: number): Promise<OutboundItem[]>;
  /** Items per state (metrics). */
  depth(): Promise<{ pending: number; sent: number }>;
}

/** A social event waiting for its peer domain (docs/federation.md "Social events across domains"). */
export interface QueuedSocialEvent {
  readonly id: number;
  readonly eventId: string;
  readonly domain: string;
  readonly event: SocialEvent;
  readonly attempts: number;
}

export interface SocialQueueRepository {
  enqueue(eventId: string, domain: string, event: SocialEvent, now: number): Promise<void>;
  /** Domains with events waiting. */
  pendingDomains(): Promise<string[]>;
  /** The oldest events of a domain, in queue order (order per pair of users follows from order per domain). */
  head(domain: string, limit: number): Promise<QueuedSocialEvent[]>;
  remove(ids: readonly number[]): Promise<void>;
  recordFailure(ids: readonly number[], error: string): Promise<void>;
  /** Events waiting, all domains (metrics, tests). */
  depth(): Promise<number>;
  /** The peer lacks the Federation service (found when sending); AddPeer clears the mark. */
  markUnsupported(domain: string, now: number): Promise<void>;
  isUnsupported(domain: string): Promise<boolean>;
  /** Records an event received from a peer; false when it was received before (exactly once). */
  firstReceipt(domain: string, eventId: string, now: number): Promise<boolean>;
}

declare module '../../kernel/ports.js' {
  interface Repositories {
    readonly peers: PeerRepository;
    readonly outbound: OutboundRepository;
    readonly socialQueue: SocialQueueRepository;
  }
}
