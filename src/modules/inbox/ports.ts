// The storage port of the inbox module: InboxRepository. Its knex/ folder implements
// it; the declaration below adds it to the kernel's Repositories, which a unit of work hands to services.
import type { InboxMessage } from '../../kernel/types.js';
import type { InboxEntry, RemovedEntry } from '../../kernel/ports.js';
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

declare module '../../kernel/ports.js' {
  interface Repositories {
    readonly inbox: InboxRepository;
  }
}
