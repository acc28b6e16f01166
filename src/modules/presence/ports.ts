// The storage ports of the presence module: RecipientPositionUpdate, PresenceRepository, SubscriptionRepository. Its knex/ folder implements
// them; the declaration below adds them to the kernel's Repositories, which a unit of work hands to services.
import type { PresenceRecord, PublishedPresence, SubscriptionRecord, SubscriptionWithParty } from '../../kernel/social-types.js';

/** Published presence, activity, and the coalesced presence notices (README "Presence and contact lists"). */
export interface PresenceRepository {
  find(accountIds: readonly number[]): Promise<PresenceRecord[]>;
  publish(accountId: number, presence: PublishedPresence, now: number): Promise<void>;
  /** Deletes the account's published presence and activity (its presence reads as offline from then on). */
  forget(accountId: number): Promise<void>;
  /** Records activity; true when the account was not online before (a transition watchers hear of). */
  touch(accountId: number, now: number): Promise<boolean>;
  /**
   * Marks up to `limit` online accounts last active before `cutoff` as offline and returns them; concurrent
   * sweeps (gateways sharing one database) take disjoint accounts, so each is announced once.
   */
  takeIdle(cutoff: number, limit: number): Promise<{ accountId: number; address: string }[]>;
  /** Watchers whose last presence notice about the presentity is still unread (in the inbox, never leased). */
  unreadNotices(presentityId: number, watcherIds: readonly number[], now: number): Promise<Map<number, string>>;
  /** Rewrites stored notices in place (coalescing). */
  rewriteNotices(messageIds: readonly string[], notification: string, content: Buffer, now: number): Promise<void>;
  trackNotices(presentityId: number, notices: readonly { watcherId: number; messageId: string }[]): Promise<void>;
}

export interface SubscriptionRepository {
  find(presentityId: number, watcherId: number): Promise<SubscriptionRecord | undefined>;
  save(subscription: SubscriptionRecord): Promise<void>;
  remove(presentityId: number, watcherId: number): Promise<void>;
  /** The presentity's side: every watcher row, with the watcher's address. */
  watchersOf(presentityId: number): Promise<SubscriptionWithParty[]>;
  /** The watcher's side: rows for the given presentities. */
  ofWatcher(watcherId: number, presentityIds: readonly number[]): Promise<SubscriptionRecord[]>;
  /** The address of a party to a subscription (a withdrawal tells a peer domain's presentity by address). */
  addressOf(accountId: number): Promise<string | undefined>;
  /** Granted and subscribed watchers: who hears of a presence change. */
  notifiedWatchers(presentityId: number): Promise<{ accountId: number; address: string }[]>;
}

declare module '../../kernel/ports.js' {
  interface Repositories {
    readonly presence: PresenceRepository;
    readonly subscriptions: SubscriptionRepository;
  }
}
