// Accounts (GS-1): provisioning, credentials, roles, states, pinned signing certificates; registration,
// profiles, aliases and search (docs/accounts.md); the account-removed event.
// The module's only entry: code outside src/modules/accounts/ imports from here and nowhere else.
export { type AccountRemovedHook, type AccountService } from './account-service.js';
export { type RegistrationService } from './registration-service.js';
export { type ProfileChange, type ProfileService, type UserProfile } from './profile-service.js';
export { type ProfileField, profileFields, type Visibility, visibilities } from './profile.js';
export { parseProvisionCsv, type ProvisionReport, type ProvisionRow } from './provisioning.js';
export { type AliasService } from './alias-service.js';
export { accountRepository } from './knex/account-repository.js';
export { registrationRepository } from './knex/registration-repository.js';
export { profileRepository } from './knex/profile-repository.js';
export { aliasRepository } from './knex/alias-repository.js';
export { accountsModule } from './module.js';
export { guestGate } from './guests.js';
