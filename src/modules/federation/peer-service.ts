// The peer routing table (5.14; docs/federation.md): domain -> peer endpoint and the credentials used there, plus the
// local account the peer sends with. Used by the Administration service and `imwsi peers`; admins only, checked
// here so every edge goes through the check.
import { AppError } from '../../kernel/errors.js';
import { parseAddress } from '../../kernel/addresses.js';
import type { Store } from '../../kernel/ports.js';
import type { UnitOfWork } from '../../platform/db/unit-of-work.js';
import { type Caller, requireRole } from '../../kernel/require-role.js';
import type { SecretSealer } from '../../kernel/security-ports.js';
import type { PeerRoute } from '../../kernel/types.js';

export interface PeerInput {
  /** Required: '' is refused with SVC0002, after the role check. */
  readonly domain: string;
  readonly endpoint?: string | undefined;
  readonly username?: string | undefined;
  readonly password?: string | undefined;
  /** Local account the peer authenticates as when it forwards to us. */
  readonly inboundAccount?: string | undefined;
}

/** Each method needs an admin (POL1005), checked before anything else so a refused caller learns nothing. */
export interface PeerService {
  add(caller: Caller, input: PeerInput): Promise<PeerRoute>;
  list(caller: Caller): Promise<PeerRoute[]>;
  remove(caller: Caller, domain: string): Promise<boolean>;
}

function parsedDomain(raw: string): string {
  if (raw === '') throw new AppError('SVC0002', ['domain']);
  const parsed = parseAddress(`peer@${raw}`);
  if (parsed.kind !== 'im') throw new AppError('SVC0002', [`domain (${raw})`]);
  return parsed.domain;
}

function checkedDomain(raw: string, hostedDomains: readonly string[]): string {
  const domain = parsedDomain(raw);
  if (hostedDomains.includes(domain)) throw new AppError('SVC4003', [domain]);
  return domain;
}

function checkedEndpoint(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new AppError('SVC4004', [raw]);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new AppError('SVC4004', [raw]);
  return raw.replace(/\/+$/, '');
}

export function peerService(store: Store, sealer: SecretSealer, hostedDomains: readonly string[], work: UnitOfWork): PeerService {
  return {
    async add(caller, input) {
      requireRole(caller, 'admin');
      const domain = checkedDomain(input.domain, hostedDomains);
      const endpoint = input.endpoint ? checkedEndpoint(input.endpoint) : undefined;
      // An outbound route needs all three: where, as whom, and the password there.
      if (endpoint && (!input.username || !input.password))
        throw new AppError('SVC0002', ['username and password (required with endpoint)']);
      const sealedPassword = endpoint && input.password ? sealer.seal(input.password) : undefined;
      return work.run(async ({ tx }) => {
        let inboundAccountId: number | null = null;
        if (input.inboundAccount) {
          const parsed = parseAddress(input.inboundAccount);
          const account = parsed.kind === 'im' ? await tx.accounts.findByAddress(parsed.address) : undefined;
          if (!account) throw new AppError('SVC2002', [input.inboundAccount]);
          inboundAccountId = account.id;
        }
        if (!endpoint && inboundAccountId === null) throw new AppError('SVC0002', ['endpoint or inboundAccount']);
        // The two halves are set independently: a symmetric link is two calls, and neither erases the other.
        const existing = await tx.peers.find(domain);
        await tx.peers.upsert({
          domain,
          endpointUrl: endpoint ?? existing?.endpointUrl,
          remoteUsername: endpoint ? input.username : existing?.remoteUsername,
          sealedPassword: sealedPassword ?? existing?.sealedPassword,
          inboundAccountId: inboundAccountId ?? existing?.inboundAccountId ?? null,
        });
        return (await tx.peers.find(domain))!;
      });
    },
    async list(caller) {
      requireRole(caller, 'admin');
      return store.peers.list();
    },
    async remove(caller, raw) {
      requireRole(caller, 'admin');
      const domain = parsedDomain(raw);
      if (!(await work.run(({ tx }) => tx.peers.remove(domain)))) throw new AppError('SVC4002', [domain]);
      return true;
    },
  };
}
