// Resolves the recipients of one SendMessages request: to a local account, to a routed peer domain, or to a
// per-recipient failure with its own code (README "Addresses": the other recipients are unaffected).
import { AppError, type ErrorCode } from '../../kernel/errors.js';
import { parseAddress } from '../../kernel/addresses.js';
import type { RecipientRecord, Repositories } from '../../kernel/ports.js';
import type { Account } from '../../kernel/types.js';

export type Resolution =
  | { readonly ok: true; readonly address: string; readonly account: Account; readonly targetUsername?: string }
  | { readonly ok: true; readonly address: string; readonly account?: undefined; readonly route: string }
  | {
      readonly ok: false;
      readonly address: string;
      readonly code: ErrorCode;
      readonly text: string;
      /** The code's variables, so the failure can become a fault naming a domain as a domain (SVC2004). */
      readonly variables?: readonly string[];
    };

const failure = (address: string, code: ErrorCode, ...variables: string[]): Resolution => ({
  ok: false,
  address,
  code,
  text: new AppError(code, variables).message,
  variables,
});

/** The stored recipient row of one resolution. */
export function toRecipientRecord(r: Resolution, now: number): RecipientRecord {
  if (!r.ok) return { address: r.address, accountId: null, status: 'failed', errorCode: r.code, errorText: r.text, updatedAt: now };
  const base = { address: r.address, status: 'queued' as const, errorCode: undefined, errorText: undefined, updatedAt: now };
  if (!r.account) return { ...base, accountId: null, route: r.route };
  return { ...base, accountId: r.account.id, targetUsername: r.targetUsername, directoryOwner: r.account.role === 'consumer' };
}

/** A local account as a recipient, unless it is suspended and the operator chose to refuse its messages. */
const admitted = (address: string, account: Account): Resolution =>
  account.state === 'suspended' && account.refusesMessages ? failure(address, 'POL6006', address) : { ok: true, address, account };

/**
 * Caches lookups for the life of one request, so one recipient named in many messages costs one query.
 * `sender` owns the directory that bare usernames are looked up in (Appendix B; WSI-11, WSI-35).
 */
export function recipientResolver(tx: Repositories, hostedDomains: readonly string[], sender?: Account) {
  const cache = new Map<string, Promise<Resolution>>();
  /** Addresses and numbers `preload` looked up: the account, or null where none has it (aliases are next). */
  const byAddress = new Map<string, Account | null>();
  const byMsisdn = new Map<string, Account | null>();

  async function resolveIm(address: string, local: string, domain: string): Promise<Resolution> {
    if (!hostedDomains.includes(domain)) {
      // 5.14: a domain hosted elsewhere is reached through the routing table, or not at all.
      const route = await tx.peers.find(domain);
      return route?.endpointUrl ? { ok: true, address, route: domain } : failure(address, 'SVC2004', domain);
    }
    const account = byAddress.has(address) ? byAddress.get(address) : await tx.accounts.findByAddress(address);
    if (account) return admitted(address, account);
    // PP2-24, 25: an alias reaches its owner; the recipient address stays the alias the sender used.
    const aliasOwner = await tx.aliases.ownerOf(address);
    const owner = aliasOwner === undefined ? undefined : await tx.accounts.findById(aliasOwner);
    if (owner) return admitted(address, owner);
    // Sub-addressing: consumer+name@domain is the consumer's inbox, tagged with its username `name`.
    const plus = local.indexOf('+');
    if (plus > 0 && plus < local.length - 1) {
      const consumer = await tx.accounts.findByAddress(`${local.slice(0, plus)}@${domain}`);
      if (consumer?.role === 'consumer') return { ok: true, address, account: consumer, targetUsername: local.slice(plus + 1) };
    }
    return failure(address, 'SVC2002', address);
  }

  async function resolve(raw: string): Promise<Resolution> {
    const parsed = parseAddress(raw);
    switch (parsed.kind) {
      case 'malformed':
        return failure(raw, 'SVC2003', raw);
      case 'username': {
        if (sender?.role !== 'consumer') return failure(raw, 'SVC2006', raw);
        // Usernames are case-insensitive (folded like IM local parts), so sub-addresses match them too.
        const mapped = await tx.directory.addressOf(sender.id, parsed.name.toLowerCase());
        const target = mapped === undefined ? undefined : parseAddress(mapped);
        if (target?.kind !== 'im') return failure(raw, 'SVC4001', raw, sender.address);
        const r = await resolveIm(target.address, target.local, target.domain);
        return r.ok ? r : { ...r, address: raw };
      }
      case 'tel': {
        const account = byMsisdn.has(parsed.msisdn) ? byMsisdn.get(parsed.msisdn) : await tx.accounts.findByMsisdn(parsed.msisdn);
        // 5.18: a provisioned subscriber who has not registered yet still gets the message, and finds it later.
        return account ? admitted(raw.trim(), account) : failure(raw, 'SVC2002', raw);
      }
      case 'im':
        return resolveIm(parsed.address, parsed.local, parsed.domain);
    }
  }

  /**
   * Looks up every local address and number among `raws` (a request's recipients as written) in one query,
   * and returns the ids of the accounts found: their admission facts can then load in one query too. What it
   * does not cover (usernames, aliases, sub-addresses, list expansions) is looked up one by one, as before.
   */
  async function preload(raws: readonly string[]): Promise<number[]> {
    const addresses: string[] = [];
    const msisdns: string[] = [];
    // Each distinct text parsed once: a 100-message request to 8 inboxes names 8 addresses a hundred times.
    for (const raw of new Set(raws)) {
      const parsed = parseAddress(raw);
      if (parsed.kind === 'im' && hostedDomains.includes(parsed.domain) && !byAddress.has(parsed.address)) addresses.push(parsed.address);
      else if (parsed.kind === 'tel' && !byMsisdn.has(parsed.msisdn)) msisdns.push(parsed.msisdn);
    }
    if (addresses.length + msisdns.length === 0) return [];
    for (const address of addresses) byAddress.set(address, null);
    for (const msisdn of msisdns) byMsisdn.set(msisdn, null);
    const found = await tx.accounts.findMany(addresses, msisdns);
    for (const account of found) {
      if (byAddress.has(account.address)) byAddress.set(account.address, account);
      if (account.msisdn !== null && byMsisdn.has(account.msisdn)) byMsisdn.set(account.msisdn, account);
    }
    return found.map((a) => a.id);
  }

  const lookUp = (raw: string): Promise<Resolution> => {
    let hit = cache.get(raw);
    if (!hit) cache.set(raw, (hit = resolve(raw)));
    return hit;
  };
  return Object.assign(lookUp, { preload });
}
