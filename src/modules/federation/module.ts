// The federation module: the peer routing table (the Administration service) and the forwarder that drains
// the outbound queue to peer domains (5.14), woken when SendMessages queues recipients there.
import type { CapabilityModule, Worker } from '../../platform/modules/contract.js';
import { forwarder } from './forwarder.js';
import { peerService, type PeerService } from './peer-service.js';
import { administrationSoapService } from './soap.js';

declare module '../../platform/modules/registry.js' {
  interface ServiceTypes {
    peers: PeerService;
  }
}

export const federationModule: CapabilityModule = {
  name: 'federation',
  // inbox: delivery reports from peers are notices in the sender's inbox.
  dependsOn: ['inbox'],
  hooks: { offers: [], handles: ['send.forwardQueued'] },
  start(ctx) {
    const { config } = ctx;
    const outbound = forwarder(
      ctx.store,
      ctx.work,
      ctx.secrets,
      ctx.clock,
      {
        ...config.federation,
        backoff: { baseMs: config.federation.retryBaseMs, maxMs: config.federation.retryMaxMs },
        reportValiditySeconds: config.validity.defaultSeconds,
      },
      ctx.metrics,
      ctx.logger,
    );
    ctx.handle('send.forwardQueued', () => outbound.wake());
    const worker: Worker = { name: 'forwarder', start: () => outbound.start(), stop: () => outbound.stop() };
    const peers = peerService(ctx.store, ctx.secrets, config.domains, ctx.work);
    ctx.provide('peers', peers);
    return { soap: [administrationSoapService(peers)], workers: [worker] };
  },
};
