// The privacy module: blocks and settings, and the SendMessages admission hook that applies them (a blocked
// sender, "only from contacts", "reject while unavailable"). Its operations are served by the ContactLists
// service (contacts module).
import type { CapabilityModule } from '../../platform/modules/contract.js';
import { privacyService, type PrivacyService } from './privacy-service.js';
import { recipientAdmission } from './recipient-admission.js';

declare module '../../platform/modules/registry.js' {
  interface ServiceTypes {
    privacy: PrivacyService;
  }
}

export const privacyModule: CapabilityModule = {
  name: 'privacy',
  // presence: authorization state and availability decide admission.
  dependsOn: ['presence'],
  hooks: { offers: [], handles: ['send.admission'] },
  start(ctx) {
    ctx.provide('privacy', privacyService(ctx.use('social')));
    ctx.handle('send.admission', recipientAdmission);
    return {};
  },
};
