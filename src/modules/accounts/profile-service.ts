// Profiles and SearchUsers (PP2-39; use case 5.19 and its alternative flow; docs/accounts.md). A viewer sees
// the fields its relation allows; search matches public values only, finds only searchable accounts, and is
// confined by policy class: an account sees only accounts of its own class (a minor never appears to an adult).
import { AppError } from '../../kernel/errors.js';
import { parseAddress } from '../../kernel/addresses.js';
import type { Repositories, Store } from '../../kernel/ports.js';
import type { Account } from '../../kernel/types.js';
import type { UnitOfWork } from '../../platform/db/unit-of-work.js';
import type { SearchCriteria } from './ports.js';
import {
  checkedValue,
  defaultProfile,
  type Profile,
  type ProfileDefaults,
  type ProfileField,
  type ProfileValue,
  type Visibility,
  visibleFields,
} from './profile.js';

export interface ProfileChange {
  /** Absent: keep the value; '' removes the field. */
  readonly value?: string | undefined;
  readonly visibility?: Visibility | undefined;
}

export interface UserProfile {
  /** How others name the user: an alias, or the address (never the MSISDN). */
  readonly user: string;
  readonly fields: ReadonlyMap<ProfileField, ProfileValue>;
  /** Only for the owner. */
  readonly searchable?: boolean | undefined;
}

export const searchCriteria = ['minAge', 'maxAge', 'gender', 'intention', 'city', 'country', 'text'] as const;
export type SearchCriterion = (typeof searchCriteria)[number];

export interface SearchInput {
  readonly minAge?: number | undefined;
  readonly maxAge?: number | undefined;
  readonly gender?: string | undefined;
  readonly intention?: string | undefined;
  readonly city?: string | undefined;
  readonly country?: string | undefined;
  readonly text?: string | undefined;
  readonly page?: string | undefined;
  readonly maxResults?: number | undefined;
}

export interface SearchPage {
  readonly results: readonly UserProfile[];
  readonly nextPage: string | undefined;
}

export interface ProfileService {
  get(viewer: Account, user: string | undefined): Promise<UserProfile>;
  set(owner: Account, changes: ReadonlyMap<ProfileField, ProfileChange>, searchable: boolean | undefined): Promise<UserProfile>;
  search(searcher: Account, input: SearchInput): Promise<SearchPage>;
}

export interface ProfileOptions {
  readonly hostedDomains: readonly string[];
  readonly defaults: ProfileDefaults;
  readonly minorAge: number;
  readonly pageSize: number;
  /** Each a set of criteria that may not be combined in one search (POL6007). */
  readonly forbidden: readonly ReadonlySet<SearchCriterion>[];
}

/** "gender+maxAge,city+text" -> the criteria sets; an unknown name is a configuration error. */
export function parseForbiddenSearches(setting: string | undefined): ReadonlySet<SearchCriterion>[] {
  if (setting === undefined) return [];
  return setting.split(',').map((combination) => {
    const names = combination.split('+').map((n) => n.trim());
    const known = names.map((n) => searchCriteria.find((c) => c.toLowerCase() === n.toLowerCase()));
    if (known.some((k) => k === undefined))
      throw new Error(`accounts.forbiddenSearches: "${combination}" names a criterion other than ${searchCriteria.join(', ')}`);
    return new Set(known.filter((k) => k !== undefined));
  });
}

const yearOf = (now: number) => new Date(now).getUTCFullYear();

export function profileService(store: Store, options: ProfileOptions, work: UnitOfWork, clock: () => number): ProfileService {
  const profileOf = async (tx: Repositories, account: Account): Promise<Profile> =>
    (await tx.profiles.find(account.id)) ?? defaultProfile(account.address, options.defaults);
  const publicName = async (tx: Repositories, account: Account): Promise<string> =>
    (await tx.aliases.list(account.id))[0] ?? account.address;

  /** The account a user id names: an address or an alias in a hosted domain. */
  async function accountNamed(tx: Repositories, user: string): Promise<Account | undefined> {
    const parsed = parseAddress(user);
    if (parsed.kind !== 'im' || !options.hostedDomains.includes(parsed.domain)) return undefined;
    const direct = await tx.accounts.findByAddress(parsed.address);
    if (direct) return direct;
    const owner = await tx.aliases.ownerOf(parsed.address);
    return owner === undefined ? undefined : tx.accounts.findById(owner);
  }

  return {
    async get(viewer, user) {
      if (user === undefined || user.trim() === '') {
        const profile = await profileOf(store, viewer);
        return { user: viewer.address, fields: profile.fields, searchable: profile.searchable };
      }
      const account = await accountNamed(store, user);
      // Another class is as invisible as a missing account, unless the viewer is already the owner's contact.
      const contact = account !== undefined && (await store.contacts.isContactOf(account.id, viewer.id));
      if (!account || account.state !== 'active' || (account.policyClass !== viewer.policyClass && !contact))
        throw new AppError('SVC2002', [user.trim()]);
      if (account.id === viewer.id) return this.get(viewer, undefined);
      const profile = await profileOf(store, account);
      return { user: user.trim().toLowerCase(), fields: visibleFields(profile, contact ? 'contact' : 'other') };
    },

    async set(owner, changes, searchable) {
      const year = yearOf(clock());
      const checked = new Map<ProfileField, ProfileChange>();
      for (const [field, change] of changes)
        checked.set(field, { ...change, value: change.value === undefined ? undefined : checkedValue(field, change.value, year) });
      return work.run(async ({ tx, now }) => {
        const current = await profileOf(tx, owner);
        const fields = new Map(current.fields);
        for (const [field, change] of checked) {
          const before = fields.get(field);
          const value = change.value ?? before?.value;
          if (value === undefined || value === '') fields.delete(field);
          else fields.set(field, { value, visibility: change.visibility ?? before?.visibility ?? options.defaults.visibility });
        }
        const profile: Profile = { fields, searchable: searchable ?? current.searchable };
        await tx.profiles.save(owner.id, profile, now);
        // A birth year under the minor age puts the account in class minor; only the operator lifts it.
        const birthYear = Number(fields.get('birthYear')?.value ?? NaN);
        if (owner.policyClass === null && year - birthYear < options.minorAge) await tx.accounts.setPolicyClass(owner.address, 'minor');
        return { user: owner.address, fields: profile.fields, searchable: profile.searchable };
      });
    },

    async search(searcher, input) {
      const used = searchCriteria.filter((c) => input[c] !== undefined);
      for (const combination of options.forbidden)
        if ([...combination].every((c) => used.includes(c))) throw new AppError('POL6007', [[...combination].join(' with ')]);
      // 5.19: "prohibit searches on children under age of 18": nobody outside class minor searches below it.
      if (searcher.policyClass !== 'minor' && input.minAge !== undefined && input.minAge < options.minorAge)
        throw new AppError('POL6007', [`an age below ${options.minorAge}`]);
      if (searcher.policyClass !== 'minor' && input.maxAge !== undefined && input.maxAge < options.minorAge)
        throw new AppError('POL6007', [`an age below ${options.minorAge}`]);
      const year = yearOf(clock());
      const afterId = input.page === undefined ? 0 : Number(input.page);
      if (!Number.isSafeInteger(afterId) || afterId < 0) throw new AppError('SVC0002', ['page']);
      const limit = Math.min(Math.max(input.maxResults ?? options.pageSize, 1), options.pageSize);
      const criteria: SearchCriteria = {
        // Born in year Y: aged year - Y or year - Y - 1 today; both ends are inclusive on the age.
        minBirthYear: input.maxAge === undefined ? undefined : year - input.maxAge - 1,
        maxBirthYear: input.minAge === undefined ? undefined : year - input.minAge,
        gender: input.gender,
        intention: input.intention,
        city: input.city,
        country: input.country,
        text: input.text,
        policyClass: searcher.policyClass,
        excludeAccountId: searcher.id,
        afterId,
        limit: limit + 1,
      };
      const found = await store.profiles.search(criteria);
      const page = found.slice(0, limit);
      const results: UserProfile[] = [];
      for (const { accountId, profile } of page) {
        const account = await store.accounts.findById(accountId);
        if (!account) continue;
        const contact = await store.contacts.isContactOf(accountId, searcher.id);
        results.push({ user: await publicName(store, account), fields: visibleFields(profile, contact ? 'contact' : 'other') });
      }
      return { results, nextPage: found.length > limit ? String(page[page.length - 1]!.accountId) : undefined };
    },
  };
}
