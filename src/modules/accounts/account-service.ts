// Provisioning accounts (GS-1): address, optional E.164 number, password, role.
import { X509Certificate } from 'node:crypto';
import { AppError } from '../../kernel/errors.js';
import { isValidMsisdn, parseAddress } from '../../kernel/addresses.js';
import type { Store } from '../../kernel/ports.js';
import type { UnitOfWork, Work } from '../../platform/db/unit-of-work.js';
import type { PasswordHasher, SecretSealer } from '../../kernel/security-ports.js';
import { type Account, type Role, roles } from '../../kernel/types.js';

export interface AccountInput {
  readonly address: string;
  readonly password: string;
  readonly role?: Role | undefined;
  readonly msisdn?: string | undefined;
}

/**
 * The account-removed event (README "Layout", hooks): runs inside the removal's unit of work, before the
 * account row goes, so a handler still reads what the account had (its watchers, its presence) and whatever
 * it writes commits or rolls back with the removal. The rows that hang off the account go with it (the
 * schema's foreign keys cascade); a handler is for what others should hear or do about it.
 */
export type AccountRemovedHook = (work: Work, account: Account) => Promise<void>;

export interface AccountService {
  add(input: AccountInput): Promise<Account>;
  list(): Promise<Account[]>;
  setPassword(address: string, password: string): Promise<void>;
  remove(address: string): Promise<void>;
  /** Pins an X.509 certificate (PEM) the account must sign with, or clears it (null). */
  setSigningCertificate(address: string, pem: string | null): Promise<void>;
}

export interface AccountServiceOptions {
  readonly hostedDomains: readonly string[];
  /** Live list of account-removed handlers (read at each removal). */
  readonly removed?: readonly AccountRemovedHook[] | undefined;
}

/**
 * Each account keeps the slow hash of its password (PasswordText) and the password sealed (PasswordDigest);
 * how both are made is the platform's business, behind the kernel's security ports. The slow hash is made
 * before the unit of work opens, so no transaction waits for it.
 */
export function accountService(
  store: Store,
  hasher: PasswordHasher,
  sealer: SecretSealer,
  options: AccountServiceOptions,
  work: UnitOfWork,
): AccountService {
  const { hostedDomains, removed = [] } = options;
  function checkedAddress(raw: string): string {
    const parsed = parseAddress(raw);
    if (parsed.kind !== 'im') throw new AppError('SVC2003', [raw]);
    if (!hostedDomains.includes(parsed.domain)) throw new AppError('SVC2004', [parsed.domain]);
    return parsed.address;
  }
  function checkedPassword(password: string): string {
    if (password.length < 8) throw new AppError('SVC0002', ['password (at least 8 characters)']);
    return password;
  }

  return {
    async add(input) {
      const address = checkedAddress(input.address);
      const role = input.role ?? 'user';
      if (!roles.includes(role)) throw new AppError('SVC0002', ['role']);
      if (input.msisdn !== undefined && !isValidMsisdn(input.msisdn)) throw new AppError('SVC0002', ['msisdn (E.164, +digits)']);
      const password = checkedPassword(input.password);
      const passwordHash = await hasher.hash(password);
      return work.run(async ({ tx }) => {
        if (await tx.accounts.findByAddress(address)) throw new AppError('SVC0002', [`address (${address} exists)`]);
        if (input.msisdn && (await tx.accounts.findByMsisdn(input.msisdn)))
          throw new AppError('SVC0002', [`msisdn (${input.msisdn} is taken)`]);
        return tx.accounts.create({ address, msisdn: input.msisdn ?? null, role, passwordHash, sealedSecret: sealer.seal(password) });
      });
    },
    list: () => store.accounts.list(),
    async setPassword(address, password) {
      const normalized = checkedAddress(address);
      const passwordHash = await hasher.hash(checkedPassword(password));
      const ok = await work.run(({ tx }) => tx.accounts.updateSecrets(normalized, passwordHash, sealer.seal(password)));
      if (!ok) throw new AppError('SVC2002', [normalized]);
    },
    async setSigningCertificate(address, pem) {
      const normalized = checkedAddress(address);
      if (pem !== null) {
        try {
          new X509Certificate(pem);
        } catch {
          throw new AppError('SVC0002', ['certificate (a PEM X.509 certificate)']);
        }
      }
      if (!(await work.run(({ tx }) => tx.accounts.setSigningCertificate(normalized, pem)))) throw new AppError('SVC2002', [normalized]);
    },
    async remove(address) {
      const normalized = checkedAddress(address);
      await work.run(async (unit) => {
        const account = await unit.tx.accounts.findByAddress(normalized);
        if (!account) throw new AppError('SVC2002', [normalized]);
        for (const handler of removed) await handler(unit, account);
        await unit.tx.accounts.remove(normalized);
      });
    },
  };
}
