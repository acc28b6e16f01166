// One WSI client per peer domain, shared by a forwarder's passes: rebuilt only when the peer's route (endpoint,
// username, sealed password) changes, so `imwsi peers add` takes effect without a restart.
import type { SecretSealer } from '../../kernel/security-ports.js';
import type { PeerRoute } from '../../kernel/types.js';
import { type WsiClient, wsiClient } from './wsi-client.js';

/** The client for a peer's route, or undefined when the route has no outbound credentials. */
export function peerClients(box: SecretSealer, timeoutMs: number): (route: PeerRoute) => WsiClient | undefined {
  const clients = new Map<string, { key: string; client: WsiClient }>();
  return (route) => {
    if (!route.endpointUrl || !route.remoteUsername || !route.sealedPassword) return undefined;
    const key = `${route.endpointUrl}|${route.remoteUsername}|${route.sealedPassword}`;
    const cached = clients.get(route.domain);
    if (cached?.key === key) return cached.client;
    const client = wsiClient(
      { endpoint: route.endpointUrl, username: route.remoteUsername, password: box.open(route.sealedPassword) },
      { timeoutMs },
    );
    clients.set(route.domain, { key, client });
    return client;
  };
}
