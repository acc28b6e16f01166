// Who a presence or contact-list request names: an IM address (or a sip:/im: URI of one), tel:+E164, a screen
// name in the caller's own domain (use case 5.1 step 20: "scubajan"), or, for a consumer, one of its own
// usernames (resolved by the recipient resolver through the consumer directory).
import { AppError } from '../../kernel/errors.js';
import { parseAddress } from '../../kernel/addresses.js';
import type { Repositories } from '../../kernel/ports.js';
import { recipientResolver, type Resolution } from './recipient-resolver.js';
import type { Account } from '../../kernel/types.js';

/** A local account (or a peer domain's user's stand-in account), or why not. */
export type Target = Extract<Resolution, { ok: false }> | { readonly ok: true; readonly address: string; readonly account: Account };

/**
 * The stand-in account of a user in a routed peer domain (presence across domains), or why there is none.
 * Without it, an address in a routed domain has no route for presence and contact lists (SVC2004).
 */
export type RemoteTarget = (address: string, domain: string) => Promise<Target>;

const domainOf = (address: string): string => address.slice(address.lastIndexOf('@') + 1);

const failure = (address: string, code: 'SVC2004' | 'SVC3008', variable: string): Target => ({
  ok: false,
  address,
  code,
  text: new AppError(code, [variable]).message,
  variables: [variable],
});

export function targetResolver(tx: Repositories, caller: Account, hostedDomains: readonly string[], remote?: RemoteTarget) {
  const resolve = recipientResolver(tx, hostedDomains, caller);
  return async (raw: string): Promise<Target> => {
    const parsed = parseAddress(raw);
    const name = parsed.kind === 'username' && caller.role !== 'consumer' ? `${parsed.name}@${domainOf(caller.address)}` : raw;
    const target = await resolve(name);
    if (target.ok && !target.account) {
      if (!remote) return failure(target.address, 'SVC2004', domainOf(target.address));
      return remote(target.address, target.route);
    }
    if (target.ok && target.account.id === caller.id) return failure(target.address, 'SVC3008', target.address);
    return target;
  };
}

/** The account a single-target operation names, or the per-target failure as a fault. */
export async function requireTarget(resolve: (raw: string) => Promise<Target>, raw: string): Promise<Account> {
  const target = await resolve(raw);
  if (!target.ok) throw new AppError(target.code, target.variables ?? [target.address]);
  return target.account;
}
