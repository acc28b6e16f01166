// The accounts module: provisioning, credentials, roles and states (GS-1), served to the CLI and, through its
// dependents, to SOAP; self-service registration, profiles, aliases and search (the Accounts service,
// docs/accounts.md). It offers the account-removed event: modules that keep something about an account
// (presence tells the watchers it is gone) react to it inside the removal's unit of work. It fills the
// groups' account-policy hooks: minors' protection in public rooms, the profile alias as screen name.
import type { CapabilityModule } from '../../platform/modules/contract.js';
import { type AccountRemovedHook, accountService, type AccountService } from './account-service.js';
import { aliasService, type AliasService } from './alias-service.js';
import { minorsProtection, profileScreenName } from './group-policy.js';
import { parseForbiddenSearches, profileService, type ProfileService } from './profile-service.js';
import { registrationRate } from './registration-rate.js';
import { registrationService, type RegistrationService } from './registration-service.js';
import { accountsSoapService } from './soap.js';
import { guestActivity, guestRoomAdmission, guestSweep } from './guests.js';
import { periodicWorker } from '../../platform/modules/periodic-worker.js';

declare module '../../platform/modules/registry.js' {
  interface ServiceTypes {
    accounts: AccountService;
    registration: RegistrationService;
    profiles: ProfileService;
    aliases: AliasService;
  }
  interface HookTypes {
    'account.removed': AccountRemovedHook;
  }
}

export const accountsModule: CapabilityModule = {
  name: 'accounts',
  dependsOn: [],
  // Guests (guests.ts): their polls are their activity, and they join public rooms only. Groups: minors'
  // protection and the profile alias as screen name (group-policy.ts).
  hooks: { offers: ['account.removed'], handles: ['inbox.polling', 'groups.roomAdmission', 'groups.screenName'] },
  start(ctx) {
    const settings = ctx.config.accounts;
    const hostedDomains = ctx.config.domains;
    const removed = ctx.handlers('account.removed');
    const options = { hostedDomains, removed, refuseWhileSuspended: settings.suspendedMessages === 'refuse' };
    ctx.provide('accounts', accountService(ctx.store, ctx.passwords, ctx.secrets, options, ctx.work));
    const rate = registrationRate(
      { perMinute: settings.registrationsPerMinute, burst: settings.registrationBurst },
      { perMinute: settings.globalRegistrationsPerMinute, burst: settings.globalRegistrationBurst },
      ctx.clock,
    );
    const registration = registrationService(
      ctx.store,
      ctx.passwords,
      ctx.secrets,
      rate,
      { hostedDomains, mode: settings.registration, holdSeconds: settings.holdDeletedSeconds, removed, guests: settings.guests },
      ctx.work,
    );
    const profiles = profileService(
      ctx.store,
      {
        hostedDomains,
        defaults: { visibility: settings.profileVisibility, searchable: false },
        minorAge: settings.minorAge,
        pageSize: settings.searchPageSize,
        forbidden: parseForbiddenSearches(settings.forbiddenSearches),
      },
      ctx.work,
      ctx.clock,
    );
    const aliases = aliasService(
      ctx.store,
      { hostedDomains, perAccount: settings.aliasesPerAccount, holdSeconds: settings.holdDeletedSeconds },
      ctx.work,
    );
    ctx.handle('groups.roomAdmission', minorsProtection(settings.minorsInPublicRooms));
    ctx.handle('groups.screenName', profileScreenName);
    ctx.provide('registration', registration);
    ctx.provide('profiles', profiles);
    ctx.provide('aliases', aliases);
    ctx.handle('groups.roomAdmission', guestRoomAdmission);
    const idleMs = settings.guestIdleSeconds * 1000;
    ctx.handle('inbox.polling', guestActivity(ctx.work, ctx.clock, Math.min(60_000, idleMs / 10)));
    const sweep = guestSweep(ctx.work, ctx.clock, settings.guestIdleSeconds, removed);
    return {
      soap: [accountsSoapService({ registration, profiles, aliases })],
      workers: settings.guests ? [periodicWorker('guest sweep', ctx.config.sweepIntervalMs, sweep, ctx.logger)] : [],
    };
  },
};
