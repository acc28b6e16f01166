// The peer operations of the Administration service (wsdl/Administration.wsdl), which the administration
// module assembles and serves: the peer routing table; admin accounts only (the peer service checks the role,
// before it looks at the request, so `domain` is left for it to require).
import type { PeerService } from './peer-service.js';
import type { PeerRoute } from '../../kernel/types.js';
import { isoTime, optionalString } from '../../platform/soap/codec.js';
import type { OperationHandler } from '../../platform/soap/operation.js';

const encodePeer = (p: PeerRoute) => ({
  domain: p.domain,
  ...(p.endpointUrl ? { endpoint: p.endpointUrl } : {}),
  ...(p.remoteUsername ? { username: p.remoteUsername } : {}),
  ...(p.inboundAccount ? { inboundAccount: p.inboundAccount } : {}),
  createdAt: isoTime(p.createdAt),
});

export function peerSoapHandlers(peers: PeerService): Readonly<Record<'AddPeer' | 'ListPeers' | 'RemovePeer', OperationHandler>> {
  return {
    // AddPeer: adds or replaces the routing entry of one peer domain.
    async AddPeer(args, { caller }) {
      const peer = await peers.add(caller, {
        domain: optionalString(args.domain, 'domain') ?? '',
        endpoint: optionalString(args.endpoint, 'endpoint') || undefined,
        username: optionalString(args.username, 'username') || undefined,
        password: optionalString(args.password, 'password') || undefined,
        inboundAccount: optionalString(args.inboundAccount, 'inboundAccount') || undefined,
      });
      return { peer: encodePeer(peer) };
    },

    // ListPeers: the whole routing table (passwords are never returned).
    async ListPeers(_args, { caller }) {
      return { peer: (await peers.list(caller)).map(encodePeer) };
    },

    // RemovePeer: forgets one peer domain; its recipients then fail with SVC2004.
    async RemovePeer(args, { caller }) {
      return { removed: await peers.remove(caller, optionalString(args.domain, 'domain') ?? '') };
    },
  };
}
