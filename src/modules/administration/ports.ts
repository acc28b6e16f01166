// The storage ports of the administration module: the audit log, and the read-only monitoring queries over
// other modules' tables (accounts, inboxes, the outbound queue, usage records) that the operator's views need.
// Its knex/ folder implements them; the declaration below adds them to the kernel's Repositories.
import type { AccountFilter, AuditEntry, AuditQuery, NewAuditEntry } from './admin-types.js';

export interface AuditRepository {
  append(entry: NewAuditEntry): Promise<void>;
  /** Entries after `query.afterId` in id order. */
  page(query: AuditQuery, limit: number): Promise<AuditEntry[]>;
}

export interface MonitoringRepository {
  /** Ids of the accounts after `filter.afterId` that match it, in id order. */
  accountIds(filter: AccountFilter, limit: number): Promise<number[]>;
  accountStates(): Promise<Map<string, number>>;
  /** Messages sent since `since` (usage records: SENDING and RECEIVING-from-peer) by charged party. */
  sendersSince(since: number): Promise<{ address: string; role: string | undefined; messages: number }[]>;
  deepestInboxes(limit: number): Promise<{ address: string; depth: number }[]>;
  peerQueues(): Promise<{ domain: string; depth: number; oldest: number | undefined }[]>;
  totals(): Promise<{ inboxMessages: number; outboundQueued: number; usageRecords: number }>;
}

declare module '../../kernel/ports.js' {
  interface Repositories {
    readonly audit: AuditRepository;
    readonly monitoring: MonitoringRepository;
  }
}
