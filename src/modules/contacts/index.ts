// Contact lists (PP2-27; 5.1, 5.11, 5.19; PP2-22, PP2-26) and the `list:<name>` recipient expansion (PP2-35/37).
// The module's only entry: code outside src/modules/contacts/ imports from here and nowhere else.
export { contactListService } from './contact-list-service.js';
export { contactRepository } from './knex/contact-repository.js';
export { expandListRecipients } from './list-recipients.js';
export { contactsModule } from './module.js';
