// Charging terms and prepaid balances over knex; the subscriber identities and message sizes usage records carry.
import type { Knex } from 'knex';
import { chunks } from '../../../platform/db/batches.js';
import type { ChargingRepository } from '../ports.js';
import type { ChargingTerms, Subscriber } from '../usage-types.js';
import type { AccountChargingRow } from './accounting-rows.js';

const toTerms = (row: AccountChargingRow): ChargingTerms => ({
  subscriberId: row.subscriber_id,
  payment: row.payment === 'prepaid' ? 'prepaid' : 'postpaid',
  balance: Number(row.balance),
  perMessage: Number(row.per_message),
  perRecipient: Number(row.per_recipient),
  perKilobyte: Number(row.per_kilobyte),
});

export function chargingRepository(db: Knex | Knex.Transaction): ChargingRepository {
  return {
    async terms(accountId) {
      const row = await db('account_charging').where({ account_id: accountId }).first();
      return row && toTerms(row);
    },
    async saveTerms(accountId, terms, now) {
      const row: AccountChargingRow = {
        account_id: accountId,
        subscriber_id: terms.subscriberId,
        payment: terms.payment,
        balance: terms.balance,
        per_message: terms.perMessage,
        per_recipient: terms.perRecipient,
        per_kilobyte: terms.perKilobyte,
        updated_at: now,
      };
      await db('account_charging').insert(row).onConflict('account_id').merge();
    },
    async debit(accountId, amount, now) {
      // One conditional statement: two sends racing for the last of a balance cannot both take it.
      const changed = await db('account_charging')
        .where({ account_id: accountId })
        .andWhere('balance', '>=', amount)
        .update({ balance: db.raw('balance - ?', [amount]), updated_at: now });
      return changed > 0;
    },
    async subscribers(accountIds) {
      const found = new Map<number, Subscriber>();
      for (const part of chunks([...new Set(accountIds)])) {
        // Reads the accounts table (the accounts module's): GO-3 falls back to the account's own E.164 number.
        const rows = await db('accounts')
          .leftJoin('account_charging', 'account_charging.account_id', 'accounts.id')
          .whereIn('accounts.id', part)
          .select<{ id: number; msisdn: string | null; subscriber_id: string | null }[]>(
            'accounts.id',
            'accounts.msisdn',
            'account_charging.subscriber_id',
          );
        for (const row of rows) {
          if (row.subscriber_id) found.set(row.id, { id: row.subscriber_id, type: 'PRIVATE' });
          else if (row.msisdn) found.set(row.id, { id: row.msisdn, type: 'E164' });
        }
      }
      return found;
    },
    async messageSizes(messageIds) {
      const found = new Map<string, { sizeBytes: number; contentType: string }>();
      for (const part of chunks([...new Set(messageIds)])) {
        // Reads the messages table (messaging's): a delivery's record carries the size of what was delivered.
        const rows = await db('messages')
          .whereIn('id', part)
          .select<{ id: string; content_type: string; size: number | string }[]>('id', 'content_type', db.raw('length(content) as size'));
        for (const row of rows) found.set(row.id, { sizeBytes: Number(row.size), contentType: row.content_type });
      }
      return found;
    },
  };
}
