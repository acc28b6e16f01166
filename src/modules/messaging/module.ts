// The messaging module: SendMessages and GetDeliveryStatus, served with the inbox's operations as the
// InstantMessaging service; the expiry sweep. It offers the SendMessages hooks (send-hooks.ts) and the
// "recipients went to a peer's queue" event, and settles delivery when the inbox reports acknowledgements.
import type { CapabilityModule } from '../../platform/modules/contract.js';
import { periodicWorker } from '../../platform/modules/periodic-worker.js';
import { type NonDeliveryHook, settleAcknowledged } from './delivery-reports.js';
import { expirySweeper } from './expiry-sweeper.js';
import { messagingService, type MessagingService } from './messaging-service.js';
import type { ExpiredHook } from './expiry-sweeper.js';
import type { AdmissionHook, RecipientExpansion, StoringHook, SubmissionHook } from './send-hooks.js';
import { instantMessagingSoapService } from './soap.js';

declare module '../../platform/modules/registry.js' {
  interface ServiceTypes {
    messaging: MessagingService;
  }
  interface HookTypes {
    'send.expansion': RecipientExpansion;
    'send.admission': AdmissionHook;
    /** Per message, before its recipients resolve: the sender's limits and switches (policy). */
    'send.submission': SubmissionHook;
    /** Some recipients of a SendMessages went to a peer domain's outbound queue (5.14). */
    'send.forwardQueued': () => void;
    /** An expired message's non-delivery report is about to go to its sender: true holds it back (PP2-32). */
    'messaging.nonDelivery': NonDeliveryHook;
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
    offers: [
      'send.expansion',
      'send.admission',
      'send.submission',
      'send.forwardQueued',
      'messaging.nonDelivery',
      'send.storing',
      'messages.expired',
    ],
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
          submission: ctx.handlers('send.submission'),
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
        nonDelivery: ctx.handlers('messaging.nonDelivery'),
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
