// The peer routing table (5.14; issue 4): domain -> peer endpoint and the credentials used there, plus the
// local account the peer sends with. Used by the Administration service and `imwsi peers`.
import { AppError } from '../../kernel/errors.js';
import type { SecretBox } from '../../platform/auth/secret-box.js';
import { parseAddress } from '../../kernel/addresses.js';
import type { Store } from '../../kernel/ports.js';
import type { PeerRoute } from '../../kernel/types.js';

export interface PeerInput {
  readonly domain: string;
  readonly endpoint?: string | undefined;
  readonly username?: string | undefined;
  readonly password?: string | undefined;
  /** Local account the peer authenticates as when it forwards to us. */
  readonly inboundAccount?: string | undefined;
}

export interface PeerService {
  add(input: PeerInput): Promise<PeerRoute>;
  list(): Promise<PeerRoute[]>;
  remove(domain: string): Promise<boolean>;
}

function checkedDomain(raw: string, hostedDomains: readonly string[]): string {
  const parsed = parseAddress(`peer@${raw}`);
  if (parsed.kind !== 'im') throw new AppError('SVC0002', [`domain (${raw})`]);
  if (hostedDomains.includes(parsed.domain)) throw new AppError('SVC4003', [parsed.domain]);
  return parsed.domain;
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

export function peerService(store: Store, box: SecretBox, hostedDomains: readonly string[]): PeerService {
  return {
    async add(input) {
      const domain = checkedDomain(input.domain, hostedDomains);
      const endpoint = input.endpoint ? checkedEndpoint(input.endpoint) : undefined;
      // An outbound route needs all three: where, as whom, and the password there.
      if (endpoint && (!input.username || !input.password))
        throw new AppError('SVC0002', ['username and password (required with endpoint)']);
      let inboundAccountId: number | null = null;
      if (input.inboundAccount) {
        const parsed = parseAddress(input.inboundAccount);
        const account = parsed.kind === 'im' ? await store.accounts.findByAddress(parsed.address) : undefined;
        if (!account) throw new AppError('SVC2002', [input.inboundAccount]);
        inboundAccountId = account.id;
      }
      if (!endpoint && inboundAccountId === null) throw new AppError('SVC0002', ['endpoint or inboundAccount']);
      // The two halves are set independently: a symmetric link is two calls, and neither erases the other.
      const existing = await store.peers.find(domain);
      await store.peers.upsert({
        domain,
        endpointUrl: endpoint ?? existing?.endpointUrl,
        remoteUsername: endpoint ? input.username : existing?.remoteUsername,
        sealedPassword: endpoint && input.password ? box.seal(input.password) : existing?.sealedPassword,
        inboundAccountId: inboundAccountId ?? existing?.inboundAccountId ?? null,
      });
      return (await store.peers.find(domain))!;
    },
    list: () => store.peers.list(),
    async remove(domain) {
      const parsed = parseAddress(`peer@${domain}`);
      if (parsed.kind !== 'im') throw new AppError('SVC0002', [`domain (${domain})`]);
      if (!(await store.peers.remove(parsed.domain))) throw new AppError('SVC4002', [parsed.domain]);
      return true;
    },
  };
}
