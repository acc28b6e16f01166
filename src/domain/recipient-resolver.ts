// Resolves the recipients of one SendMessages request to local accounts, each failure with its own code.
import { AppError, type ErrorCode } from '../errors.js';
import { parseAddress } from './addresses.js';
import type { Repositories } from './ports.js';
import type { Account } from './types.js';

export type Resolution =
  | { readonly ok: true; readonly address: string; readonly account: Account }
  | { readonly ok: false; readonly address: string; readonly code: ErrorCode; readonly text: string };

const failure = (address: string, code: ErrorCode, variable: string): Resolution => ({
  ok: false,
  address,
  code,
  text: new AppError(code, [variable]).message,
});

/** Caches lookups for the life of one request, so one recipient named in many messages costs one query. */
export function recipientResolver(tx: Repositories, hostedDomains: readonly string[]) {
  const cache = new Map<string, Promise<Resolution>>();

  async function resolve(raw: string): Promise<Resolution> {
    const parsed = parseAddress(raw);
    switch (parsed.kind) {
      case 'malformed':
        return failure(raw, 'SVC2003', raw);
      case 'username':
        // Consumer usernames are resolved through the consumer directory (Appendix B), not hosted here.
        return failure(raw, 'SVC2006', raw);
      case 'tel': {
        const account = await tx.accounts.findByMsisdn(parsed.msisdn);
        return account ? { ok: true, address: raw.trim(), account } : failure(raw, 'SVC2002', raw);
      }
      case 'im': {
        if (!hostedDomains.includes(parsed.domain)) return failure(parsed.address, 'SVC2004', parsed.domain);
        const account = await tx.accounts.findByAddress(parsed.address);
        return account ? { ok: true, address: parsed.address, account } : failure(parsed.address, 'SVC2002', parsed.address);
      }
    }
  }

  return (raw: string): Promise<Resolution> => {
    let hit = cache.get(raw);
    if (!hit) cache.set(raw, (hit = resolve(raw)));
    return hit;
  };
}
