// The presence module: publication, subscriptions and authorization (the Presence service), "online" derived
// from GetMessages polls (it handles the inbox's polling hook), and the idle sweep that turns silent users
// offline.
import type { CapabilityModule } from '../../platform/modules/contract.js';
import { periodicWorker } from '../../platform/modules/periodic-worker.js';
import { presenceService, type PresenceService } from './presence-service.js';
import { socialContextOf } from './social-context.js';
import { presenceSoapService } from './soap.js';
import { subscriptionService, type SubscriptionService } from './subscription-service.js';

declare module '../../platform/modules/registry.js' {
  interface ServiceTypes {
    presence: PresenceService;
    subscriptions: SubscriptionService;
  }
}

export const presenceModule: CapabilityModule = {
  name: 'presence',
  // inbox: presence notices are delivered into watchers' inboxes (inbox/delivery.ts).
  dependsOn: ['inbox'],
  hooks: { offers: [], handles: ['inbox.polling'] },
  start(ctx) {
    const social = socialContextOf(ctx);
    const presence = presenceService(social);
    const subscriptions = subscriptionService(social);
    ctx.handle('inbox.polling', (owner) => presence.touch(owner));
    ctx.provide('presence', presence);
    ctx.provide('subscriptions', subscriptions);
    return {
      soap: [presenceSoapService(presence, subscriptions)],
      workers: [periodicWorker('presence idle sweep', ctx.config.sweepIntervalMs, () => presence.sweepIdle(), ctx.logger)],
    };
  },
};
