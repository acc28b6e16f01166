// The storage ports of the accounts module: NewAccount, AccountRepository. Its knex/ folder implements
// them; the declaration below adds it to the kernel's Repositories, which a unit of work hands to services.
import type { Account, AccountCredentials, Role } from '../../kernel/types.js';

export interface NewAccount {
  readonly address: string;
  readonly msisdn: string | null;
  readonly role: Role;
  readonly passwordHash: string;
  readonly sealedSecret: string;
}

export interface AccountRepository {
  create(account: NewAccount): Promise<Account>;
  findByAddress(address: string): Promise<Account | undefined>;
  findByMsisdn(msisdn: string): Promise<Account | undefined>;
  findCredentials(address: string): Promise<AccountCredentials | undefined>;
  list(): Promise<Account[]>;
  updateSecrets(address: string, passwordHash: string, sealedSecret: string): Promise<boolean>;
  setSigningCertificate(address: string, pem: string | null): Promise<boolean>;
  remove(address: string): Promise<boolean>;
  /** One account's sealed secret, if any account exists: start-up checks that the key opens it. */
  anySealedSecret(): Promise<string | undefined>;
  /** Reserves `count` consecutive inbox sequence numbers and returns the first. */
  reserveSequence(accountId: number, count: number): Promise<number>;
}

declare module '../../kernel/ports.js' {
  interface Repositories {
    readonly accounts: AccountRepository;
  }
}
