// The storage ports the modules need; each module's knex/ folder implements its own over knex, and main/store.ts
// composes them. Every write runs inside one unit of work (platform/db/unit-of-work.ts), so a request is
// all-or-nothing and wakes the inboxes it touched only after it commits.
import type { RecipientOutcome, RecipientState } from './types.js';
/** One recipient of a stored message; accountId is null for recipients that failed before resolution. */
export interface RecipientRecord extends RecipientOutcome {
  readonly accountId: number | null;
  /** A recipient in a routed peer domain: queued in the outbound queue instead of an inbox. */
  readonly route?: string | undefined;
  /** Sub-addressing: the username the sender named (consumer+name@domain). */
  readonly targetUsername?: string | undefined;
  /** The recipient is a consumer: tag the inbox entry with the sender's username in its directory. */
  readonly directoryOwner?: boolean | undefined;
  /** A filter's tag for this recipient's inbox entry (policy). */
  readonly tag?: string | undefined;
  /** A filter stores the message for this recipient without delivering it, until released (policy). */
  readonly held?: boolean | undefined;
}

export interface InboxEntry {
  readonly accountId: number;
  readonly sequenceNumber: number;
  readonly messageId: string;
  readonly receivedAt: number;
  readonly expiresAt: number;
  readonly senderUsername?: string | undefined;
  readonly targetUsername?: string | undefined;
  readonly tag?: string | undefined;
  readonly held?: boolean | undefined;
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

/** Sets the state of recipients addressed by message and position (remote recipients have no account). */
export interface RecipientPositionUpdate {
  readonly messageId: string;
  readonly position: number;
  readonly status: RecipientState;
  readonly errorCode: string | undefined;
  readonly errorText: string | undefined;
}

/**
 * Every module's repositories, as one transaction sees them. Empty here: each module adds its own by
 * declaration merging in its ports.ts (`declare module '.../kernel/ports.js'`), so the kernel knows none.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface Repositories {}

/** Runs `unit` in a savepoint of the enclosing transaction: if it throws, only its own writes are rolled back. */
export type Savepoint = <T>(unit: (tx: Repositories) => Promise<T>) => Promise<T>;

export interface Store extends Repositories {
  /** One transaction; `savepoint` runs part of it apart (group commit: one savepoint per unit of work). */
  transaction<T>(work: (tx: Repositories, savepoint: Savepoint) => Promise<T>): Promise<T>;
  /** One trivial query: throws when the database does not answer (for /healthz). */
  ping(): Promise<void>;
  close(): Promise<void>;
}

export type Clock = () => number;
