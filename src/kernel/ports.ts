// The storage ports the modules need; each module's knex/ folder implements its own over knex, and main/store.ts
// composes them. Every write runs inside one unit of work (platform/db/unit-of-work.ts), so a request is
// all-or-nothing and wakes the inboxes it touched only after it commits.
import type {
  Account,
  AccountCredentials,
  DirectoryEntry,
  PeerRoute,
  InboxMessage,
  NewMessage,
  RecipientOutcome,
  RecipientState,
  Role,
  StoredMessage,
} from './types.js';
import type {
  ContactEntryRecord,
  ContactListRecord,
  NameValue,
  PresenceRecord,
  PublishedPresence,
  SubscriptionRecord,
  SubscriptionWithParty,
  UserSettings,
} from './social-types.js';

export interface NewAccount {
  readonly address: string;
  readonly msisdn: string | null;
  readonly role: Role;
  readonly passwordHash: string;
  readonly sealedSecret: string;
}

export interface AccountRepository {
  create(account: NewAccount): Promise<Account>;
  findByAddress(address: string): Promise<Account | undefined>;
  findByMsisdn(msisdn: string): Promise<Account | undefined>;
  findCredentials(address: string): Promise<AccountCredentials | undefined>;
  list(): Promise<Account[]>;
  updateSecrets(address: string, passwordHash: string, sealedSecret: string): Promise<boolean>;
  setSigningCertificate(address: string, pem: string | null): Promise<boolean>;
  remove(address: string): Promise<boolean>;
  /** Reserves `count` consecutive inbox sequence numbers and returns the first. */
  reserveSequence(accountId: number, count: number): Promise<number>;
}

/** One recipient of a stored message; accountId is null for recipients that failed before resolution. */
export interface RecipientRecord extends RecipientOutcome {
  readonly accountId: number | null;
  /** A recipient in a routed peer domain: queued in the outbound queue instead of an inbox. */
  readonly route?: string | undefined;
  /** Sub-addressing: the username the sender named (consumer+name@domain). */
  readonly targetUsername?: string | undefined;
  /** The recipient is a consumer: tag the inbox entry with the sender's username in its directory. */
  readonly directoryOwner?: boolean | undefined;
}

export interface MessageRepository {
  /** Inserts many messages with their recipients in a few multi-row statements. */
  insertAll(messages: readonly { readonly message: NewMessage; readonly recipients: readonly RecipientRecord[] }[]): Promise<void>;
  find(messageId: string): Promise<StoredMessage | undefined>;
  findByClientId(senderAccountId: number, clientMessageId: string): Promise<StoredMessage | undefined>;
  /** Moves the recipients (messageIds x accountIds) that are in one of `from` to `to`. */
  setRecipientState(
    messageIds: readonly string[],
    accountIds: readonly number[],
    from: readonly RecipientState[],
    to: RecipientState,
    at: number,
    reason?: string,
  ): Promise<void>;
  /** Settles recipients by position; only those still in `from` change. */
  setRecipientStateAt(updates: readonly RecipientPositionUpdate[], from: readonly RecipientState[], at: number): Promise<void>;
  /** Deletes messages that expired before `before` and have no inbox entries left. */
  purgeFinished(before: number): Promise<number>;
}

export interface InboxEntry {
  readonly accountId: number;
  readonly sequenceNumber: number;
  readonly messageId: string;
  readonly receivedAt: number;
  readonly expiresAt: number;
  readonly senderUsername?: string | undefined;
  readonly targetUsername?: string | undefined;
}

/** An entry removed from an inbox (acknowledged or expired), with what reports need. */
export interface RemovedEntry {
  readonly accountId: number;
  readonly recipientAddress: string;
  readonly messageId: string;
  readonly kind: string;
  readonly senderAccountId: number | null;
  readonly senderAddress: string | null;
  readonly deliveryReport: boolean;
}

export interface InboxRepository {
  enqueue(entries: readonly InboxEntry[]): Promise<void>;
  /** Leases up to `limit` available entries (never leased, or lease ran out), in sequence order. */
  lease(accountId: number, now: number, limit: number, leaseUntil: number, token: string): Promise<InboxMessage[]>;
  countAvailable(accountId: number, now: number): Promise<number>;
  /**
   * The ack and expiry methods remove entries and return those this call removed, and only those: an entry
   * that another transaction (an ack or a sweep in another gateway on one PostgreSQL database) removed first
   * is not returned, so each removed entry is settled, and reported, once.
   */
  ackByToken(accountId: number, token: string): Promise<RemovedEntry[]>;
  ackBySequence(accountId: number, sequenceNumbers: readonly number[]): Promise<RemovedEntry[]>;
  /** Removes up to `limit` entries whose message expired; concurrent sweeps take disjoint batches. */
  takeExpired(now: number, limit: number): Promise<RemovedEntry[]>;
  /** Entries in all inboxes (the inbox depth metric). */
  depth(): Promise<number>;
}

export interface NonceRepository {
  /** Records a nonce; false when it was seen before (a replay). */
  remember(nonce: string, expiresAt: number): Promise<boolean>;
  purge(now: number): Promise<number>;
}

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

export interface DirectoryRepository {
  /** Adds or replaces entries; returns how many were written. */
  set(accountId: number, entries: readonly DirectoryEntry[]): Promise<number>;
  remove(accountId: number, usernames: readonly string[]): Promise<number>;
  /** Entries in username order after `after`, at most `limit`. */
  page(accountId: number, after: string | undefined, limit: number): Promise<DirectoryEntry[]>;
  count(accountId: number): Promise<number>;
  addressOf(accountId: number, username: string): Promise<string | undefined>;
  /** The username of an address (the first in username order when several map to it). */
  usernameOf(accountId: number, address: string): Promise<string | undefined>;
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

/** Sets the state of recipients addressed by message and position (remote recipients have no account). */
export interface RecipientPositionUpdate {
  readonly messageId: string;
  readonly position: number;
  readonly status: RecipientState;
  readonly errorCode: string | undefined;
  readonly errorText: string | undefined;
}

/** Published presence, activity, and the coalesced presence notices (README "Presence and contact lists"). */
export interface PresenceRepository {
  find(accountIds: readonly number[]): Promise<PresenceRecord[]>;
  publish(accountId: number, presence: PublishedPresence, now: number): Promise<void>;
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
  /** Granted and subscribed watchers: who hears of a presence change. */
  notifiedWatchers(presentityId: number): Promise<{ accountId: number; address: string }[]>;
}

export interface NewContactEntry {
  readonly listId: number;
  readonly accountId: number;
  readonly address: string;
  readonly nickname: string;
  readonly alternatives: readonly NameValue[];
}

export interface ContactRepository {
  lists(ownerId: number): Promise<ContactListRecord[]>;
  findList(ownerId: number, name: string): Promise<ContactListRecord | undefined>;
  createList(ownerId: number, name: string, now: number): Promise<ContactListRecord>;
  renameList(listId: number, name: string): Promise<void>;
  deleteList(listId: number): Promise<void>;
  entries(listIds: readonly number[]): Promise<ContactEntryRecord[]>;
  findEntry(listId: number, nickname: string): Promise<ContactEntryRecord | undefined>;
  findEntryFor(listId: number, accountId: number): Promise<ContactEntryRecord | undefined>;
  addEntry(entry: NewContactEntry, now: number): Promise<ContactEntryRecord>;
  updateEntry(
    entryId: number,
    change: { listId: number; nickname: string; alternatives: readonly NameValue[] },
    now: number,
  ): Promise<void>;
  removeEntry(entryId: number): Promise<void>;
  countEntries(listId: number): Promise<number>;
  /** True when `accountId` is in any list of `ownerId` (the "contacts" of accept-only-from-contacts). */
  isContactOf(ownerId: number, accountId: number): Promise<boolean>;
  /** PP2-26: the sender of a message `recipientId` received, unless the sender hid itself. */
  senderOfReceived(messageId: string, recipientId: number): Promise<string | undefined>;
}

export interface PrivacyRepository {
  settings(accountIds: readonly number[]): Promise<Map<number, UserSettings>>;
  saveSettings(accountId: number, settings: UserSettings): Promise<void>;
  /** Adds a block of one user or one list; false when it already existed. */
  block(ownerId: number, target: { accountId: number } | { listId: number }, now: number): Promise<boolean>;
  unblock(ownerId: number, target: { accountId: number } | { listId: number }): Promise<boolean>;
  blocks(ownerId: number): Promise<{ users: string[]; lists: string[] }>;
  /** Which of `accountIds` `ownerId` blocks, directly or through a blocked list holding them. */
  blockedAmong(ownerId: number, accountIds: readonly number[]): Promise<Set<number>>;
  /** Which of `ownerIds` block `accountId`, directly or through a blocked list holding it. */
  blockersOf(accountId: number, ownerIds: readonly number[]): Promise<Set<number>>;
}

export interface Repositories {
  readonly accounts: AccountRepository;
  readonly messages: MessageRepository;
  readonly inbox: InboxRepository;
  readonly nonces: NonceRepository;
  readonly peers: PeerRepository;
  readonly directory: DirectoryRepository;
  readonly outbound: OutboundRepository;
  readonly presence: PresenceRepository;
  readonly subscriptions: SubscriptionRepository;
  readonly contacts: ContactRepository;
  readonly privacy: PrivacyRepository;
}

export interface Store extends Repositories {
  transaction<T>(work: (tx: Repositories) => Promise<T>): Promise<T>;
  /** One trivial query: throws when the database does not answer (for /healthz). */
  ping(): Promise<void>;
  close(): Promise<void>;
}

export type Clock = () => number;
