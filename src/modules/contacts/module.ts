// The contacts module: server-stored contact lists and authorization requests, served with the privacy
// operations as the ContactLists service; it expands `list:<name>` recipients for SendMessages.
import type { CapabilityModule } from '../../platform/modules/contract.js';
import { contactListService, type ContactListService } from './contact-list-service.js';
import { expandListRecipients } from './list-recipients.js';
import { contactListsSoapService } from './soap.js';

declare module '../../platform/modules/registry.js' {
  interface ServiceTypes {
    contacts: ContactListService;
  }
}

export const contactsModule: CapabilityModule = {
  name: 'contacts',
  // presence: contact entries carry authorization and presence; privacy: ContactLists serves its operations.
  dependsOn: ['presence', 'privacy'],
  hooks: { offers: [], handles: ['send.expansion'] },
  start(ctx) {
    const contacts = contactListService(ctx.use('social'));
    ctx.provide('contacts', contacts);
    ctx.handle('send.expansion', expandListRecipients);
    return { soap: [contactListsSoapService(contacts, ctx.use('privacy'))] };
  },
};
