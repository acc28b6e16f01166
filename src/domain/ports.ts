// The storage ports the domain needs. storage/ implements them over knex; every method that takes part
// in a request runs inside Store.transaction so a request is all-or-nothing.
import type {
  Account,
  AccountCredentials,
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
  remove(address: string): Promise<boolean>;
  /** Reserves `count` consecutive inbox sequence numbers and returns the first. */
  reserveSequence(accountId: number, count: number): Promise<number>;
}

/** One recipient of a stored message; accountId is null for recipients that failed before resolution. */
export interface RecipientRecord extends RecipientOutcome {
  readonly accountId: number | null;
}

export interface MessageRepository {
  insert(message: NewMessage, recipients: readonly RecipientRecord[]): Promise<void>;
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
  /** Deletes messages that expired before `before` and have no inbox entries left. */
  purgeFinished(before: number): Promise<number>;
}

export interface InboxEntry {
  readonly accountId: number;
  readonly sequenceNumber: number;
  readonly messageId: string;
  readonly receivedAt: number;
  readonly expiresAt: number;
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

export interface Repositories {
  readonly accounts: AccountRepository;
  readonly messages: MessageRepository;
  readonly inbox: InboxRepository;
  readonly nonces: NonceRepository;
}

export interface Store extends Repositories {
  transaction<T>(work: (tx: Repositories) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export type Clock = () => number;
