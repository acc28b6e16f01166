// The storage ports of the accounts module: accounts, registration (tokens, held addresses), profiles and
// aliases. Its knex/ folder implements them; the declaration below adds them to the kernel's Repositories,
// which a unit of work hands to services.
import type { Account, AccountCredentials, AccountState, Role } from '../../kernel/types.js';
import type { Profile } from './profile.js';

export interface NewAccount {
  readonly address: string;
  readonly msisdn: string | null;
  readonly role: Role;
  readonly passwordHash: string;
  readonly sealedSecret: string;
  readonly state?: AccountState | undefined;
}

export interface AccountRepository {
  create(account: NewAccount): Promise<Account>;
  findByAddress(address: string): Promise<Account | undefined>;
  findByMsisdn(msisdn: string): Promise<Account | undefined>;
  /**
   * The accounts with any of these addresses or E.164 numbers: every recipient of a SendMessages request in
   * one statement per column (up to 500 values each), not one per recipient (README "Group commit").
   */
  findMany(addresses: readonly string[], msisdns: readonly string[]): Promise<Account[]>;
  findById(id: number): Promise<Account | undefined>;
  /**
   * The account's credentials; with `nonce`, also whether that nonce is recorded as used (used_nonces), in the
   * same statement: a UsernameToken's check reads both at once (README "Group commit").
   */
  findCredentials(address: string, nonce?: string): Promise<AccountCredentials | undefined>;
  list(): Promise<Account[]>;
  updateSecrets(address: string, passwordHash: string, sealedSecret: string): Promise<boolean>;
  setSigningCertificate(address: string, pem: string | null): Promise<boolean>;
  /** Moves the account to `state`, only from one of `from`; false when it was in none of them. */
  setState(address: string, state: AccountState, from: readonly AccountState[], refuseMessages?: boolean): Promise<boolean>;
  setPolicyClass(address: string, policyClass: string | null): Promise<boolean>;
  remove(address: string): Promise<boolean>;
  /** Records activity (a guest's inbox poll) for the idle sweep. */
  markActive(accountId: number, now: number): Promise<void>;
  /** Accounts of `policyClass` with no activity (or, never active, created) since `before`, oldest first; `id`: only that one. */
  idle(policyClass: string, before: number, limit: number, id?: number): Promise<Account[]>;
  /** One account's sealed secret, if any account exists: start-up checks that the key opens it. */
  anySealedSecret(): Promise<string | undefined>;
  /**
   * Reserves `count` consecutive inbox sequence numbers and returns the first; `queued` of the entries they
   * number are not held, and join the inbox's queued counter (GetMessages' pending) in the same statement.
   */
  reserveSequence(accountId: number, count: number, queued: number): Promise<number>;
}

export interface RegistrationToken {
  readonly token: string;
  readonly usesAllowed: number | null;
  readonly completed: number;
  readonly expiresAt: number | null;
  readonly createdAt: number;
}

export interface RegistrationRepository {
  createToken(token: RegistrationToken): Promise<void>;
  listTokens(): Promise<RegistrationToken[]>;
  /** Counts one use of a live token (not expired at `now`, uses left); false when there is none. */
  useToken(token: string, now: number): Promise<boolean>;
  /**
   * Serializes the units of work that are about to take `address` (as an account or an alias) until this one
   * ends: their "is it free?" checks and inserts span two tables, which no unique constraint covers together.
   */
  claim(address: string): Promise<void>;
  /** Holds an address until `until` (a deleted account's, a retired alias's). */
  hold(address: string, until: number): Promise<void>;
  /** True while the address is held at `now`. */
  isHeld(address: string, now: number): Promise<boolean>;
}

export interface SearchCriteria {
  readonly minBirthYear?: number | undefined;
  readonly maxBirthYear?: number | undefined;
  readonly gender?: string | undefined;
  readonly intention?: string | undefined;
  readonly city?: string | undefined;
  readonly country?: string | undefined;
  readonly text?: string | undefined;
  /** Only accounts of this policy class (null: the general class). */
  readonly policyClass: string | null;
  readonly excludeAccountId: number;
  /** Account id after which the page starts. */
  readonly afterId: number;
  readonly limit: number;
}

export interface ProfileRepository {
  find(accountId: number): Promise<Profile | undefined>;
  save(accountId: number, profile: Profile, now: number): Promise<void>;
  /** Searchable, active accounts whose public values match, in account id order. */
  search(criteria: SearchCriteria): Promise<{ accountId: number; profile: Profile }[]>;
}

export interface AliasRepository {
  add(address: string, accountId: number, now: number): Promise<void>;
  /** The account an alias belongs to. */
  ownerOf(address: string): Promise<number | undefined>;
  list(accountId: number): Promise<string[]>;
  remove(address: string, accountId: number): Promise<boolean>;
}

declare module '../../kernel/ports.js' {
  interface Repositories {
    readonly accounts: AccountRepository;
    readonly registrations: RegistrationRepository;
    readonly profiles: ProfileRepository;
    readonly aliases: AliasRepository;
  }
}
