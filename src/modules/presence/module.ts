// The presence module: publication, subscriptions and authorization (the Presence service), "online" derived
// from GetMessages polls (it handles the inbox's polling hook), and the idle sweep that turns silent users
// offline. It offers the presence-changed event and handles it itself (watchers' inbox notices); a removed
// account (the accounts module's event) reads as offline to its watchers.
import type { CapabilityModule } from '../../platform/modules/contract.js';
import { periodicWorker } from '../../platform/modules/periodic-worker.js';
import { announcePresence } from './presence-notifier.js';
import {
  type PresenceChangedHook,
  type PresencePublishedHook,
  presenceService,
  type PresenceService,
  type PublishingHook,
} from './presence-service.js';
import type { GroupEventHandler, RemoteSocialHandler } from './remote-social.js';
import { type SocialContext, socialContextOf } from './social-context.js';
import { presenceSoapService } from './soap.js';
import { subscriptionService, type SubscriptionService } from './subscription-service.js';

declare module '../../platform/modules/registry.js' {
  interface ServiceTypes {
    presence: PresenceService;
    subscriptions: SubscriptionService;
    /** The context contacts, privacy and federation share with presence (social-context.ts). */
    social: SocialContext;
  }
  interface HookTypes {
    'presence.changed': PresenceChangedHook;
    /** A user publishes presence: a handler may refuse it (policy's publications per minute). */
    'presence.publishing': PublishingHook;
    /** Every PublishPresence, in its unit of work (presence-service.ts). */
    'presence.published': PresencePublishedHook;
    /** Users of peer domains (remote-social.ts); federation handles it. */
    'social.remote': RemoteSocialHandler;
    /** Group events from and for peer domains (remote-social.ts); groups handles it. */
    'social.group': GroupEventHandler;
  }
}

export const presenceModule: CapabilityModule = {
  name: 'presence',
  // inbox: presence notices are delivered into watchers' inboxes (inbox/delivery.ts).
  dependsOn: ['inbox'],
  hooks: {
    offers: ['presence.changed', 'presence.publishing', 'social.remote', 'presence.published', 'social.group'],
    handles: ['inbox.polling', 'presence.changed', 'account.removed'],
  },
  start(ctx) {
    const social = socialContextOf(ctx);
    const presence = presenceService(
      social,
      ctx.handlers('presence.changed'),
      ctx.handlers('presence.publishing'),
      ctx.handlers('presence.published'),
    );
    const subscriptions = subscriptionService(social);
    ctx.handle('presence.changed', (work, presentity) =>
      announcePresence({ ...work, options: social.options, remote: social.remote }, presentity),
    );
    ctx.handle('inbox.polling', (owner) => presence.touch(owner));
    ctx.handle('account.removed', (work, account) => presence.forget(work, account));
    ctx.provide('presence', presence);
    ctx.provide('subscriptions', subscriptions);
    ctx.provide('social', social);
    return {
      soap: [presenceSoapService(presence, subscriptions)],
      workers: [periodicWorker('presence idle sweep', ctx.config.sweepIntervalMs, () => presence.sweepIdle(), ctx.logger)],
    };
  },
};
