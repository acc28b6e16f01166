// Reading usage records out (PP2-6: the billing system's feed) and setting what accounts pay (PP2-7, GO-3).
// Operators only: the CLI passes the local operator, the Administration service an admin account.
import { AppError } from '../../kernel/errors.js';
import type { Store } from '../../kernel/ports.js';
import { type Caller, requireRole } from '../../kernel/require-role.js';
import type { UnitOfWork } from '../../platform/db/unit-of-work.js';
import { type ChargingTerms, defaultTerms, type UsageQuery, type UsageRecord } from './usage-types.js';

/** Records read per statement while streaming an export. */
const exportPageSize = 1000;
export const maxPageSize = 1000;

export interface TermsChange {
  readonly subscriberId?: string | null | undefined;
  readonly payment?: ChargingTerms['payment'] | undefined;
  readonly perMessage?: number | undefined;
  readonly perRecipient?: number | undefined;
  readonly perKilobyte?: number | undefined;
  /** Sets the balance. */
  readonly balance?: number | undefined;
  /** Adds to (or, negative, takes from) the balance. */
  readonly topUp?: number | undefined;
}

const subscriberIdRule = /^[\x21-\x7e]{1,64}$/;

function checkAmount(value: number | undefined, what: string, allowNegative = false): void {
  if (value === undefined) return;
  if (!Number.isSafeInteger(value) || (!allowNegative && value < 0))
    throw new AppError('SVC9003', [`${what} must be a whole number of minor units`]);
}

export function checkQuery(query: UsageQuery): UsageQuery {
  if (!Number.isSafeInteger(query.afterId) || query.afterId < 0) throw new AppError('SVC9001', ['afterId must be a record id (0 or more)']);
  if (query.since !== undefined && query.until !== undefined && query.until <= query.since)
    throw new AppError('SVC9001', ['until must be later than since']);
  return query;
}

export function usageService(store: Store, work: UnitOfWork) {
  async function accountOf(address: string) {
    const account = await store.accounts.findByAddress(address.trim().toLowerCase());
    if (!account) throw new AppError('SVC9002', [address]);
    return account;
  }

  return {
    /** How many records an export of `query` would stream now (the progress bar's total). */
    async count(caller: Caller, query: UsageQuery): Promise<{ total: number; upTo: number }> {
      requireRole(caller, 'admin');
      const upTo = await store.usage.settledHighWater();
      return { total: await store.usage.count(checkQuery(query), upTo), upTo };
    },

    /** Every record of `query` up to `upTo`, in id order: resume from the last id seen with `afterId`. */
    async *export(caller: Caller, query: UsageQuery, upTo: number): AsyncGenerator<UsageRecord> {
      requireRole(caller, 'admin');
      let cursor = checkQuery(query);
      for (;;) {
        const page = await store.usage.page(cursor, upTo, exportPageSize);
        yield* page;
        if (page.length < exportPageSize) return;
        cursor = { ...cursor, afterId: page[page.length - 1]!.id };
      }
    },

    /** One page (the Administration service): `nextAfterId` resumes, absent at the end. */
    async page(caller: Caller, query: UsageQuery, limit: number): Promise<{ records: UsageRecord[]; nextAfterId: number | undefined }> {
      requireRole(caller, 'admin');
      if (!Number.isSafeInteger(limit) || limit < 1 || limit > maxPageSize)
        throw new AppError('SVC9001', [`pageSize must be 1 to ${maxPageSize}`]);
      const upTo = await store.usage.settledHighWater();
      const records = await store.usage.page(checkQuery(query), upTo, limit + 1);
      const more = records.length > limit;
      const shown = more ? records.slice(0, limit) : records;
      return { records: shown, nextAfterId: more ? shown[shown.length - 1]!.id : undefined };
    },

    async terms(caller: Caller, address: string): Promise<ChargingTerms & { address: string }> {
      requireRole(caller, 'admin');
      const account = await accountOf(address);
      return { address: account.address, ...((await store.charging.terms(account.id)) ?? defaultTerms) };
    },

    /** Sets what an account pays: subscriber id, payment model, tariff, balance (PP2-7, GO-3). */
    async setTerms(caller: Caller, address: string, change: TermsChange): Promise<ChargingTerms & { address: string }> {
      requireRole(caller, 'admin');
      for (const key of ['perMessage', 'perRecipient', 'perKilobyte', 'balance'] as const) checkAmount(change[key], key);
      checkAmount(change.topUp, 'topUp', true);
      if (change.payment !== undefined && change.payment !== 'prepaid' && change.payment !== 'postpaid')
        throw new AppError('SVC9003', ['payment must be prepaid or postpaid']);
      if (change.subscriberId != null && !subscriberIdRule.test(change.subscriberId))
        throw new AppError('SVC9003', ['subscriberId must be 1 to 64 printable ASCII characters']);
      const account = await accountOf(address);
      return work.run(async ({ tx, now }) => {
        const before = (await tx.charging.terms(account.id)) ?? defaultTerms;
        const balance = (change.balance ?? before.balance) + (change.topUp ?? 0);
        if (balance < 0 || !Number.isSafeInteger(balance)) throw new AppError('SVC9003', [`the balance would be ${balance}`]);
        const after: ChargingTerms = {
          subscriberId: change.subscriberId === undefined ? before.subscriberId : change.subscriberId,
          payment: change.payment ?? before.payment,
          balance,
          perMessage: change.perMessage ?? before.perMessage,
          perRecipient: change.perRecipient ?? before.perRecipient,
          perKilobyte: change.perKilobyte ?? before.perKilobyte,
        };
        await tx.charging.saveTerms(account.id, after, now);
        return { address: account.address, ...after };
      });
    },
  };
}

export type UsageService = ReturnType<typeof usageService>;
