// Prepaid and postpaid charging of SendMessages (PP2-7), the way Parlay X Payment reserves, charges and
// releases an amount; here all three happen inside the send's one transaction:
//  - reserve: the request's price comes off the balance with one conditional update, or the request is
//    refused (POL9001) before anything is stored;
//  - charge: the reservation commits with the messages it paid for, in the same COMMIT;
//  - release: a request that stores nothing (refused, failed, rolled back, the process killed) rolls the
//    reservation back with it.
// So a balance never pays for a message that is not stored, and no stored message goes unpaid.
// Postpaid accounts are priced the same way, and their records just accumulate.
import { AppError } from '../../kernel/errors.js';
import type { Account } from '../../kernel/types.js';
import type { Work } from '../../platform/db/unit-of-work.js';
import type { Delivery } from '../inbox/index.js';
import type { ChargingTerms } from './usage-types.js';

/** One message's price: per message, per accepted recipient, per started kilobyte of content. */
export function priceOf(terms: ChargingTerms, delivery: Delivery): number {
  const accepted = delivery.recipients.filter((r) => r.status === 'queued').length;
  if (accepted === 0) return 0;
  return terms.perMessage + terms.perRecipient * accepted + terms.perKilobyte * Math.ceil(delivery.message.content.length / 1024);
}

/**
 * Prices the request's messages by the sender's terms (undefined: none set, nothing to pay) and reserves the
 * total on a prepaid balance; returns each message's price.
 */
export async function reserveCharge(
  work: Work,
  sender: Account,
  deliveries: readonly Delivery[],
  terms: ChargingTerms | undefined,
): Promise<number[]> {
  if (!terms) return deliveries.map(() => 0);
  const prices = deliveries.map((d) => priceOf(terms, d));
  const total = prices.reduce((a, b) => a + b, 0);
  // A price past 2^53 (an absurd tariff times many recipients) is more than any balance holds.
  const unpayable = !Number.isSafeInteger(total);
  if (terms.payment === 'prepaid' && total > 0 && (unpayable || !(await work.tx.charging.debit(sender.id, total, work.now)))) {
    throw new AppError('POL9001', [total, sender.address, terms.balance]);
  }
  return prices;
}
