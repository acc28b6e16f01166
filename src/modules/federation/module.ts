// The federation module: the peer routing table (served in the Administration service) and the forwarder that drains
// the outbound queue to peer domains (5.14), woken when SendMessages queues recipients there; and presence
// across domains: stand-in accounts for peer domains' users (presence's `social.remote` hook), the social
// forwarder, and the Federation service that applies a peer's social events.
import type { CapabilityModule, Worker } from '../../platform/modules/contract.js';
import { socialEventsPerRequest as maxSocialEvents } from '../../platform/soap/list-limits.js';
import { type ForwardedHook, type ForwardGate, forwarder } from './forwarder.js';
import { peerService, type PeerService } from './peer-service.js';
import { remoteParties } from './remote-parties.js';
import { socialForwarder } from './social-forwarder.js';
import { socialInbound } from './social-inbound.js';
import { federationSoapService } from './social-soap.js';

declare module '../../platform/modules/registry.js' {
  interface ServiceTypes {
    peers: PeerService;
  }
  interface HookTypes {
    /** Forwarding to a peer domain is held (delivery switched off for the peer): its queue waits. */
    'federation.forwardGate': ForwardGate;
    /** A peer domain accepted a forwarded message (forwarder.ts). */
    'federation.forwarded': ForwardedHook;
  }
}

export const federationModule: CapabilityModule = {
  name: 'federation',
  // inbox: delivery reports from peers are notices in the sender's inbox; presence: social events apply there.
  dependsOn: ['inbox', 'presence'],
  hooks: { offers: ['federation.forwardGate', 'federation.forwarded'], handles: ['send.forwardQueued', 'social.remote'] },
  start(ctx) {
    const { config } = ctx;
    const backoff = { baseMs: config.federation.retryBaseMs, maxMs: config.federation.retryMaxMs };
    const outbound = forwarder(
      ctx.store,
      ctx.work,
      ctx.secrets,
      ctx.clock,
      { ...config.federation, backoff, reportValiditySeconds: config.validity.defaultSeconds },
      ctx.metrics,
      ctx.logger,
      ctx.handlers('federation.forwardGate'),
      ctx.handlers('federation.forwarded'),
    );
    ctx.handle('send.forwardQueued', () => outbound.wake());

    const social = ctx.use('social');
    const inbound = socialInbound(social, ctx.secrets, maxSocialEvents);
    const socialOutbound = socialForwarder(
      ctx.store,
      social,
      ctx.secrets,
      {
        ...config.federation,
        batchSize: Math.min(config.federation.batchSize, maxSocialEvents),
        batchBytes: config.federation.socialBatchBytes,
        backoff,
      },
      inbound.applyLocal,
      ctx.logger,
    );
    ctx.handle(
      'social.remote',
      remoteParties(ctx.secrets, () => socialOutbound.wake()),
    );

    const workers: Worker[] = [
      { name: 'forwarder', start: () => outbound.start(), stop: () => outbound.stop() },
      { name: 'social forwarder', start: () => socialOutbound.start(), stop: () => socialOutbound.stop() },
    ];
    const peers = peerService(ctx.store, ctx.secrets, config.domains, ctx.work);
    ctx.provide('peers', peers);
    // The peer operations are served in the Administration service, which the administration module assembles.
    return { soap: [federationSoapService(inbound, config.limits.contentBytes)], workers };
  },
};
