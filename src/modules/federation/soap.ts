// The Administration service (wsdl/Administration.wsdl): the peer routing table; admin accounts only.
import type { PeerService } from './peer-service.js';
import { requireRole } from '../../kernel/require-role.js';
import type { PeerRoute } from '../../kernel/types.js';
import { isoTime, optionalString, requiredString } from '../../platform/soap/codec.js';
import type { ServiceDefinition } from '../../platform/soap/mount.js';

const encodePeer = (p: PeerRoute) => ({
  domain: p.domain,
  ...(p.endpointUrl ? { endpoint: p.endpointUrl } : {}),
  ...(p.remoteUsername ? { username: p.remoteUsername } : {}),
  ...(p.inboundAccount ? { inboundAccount: p.inboundAccount } : {}),
  createdAt: isoTime(p.createdAt),
});

export function administrationService(peers: PeerService): ServiceDefinition {
  return {
    name: 'Administration',
    handlers: {
      // AddPeer: adds or replaces the routing entry of one peer domain.
      async AddPeer(args, { caller }) {
        requireRole(caller, 'admin');
        const peer = await peers.add({
          domain: requiredString(args.domain, 'domain'),
          endpoint: optionalString(args.endpoint, 'endpoint') || undefined,
          username: optionalString(args.username, 'username') || undefined,
          password: optionalString(args.password, 'password') || undefined,
          inboundAccount: optionalString(args.inboundAccount, 'inboundAccount') || undefined,
        });
        return { peer: encodePeer(peer) };
      },

      // ListPeers: the whole routing table (passwords are never returned).
      async ListPeers(_args, { caller }) {
        requireRole(caller, 'admin');
        return { peer: (await peers.list()).map(encodePeer) };
      },

      // RemovePeer: forgets one peer domain; its recipients then fail with SVC2004.
      async RemovePeer(args, { caller }) {
        requireRole(caller, 'admin');
        return { removed: await peers.remove(requiredString(args.domain, 'domain')) };
      },
    },
  };
}
