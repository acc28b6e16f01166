// The accounts module: provisioning, credentials and roles (GS-1), served to the CLI and, through its
// dependents, to SOAP. It offers the account-removed event: modules that keep something about an account
// (presence tells the watchers it is gone) react to it inside the removal's unit of work.
import type { CapabilityModule } from '../../platform/modules/contract.js';
import { type AccountRemovedHook, accountService, type AccountService } from './account-service.js';

declare module '../../platform/modules/registry.js' {
  interface ServiceTypes {
    accounts: AccountService;
  }
  interface HookTypes {
    'account.removed': AccountRemovedHook;
  }
}

export const accountsModule: CapabilityModule = {
  name: 'accounts',
  dependsOn: [],
  hooks: { offers: ['account.removed'], handles: [] },
  start(ctx) {
    const options = { hostedDomains: ctx.config.domains, removed: ctx.handlers('account.removed') };
    ctx.provide('accounts', accountService(ctx.store, ctx.passwords, ctx.secrets, options, ctx.work));
    return {};
  },
};
