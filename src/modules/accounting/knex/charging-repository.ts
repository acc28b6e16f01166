// Charging terms and prepaid balances over knex; the subscriber identities and message sizes usage records carry.
import type { Knex } from 'knex';
import { chunks } from '../../../platform/db/batches.js';
import type { HotStatements } from '../../../platform/db/hot-statements.js';
import type { ChargedParty, ChargingRepository } from '../ports.js';
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

export function chargingRepository(db: Knex | Knex.Transaction, hot: HotStatements): ChargingRepository {
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
    async parties(accountIds) {
      const found = new Map<number, ChargedParty>();
      for (const part of chunks([...new Set(accountIds)])) {
        // Reads the accounts table (the accounts module's): GO-3 falls back to the account's own E.164 number.
        // A hot statement: every send reads its parties.
        const rows = await hot.all<AccountChargingRow & { id: number; msisdn: string | null; charged: number | null }>(
          `select a.id, a.msisdn, c.account_id as charged, c.subscriber_id, c.payment, c.balance, c.per_message,
             c.per_recipient, c.per_kilobyte from accounts a left join account_charging c on c.account_id = a.id
           where a.id in (${part.map(() => '?').join(', ')})`,
          part,
        );
        for (const row of rows) {
          const subscriber: Subscriber | undefined = row.subscriber_id
            ? { id: row.subscriber_id, type: 'PRIVATE' }
            : row.msisdn
              ? { id: row.msisdn, type: 'E164' }
              : undefined;
          found.set(Number(row.id), { subscriber, terms: row.charged === null ? undefined : toTerms(row) });
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
