// Accounts (GS-1): provisioning, credentials, roles, pinned signing certificates.
// The module's only entry: code outside src/modules/accounts/ imports from here and nowhere else.
export { type AccountService, accountService } from './account-service.js';
export { accountRepository } from './knex/account-repository.js';
