// The storage ports of the accounting module: usage records and each account's charging terms. Its knex/
// folder implements them; the declaration below adds them to the kernel's Repositories.
import type { ChargingTerms, NewUsageRecord, Subscriber, UsageQuery, UsageRecord } from './usage-types.js';

export interface ChargedParty {
  readonly subscriber: Subscriber | undefined;
  readonly terms: ChargingTerms | undefined;
}

export interface UsageRepository {
  insertAll(records: readonly NewUsageRecord[]): Promise<void>;
  /**
   * The highest record id below which every record is committed: an export that stops there never skips a
   * record that commits later with a lower id (PostgreSQL hands out ids before commit, in any order).
   */
  settledHighWater(): Promise<number>;
  /** Records after `query.afterId`, up to `upTo`, in id order. */
  page(query: UsageQuery, upTo: number, limit: number): Promise<UsageRecord[]>;
  count(query: UsageQuery, upTo: number): Promise<number>;
}

export interface ChargingRepository {
  terms(accountId: number): Promise<ChargingTerms | undefined>;
  saveTerms(accountId: number, terms: ChargingTerms, now: number): Promise<void>;
  /** Takes `amount` off a prepaid balance only if the balance covers it; false when it does not. */
  debit(accountId: number, amount: number, now: number): Promise<boolean>;
  /**
   * These accounts as charged parties, in one read: GO-3's subscriber identity (operator-set id, else E.164;
   * absent when neither) and the charging terms, when the operator set any.
   */
  parties(accountIds: readonly number[]): Promise<Map<number, ChargedParty>>;
  /** Size and content type of these messages (delivery and expiry records carry them). */
  messageSizes(messageIds: readonly string[]): Promise<Map<string, { sizeBytes: number; contentType: string }>>;
}

declare module '../../kernel/ports.js' {
  interface Repositories {
    readonly usage: UsageRepository;
    readonly charging: ChargingRepository;
  }
}
