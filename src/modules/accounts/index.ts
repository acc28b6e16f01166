// Accounts (GS-1): provisioning, credentials, roles, pinned signing certificates; the account-removed event.
// The module's only entry: code outside src/modules/accounts/ imports from here and nowhere else.
export { type AccountRemovedHook, type AccountService } from './account-service.js';
export { accountRepository } from './knex/account-repository.js';
export { accountsModule } from './module.js';
