// The storage ports the domain needs. storage/ implements them over knex; every method that takes part
// in a request runs inside Store.transaction so a request is all-or-nothing.
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
  insert(message: NewMessage, recipients: readonly RecipientRecord[]): Promise<void>;
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
  ackByToken(accountId: number, token: string): Promise<RemovedEntry[]>;
  ackBySequence(accountId: number, sequenceNumbers: readonly number[]): Promise<RemovedEntry[]>;
  /** Removes up to `limit` entries whose message expired. */
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

export interface OutboundRepository {
  enqueue(items: readonly NewOutboundItem[]): Promise<void>;
  /** Domains with pending items. */
  pendingDomains(): Promise<string[]>;
  /** The oldest pending items of a domain, whole messages only, at most about `limit` items. */
  pending(domain: string, limit: number): Promise<OutboundItem[]>;
  markSent(ids: readonly number[], remoteMessageId: string): Promise<void>;
  recordFailure(ids: readonly number[], error: string): Promise<void>;
  /** Domains with items accepted by the peer and awaiting its report. */
  sentDomains(): Promise<string[]>;
  /** Items accepted by the peer whose remote message id is given. */
  sentFor(remoteMessageId: string, address: string): Promise<OutboundItem[]>;
  remove(ids: readonly number[]): Promise<void>;
  /** Forgets accepted items whose message expired before `before`: no report will come for them any more. */
  forgetSent(before: number): Promise<number>;
  /** Pending items whose message expired (at most `limit`). */
  expired(now: number, limit: number): Promise<OutboundItem[]>;
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

export interface Repositories {
  readonly accounts: AccountRepository;
  readonly messages: MessageRepository;
  readonly inbox: InboxRepository;
  readonly nonces: NonceRepository;
  readonly peers: PeerRepository;
  readonly directory: DirectoryRepository;
  readonly outbound: OutboundRepository;
}

export interface Store extends Repositories {
  transaction<T>(work: (tx: Repositories) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export type Clock = () => number;
