// The federation side of presence across domains (the presence module's `social.remote` hook): stand-in
// accounts for users of peer domains, and the durable queue their events wait in (docs/federation.md "Social
// events across domains"). A stand-in account has a password nobody knows (random, sealed; its hash is no
// scrypt hash, so PasswordText never matches either): it can never log in, and SendMessages never delivers to
// it, since its domain is not hosted here and routes to the peer.
import { randomBytes } from 'node:crypto';
import { AppError } from '../../kernel/errors.js';
import type { Repositories } from '../../kernel/ports.js';
import type { SecretSealer } from '../../kernel/security-ports.js';
import type { Account } from '../../kernel/types.js';
import { newMessageId } from '../inbox/index.js';
import { domainOf, type RemoteReach, type RemoteSocialHandler } from '../presence/index.js';

/** Never a valid hash (platform/auth/password-hash.ts wants "scrypt$..."). */
const noPassword = '!remote-party';

/** The stand-in account of a peer domain's user: found, or created with a secret nobody knows. */
export async function remotePartyAccount(tx: Repositories, sealer: SecretSealer, address: string): Promise<Account> {
  const existing = await tx.accounts.findByAddress(address);
  if (existing) return existing;
  return tx.accounts.create({
    address,
    msisdn: null,
    role: 'user',
    passwordHash: noPassword,
    sealedSecret: sealer.seal(randomBytes(32).toString('base64')),
  });
}

/** Routed, and (when events are to be exchanged) not known to lack the Federation service. */
async function reachOf(tx: Repositories, domain: string, exchange: boolean): Promise<RemoteReach> {
  const route = await tx.peers.find(domain);
  if (!route?.endpointUrl) return { ok: false, code: 'SVC2004', text: new AppError('SVC2004', [domain]).message };
  // Known to lack the Federation service: say so now rather than queue what cannot be delivered.
  if (exchange && (await tx.socialQueue.isUnsupported(domain)))
    return { ok: false, code: 'SVC8001', text: new AppError('SVC8001', [domain]).message };
  return { ok: true };
}

/**
 * `wakeForwarder` is called when an event is queued; the unit of work has not committed yet, so the forwarder
 * runs its pass on the next turn of the event loop, and its tick catches an event whose commit came later.
 */
export function remoteParties(sealer: SecretSealer, wakeForwarder: () => void): RemoteSocialHandler {
  return {
    async party(work, address, domain, exchange) {
      const reach = await reachOf(work.tx, domain, exchange);
      return reach.ok ? { ok: true, account: await remotePartyAccount(work.tx, sealer, address) } : reach;
    },
    reach: ({ tx }, domain) => reachOf(tx, domain, true),
    async send(work, event) {
      // The event id is the queue's, unique and stable across retries: the peer applies each id once.
      await work.tx.socialQueue.enqueue(newMessageId(work.now), domainOf(event.to), event, work.now);
      setImmediate(wakeForwarder);
    },
  };
}
