// The Accounts service (wsdl/Accounts.wsdl): registration, password, deletion, profiles, aliases, search.
import { isoTime } from '../../kernel/time.js';
import { asObject, optionalBoolean, optionalEnum, optionalInt, optionalString, requiredString } from '../../platform/soap/codec.js';
import type { ServiceDefinition } from '../../platform/soap/mount.js';
import type { AliasService } from './alias-service.js';
import type { ProfileChange, ProfileService, UserProfile } from './profile-service.js';
import { type ProfileField, profileFields, visibilities } from './profile.js';
import type { RegistrationService } from './registration-service.js';
import { isGuest } from './guests.js';

export interface AccountsSoapServices {
  readonly registration: RegistrationService;
  readonly profiles: ProfileService;
  readonly aliases: AliasService;
}

function profileChanges(raw: unknown): { changes: Map<ProfileField, ProfileChange>; searchable: boolean | undefined } {
  const profile = asObject(raw, 'profile');
  const changes = new Map<ProfileField, ProfileChange>();
  for (const field of profileFields) {
    if (profile[field] === undefined) continue;
    const entry = asObject(profile[field], `profile.${field}`);
    changes.set(field, {
      value: optionalString(entry.value, `profile.${field}.value`) ?? '',
      visibility: optionalEnum(entry.visibility, visibilities, `profile.${field}.visibility`),
    });
  }
  return { changes, searchable: optionalBoolean(profile.searchable, 'profile.searchable') };
}

const encodeProfile = (p: UserProfile) => ({
  user: p.user,
  profile: {
    ...Object.fromEntries(profileFields.flatMap((f) => (p.fields.has(f) ? [[f, p.fields.get(f)]] : []))),
    ...(p.searchable === undefined ? {} : { searchable: p.searchable }),
  },
});

export function accountsSoapService({ registration, profiles, aliases }: AccountsSoapServices): ServiceDefinition {
  return {
    name: 'Accounts',
    anonymous: {
      // Register: a new account (mode open or token), or a provisioned subscriber's first registration (5.18).
      async Register(args, { client }) {
        const { account, provisioned } = await registration.register(
          {
            address: optionalString(args.address, 'address')?.trim() || undefined,
            password: requiredString(args.password, 'password'),
            registrationToken: optionalString(args.registrationToken, 'registrationToken'),
            newPassword: optionalString(args.newPassword, 'newPassword'),
            guest: optionalBoolean(args.guest, 'guest'),
          },
          client,
        );
        return {
          address: account.address,
          ...(account.msisdn ? { msisdn: `tel:${account.msisdn}` } : {}),
          provisioned,
          ...(isGuest(account) ? { guest: true } : {}),
        };
      },
    },
    handlers: {
      // ChangePassword: the caller's password, confirmed with the old one.
      async ChangePassword(args, { caller }) {
        await registration.changePassword(
          caller,
          requiredString(args.oldPassword, 'oldPassword'),
          requiredString(args.newPassword, 'newPassword'),
        );
        return { changed: true };
      },

      // DeleteAccount: removes the caller's account; the address is held for a while.
      async DeleteAccount(args, { caller }) {
        const { heldUntil } = await registration.deleteAccount(caller, requiredString(args.password, 'password'));
        return { heldUntil: isoTime(heldUntil) };
      },

      // GetProfile: the caller's own profile, or the fields of another user's that the caller may see.
      async GetProfile(args, { caller }) {
        return encodeProfile(await profiles.get(caller, optionalString(args.user, 'user')));
      },

      // SetProfile: changes the fields given (and searchable).
      async SetProfile(args, { caller }) {
        const { changes, searchable } = profileChanges(args.profile);
        return encodeProfile(await profiles.set(caller, changes, searchable));
      },

      // AddAlias: a further address of the caller's.
      async AddAlias(args, { caller }) {
        return { alias: await aliases.add(caller, requiredString(args.alias, 'alias')) };
      },

      // RetireAlias: the alias stops reaching the caller and is held for a while.
      async RetireAlias(args, { caller }) {
        await aliases.retire(caller, requiredString(args.alias, 'alias'));
        return { retired: true };
      },

      // ListAliases: the caller's aliases.
      async ListAliases(_args, { caller }) {
        return { alias: await aliases.list(caller) };
      },

      // SearchUsers: one page of searchable users matching the criteria, confined by privacy and policy class.
      async SearchUsers(args, { caller }) {
        const page = await profiles.search(caller, {
          minAge: optionalInt(args.minAge, 'minAge', 200),
          maxAge: optionalInt(args.maxAge, 'maxAge', 200),
          gender: optionalString(args.gender, 'gender'),
          intention: optionalString(args.intention, 'intention'),
          city: optionalString(args.city, 'city'),
          country: optionalString(args.country, 'country'),
          text: optionalString(args.text, 'text'),
          page: optionalString(args.page, 'page'),
          maxResults: optionalInt(args.maxResults, 'maxResults'),
        });
        return { result: page.results.map(encodeProfile), ...(page.nextPage === undefined ? {} : { nextPage: page.nextPage }) };
      },
    },
  };
}
