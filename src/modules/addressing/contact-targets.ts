// Who a presence or contact-list request names: an IM address, tel:+E164, a screen name in the caller's
// own domain (use case 5.1 step 20: "scubajan"), or, for a consumer, one of its own usernames (resolved
// by the recipient resolver through the consumer directory).
import { AppError } from '../../kernel/errors.js';
import { parseAddress } from '../../kernel/addresses.js';
import type { Repositories } from '../../kernel/ports.js';
import { recipientResolver, type Resolution } from './recipient-resolver.js';
import type { Account } from '../../kernel/types.js';

/** A local account, or why not. Presence and contact lists stay within the hosted domains: an address in
 * a routed peer domain is reported as having no route for them (SVC2004). */
export type Target = Extract<Resolution, { ok: false }> | { readonly ok: true; readonly address: string; readonly account: Account };

const domainOf = (address: string): string => address.slice(address.lastIndexOf('@') + 1);

export function targetResolver(tx: Repositories, caller: Account, hostedDomains: readonly string[]) {
  const resolve = recipientResolver(tx, hostedDomains, caller);
  return async (raw: string): Promise<Target> => {
    const parsed = parseAddress(raw);
    const name = parsed.kind === 'username' && caller.role !== 'consumer' ? `${parsed.name}@${domainOf(caller.address)}` : raw;
    const target = await resolve(name);
    if (target.ok && !target.account)
      return { ok: false, address: target.address, code: 'SVC2004', text: new AppError('SVC2004', [domainOf(target.address)]).message };
    if (target.ok && target.account.id === caller.id)
      return { ok: false, address: target.address, code: 'SVC3008', text: new AppError('SVC3008', [target.address]).message };
    return target;
  };
}

/** The account a single-target operation names, or the per-target failure as a fault. */
export async function requireTarget(resolve: (raw: string) => Promise<Target>, raw: string): Promise<Account> {
  const target = await resolve(raw);
  if (!target.ok) throw new AppError(target.code, [target.address]);
  return target.account;
}
