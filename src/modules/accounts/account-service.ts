// Provisioning accounts (GS-1): address, optional E.164 number, password, role.
import { randomBytes, X509Certificate } from 'node:crypto';
import { AppError } from '../../kernel/errors.js';
import { isValidMsisdn } from '../../kernel/addresses.js';
import type { Store } from '../../kernel/ports.js';
import type { UnitOfWork, Work } from '../../platform/db/unit-of-work.js';
import type { PasswordHasher, SecretSealer } from '../../kernel/security-ports.js';
import { type Account, type AccountState, type Role, roles } from '../../kernel/types.js';
import { checkedPassword, hostedAddress } from './credentials.js';
import type { RegistrationToken } from './ports.js';
import { type Provisioner, provisioner } from './provisioning.js';

export interface AccountInput {
  readonly address: string;
  readonly password: string;
  readonly role?: Role | undefined;
  readonly msisdn?: string | undefined;
  /** pending: provisioned for a subscriber who completes the registration with Register (5.18). */
  readonly state?: Extract<AccountState, 'pending' | 'active'> | undefined;
}

export interface TokenInput {
  /** Generated when absent. */
  readonly token?: string | undefined;
  readonly usesAllowed?: number | undefined;
  readonly expiresAt?: number | undefined;
}

/**
 * The account-removed event (README "Layout", hooks): runs inside the removal's unit of work, before the
 * account row goes, so a handler still reads what the account had (its watchers, its presence) and whatever
 * it writes commits or rolls back with the removal. The rows that hang off the account go with it (the
 * schema's foreign keys cascade); a handler is for what others should hear or do about it.
 */
export type AccountRemovedHook = (work: Work, account: Account) => Promise<void>;

/** Removes an account inside `unit`: the account-removed handlers first, then the row (and what cascades). */
export async function removeAccount(unit: Work, account: Account, removed: readonly AccountRemovedHook[]): Promise<void> {
  for (const handler of removed) await handler(unit, account);
  await unit.tx.accounts.remove(account.address);
}

export interface AccountService {
  add(input: AccountInput): Promise<Account>;
  /** Pending accounts for E.164 auto-registration (5.18), in one unit of work; existing ones are skipped. */
  provision: Provisioner;
  list(): Promise<Account[]>;
  setPassword(address: string, password: string): Promise<void>;
  remove(address: string): Promise<void>;
  /** Pins an X.509 certificate (PEM) the account must sign with, or clears it (null). */
  setSigningCertificate(address: string, pem: string | null): Promise<void>;
  /** Suspends an account: its requests get POL6001; messages to it are stored or refused (the setting). */
  suspend(address: string): Promise<void>;
  /** Lifts a suspension. */
  reinstate(address: string): Promise<void>;
  /** Puts the account in an operator-defined policy class (`minor`, ...), or back in the general one (null). */
  setPolicyClass(address: string, policyClass: string | null): Promise<void>;
  /** Issues a registration token (registration mode `token`). */
  issueToken(input: TokenInput): Promise<RegistrationToken>;
  listTokens(): Promise<RegistrationToken[]>;
}

export interface AccountServiceOptions {
  readonly hostedDomains: readonly string[];
  /** Live list of account-removed handlers (read at each removal). */
  readonly removed?: readonly AccountRemovedHook[] | undefined;
  /** While suspended, messages to the account are refused (POL6006) instead of stored. */
  readonly refuseWhileSuspended?: boolean | undefined;
}

const policyClassRule = /^[a-z][a-z0-9-]{0,31}$/;

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
  const checkedAddress = (raw: string) => hostedAddress(raw, hostedDomains);
  async function changeState(address: string, state: AccountState, from: readonly AccountState[], refuse = false): Promise<void> {
    const normalized = checkedAddress(address);
    const changed = await work.run(({ tx }) => tx.accounts.setState(normalized, state, from, refuse));
    if (!changed) {
      const account = await store.accounts.findByAddress(normalized);
      if (!account) throw new AppError('SVC2002', [normalized]);
      throw new AppError('SVC0002', [`address (${normalized} is ${account.state})`]);
    }
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
        await tx.registrations.claim(address);
        if (input.msisdn) await tx.registrations.claim(`tel:${input.msisdn}`);
        if (await tx.accounts.findByAddress(address)) throw new AppError('SVC0002', [`address (${address} exists)`]);
        if ((await tx.aliases.ownerOf(address)) !== undefined) throw new AppError('SVC6002', [address]);
        if (input.msisdn && (await tx.accounts.findByMsisdn(input.msisdn)))
          throw new AppError('SVC0002', [`msisdn (${input.msisdn} is taken)`]);
        return tx.accounts.create({
          address,
          msisdn: input.msisdn ?? null,
          role,
          passwordHash,
          sealedSecret: sealer.seal(password),
          state: input.state ?? 'active',
        });
      });
    },
    provision: provisioner(store, hasher, sealer, hostedDomains, work),
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
    suspend: (address) => changeState(address, 'suspended', ['active'], options.refuseWhileSuspended ?? false),
    reinstate: (address) => changeState(address, 'active', ['suspended']),
    async setPolicyClass(address, policyClass) {
      const normalized = checkedAddress(address);
      if (policyClass !== null && !policyClassRule.test(policyClass))
        throw new AppError('SVC0002', ['policy class (a lower-case name of at most 32 characters)']);
      if (!(await work.run(({ tx }) => tx.accounts.setPolicyClass(normalized, policyClass)))) throw new AppError('SVC2002', [normalized]);
    },
    async issueToken(input) {
      const token = input.token ?? randomBytes(12).toString('base64url');
      if (!/^[A-Za-z0-9._~-]{1,64}$/.test(token)) throw new AppError('SVC0002', ['token (1..64 letters, digits, . _ ~ -)']);
      if (input.usesAllowed !== undefined && input.usesAllowed < 1) throw new AppError('SVC0002', ['uses allowed (at least 1)']);
      return work.run(async ({ tx, now }) => {
        const issued = { token, usesAllowed: input.usesAllowed ?? null, completed: 0, expiresAt: input.expiresAt ?? null, createdAt: now };
        if ((await tx.registrations.listTokens()).some((t) => t.token === token))
          throw new AppError('SVC0002', [`token (${token} exists)`]);
        await tx.registrations.createToken(issued);
        return issued;
      });
    },
    listTokens: () => store.registrations.listTokens(),
    async remove(address) {
      const normalized = checkedAddress(address);
      await work.run(async (unit) => {
        const account = await unit.tx.accounts.findByAddress(normalized);
        if (!account) throw new AppError('SVC2002', [normalized]);
        await removeAccount(unit, account, removed);
      });
    },
  };
}
