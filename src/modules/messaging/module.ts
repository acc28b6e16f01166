// The messaging module: SendMessages and GetDeliveryStatus, served with the inbox's operations as the
// InstantMessaging service; the expiry sweep. It offers the SendMessages hooks (send-hooks.ts) and the
// "recipients went to a peer's queue" event, and settles delivery when the inbox reports acknowledgements.
import type { CapabilityModule } from '../../platform/modules/contract.js';
import { periodicWorker } from '../../platform/modules/periodic-worker.js';
import { settleAcknowledged } from './delivery-reports.js';
import { expirySweeper } from './expiry-sweeper.js';
import { messagingService, type MessagingService } from './messaging-service.js';
import type { ExpiredHook } from './expiry-sweeper.js';
import type { AdmissionHook, RecipientExpansion, StoringHook } from './send-hooks.js';
import { instantMessagingSoapService } from './soap.js';

declare module '../../platform/modules/registry.js' {
  interface ServiceTypes {
    messaging: MessagingService;
  }
  interface HookTypes {
    'send.expansion': RecipientExpansion;
    'send.admission': AdmissionHook;
    /** Some recipients of a SendMessages went to a peer domain's outbound queue (5.14). */
    'send.forwardQueued': () => void;
    /** A request's messages are about to be stored, in its unit of work; throwing refuses it (send-hooks.ts). */
    'send.storing': StoringHook;
    /** Inbox entries expired unread, in the sweep's unit of work (expiry-sweeper.ts). */
    'messages.expired': ExpiredHook;
  }
}

export const messagingModule: CapabilityModule = {
  name: 'messaging',
  // federation: peer trust decides whom a peer account may speak for (peer-trust.ts).
  dependsOn: ['inbox', 'federation'],
  hooks: {
    offers: ['send.expansion', 'send.admission', 'send.forwardQueued', 'send.storing', 'messages.expired'],
    handles: ['inbox.acknowledged'],
  },
  start(ctx) {
    const { config, metrics } = ctx;
    const reportValiditySeconds = config.validity.defaultSeconds;
    const forwardQueued = ctx.handlers('send.forwardQueued');
    const messaging = messagingService(
      ctx.store,
      ctx.work,
      {
        hostedDomains: config.domains,
        limits: config.limits,
        validity: config.validity,
        hooks: {
          expansion: ctx.handlers('send.expansion'),
          admission: ctx.handlers('send.admission'),
          storing: ctx.handlers('send.storing'),
        },
      },
      { messagesSent: (n) => metrics.messagesSent(n), forwardQueued: () => forwardQueued.forEach((wake) => wake()) },
    );
    ctx.handle('inbox.acknowledged', settleAcknowledged(reportValiditySeconds));
    ctx.provide('messaging', messaging);
    const sweeper = expirySweeper(
      ctx.work,
      {
        statusRetentionSeconds: config.statusRetentionSeconds,
        reportValiditySeconds,
        batchSize: 500,
        expired: ctx.handlers('messages.expired'),
      },
      metrics,
    );
    return {
      soap: [instantMessagingSoapService(messaging, ctx.use('inbox'))],
      workers: [periodicWorker('expiry sweep', config.sweepIntervalMs, () => sweeper.sweepOnce(), ctx.logger)],
    };
  },
};
