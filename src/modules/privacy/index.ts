// Privacy (PP2-23, GU-5, 5.6): blocks, settings and the SendMessages admission hook.
// The module's only entry: code outside src/modules/privacy/ imports from here and nowhere else.
export { privacyRepository } from './knex/privacy-repository.js';
export { type PrivacyService, privacyService } from './privacy-service.js';
export { recipientAdmission } from './recipient-admission.js';
export { privacyModule } from './module.js';
