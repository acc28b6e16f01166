// The inbox module: GetMessages and AckMessages over every account's inbox. It offers two hooks: entries
// acknowledged (messaging settles their delivery) and polls (presence derives "online" from them).
import type { CapabilityModule } from '../../platform/modules/contract.js';
import { type AcknowledgedHook, type DeliveryGate, inboxService, type InboxService, type PollingHook } from './inbox-service.js';

declare module '../../platform/modules/registry.js' {
  interface ServiceTypes {
    inbox: InboxService;
  }
  interface HookTypes {
    'inbox.acknowledged': AcknowledgedHook;
    'inbox.polling': PollingHook;
    /** Delivery to an inbox is held (switched off): GetMessages hands out nothing for now. */
    'inbox.gate': DeliveryGate;
  }
}

export const inboxModule: CapabilityModule = {
  name: 'inbox',
  dependsOn: [],
  hooks: { offers: ['inbox.acknowledged', 'inbox.polling', 'inbox.gate'], handles: [] },
  start(ctx) {
    const { config } = ctx;
    const inbox = inboxService(
      ctx.work,
      ctx.signals,
      {
        ...config.limits,
        leaseSeconds: config.leaseSeconds,
        acknowledged: ctx.handlers('inbox.acknowledged'),
        polling: ctx.handlers('inbox.polling'),
        gates: ctx.handlers('inbox.gate'),
      },
      ctx.metrics,
    );
    ctx.provide('inbox', inbox);
    return {};
  },
};
