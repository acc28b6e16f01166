// Self-service registration and the account's own life cycle (5.1, 5.18, 5.19.8-12, GS-3; docs/accounts.md):
// Register (the only operation callable without credentials), ChangePassword, DeleteAccount.
import { AppError } from '../../kernel/errors.js';
import { parseAddress } from '../../kernel/addresses.js';
import type { Store } from '../../kernel/ports.js';
import { type Account, guestPolicyClass } from '../../kernel/types.js';
import type { PasswordHasher, SecretSealer } from '../../kernel/security-ports.js';
import type { UnitOfWork } from '../../platform/db/unit-of-work.js';
import { type AccountRemovedHook, removeAccount } from './account-service.js';
import { checkedPassword, hostedAddress } from './credentials.js';
import { guestAddress, isGuest } from './guests.js';
import type { RegistrationRate } from './registration-rate.js';

export type RegistrationMode = 'closed' | 'token' | 'open';

export interface RegisterInput {
  /** The user id to register: a new user@domain, or a provisioned subscriber's user id or tel:+E164; none for a guest. */
  readonly address: string | undefined;
  /** An anonymous guest account (GS-3): the address is generated. */
  readonly guest?: boolean | undefined;
  readonly password: string;
  readonly registrationToken?: string | undefined;
  /** A provisioned subscriber may set their own password at once (5.18, 5.19.8-12). */
  readonly newPassword?: string | undefined;
}

export interface Registered {
  readonly account: Account;
  /** True when a provisioned subscriber's account was completed (5.18), false for a new account. */
  readonly provisioned: boolean;
}

export interface RegistrationService {
  register(input: RegisterInput, client: string): Promise<Registered>;
  changePassword(caller: Account, oldPassword: string, newPassword: string): Promise<void>;
  /** A password login (the web portal): the account, or SVC1102; POL6001 suspended, POL6005 pending. */
  login(address: string, password: string): Promise<Account>;
  /** The account behind a live web session, as it is now: SVC1102 once it is gone, POL6001 while suspended. */
  current(address: string): Promise<Account>;
  /** Removes the account and its data; its address and aliases are held for `holdSeconds`. */
  deleteAccount(caller: Account, password: string): Promise<{ heldUntil: number }>;
}

export interface RegistrationOptions {
  readonly hostedDomains: readonly string[];
  readonly mode: RegistrationMode;
  readonly holdSeconds: number;
  readonly removed: readonly AccountRemovedHook[];
  /** Register may make anonymous guest accounts (GS-3). */
  readonly guests: boolean;
}

export function registrationService(
  store: Store,
  hasher: PasswordHasher,
  sealer: SecretSealer,
  rate: RegistrationRate,
  options: RegistrationOptions,
  work: UnitOfWork,
): RegistrationService {
  async function checkPassword(address: string, password: string, code: 'SVC1102' | 'SVC6003'): Promise<void> {
    const credentials = await store.accounts.findCredentials(address);
    if (!credentials || !(await hasher.verify(password, credentials.passwordHash))) throw new AppError(code);
  }

  /** 5.18: the provisioned subscriber's first Register with the preconfigured credentials activates the account. */
  async function completeProvisioned(account: Account, input: RegisterInput): Promise<Registered> {
    if (account.state !== 'pending') throw new AppError('POL6004', [account.msisdn ? `tel:${account.msisdn}` : account.address]);
    await checkPassword(account.address, input.password, 'SVC1102');
    const fresh = input.newPassword === undefined ? undefined : checkedPassword(input.newPassword);
    const passwordHash = fresh === undefined ? undefined : await hasher.hash(fresh);
    return work.run(async ({ tx }) => {
      // Conditional on pending: a replayed or concurrent Register activates once and is refused after.
      if (!(await tx.accounts.setState(account.address, 'active', ['pending']))) throw new AppError('POL6004', [account.address]);
      if (fresh !== undefined && passwordHash !== undefined)
        await tx.accounts.updateSecrets(account.address, passwordHash, sealer.seal(fresh));
      return { account: { ...account, state: 'active' }, provisioned: true };
    });
  }

  async function createNew(address: string, input: RegisterInput): Promise<Registered> {
    if (options.mode === 'closed') throw new AppError('POL6002', ['closed']);
    const token = input.registrationToken?.trim() || undefined;
    if (options.mode === 'token' && token === undefined) throw new AppError('POL6002', ['open to holders of a registration token only']);
    const password = checkedPassword(input.password);
    const passwordHash = await hasher.hash(password);
    return work.run(async ({ tx, now }) => {
      await tx.registrations.claim(address);
      // One answer for taken, held and alias: nobody learns which (an address being held says it was deleted).
      if (
        (await tx.accounts.findByAddress(address)) ||
        (await tx.aliases.ownerOf(address)) !== undefined ||
        (await tx.registrations.isHeld(address, now))
      )
        throw new AppError('SVC6002', [address]);
      if (options.mode === 'token' && token !== undefined && !(await tx.registrations.useToken(token, now)))
        throw new AppError('SVC6001', [token]);
      const account = await tx.accounts.create({ address, msisdn: null, role: 'user', passwordHash, sealedSecret: sealer.seal(password) });
      return { account, provisioned: false };
    });
  }

  /** GS-3: a guest account with a generated address, no personal data, in policy class `guest`. */
  async function createGuest(input: RegisterInput): Promise<Registered> {
    if (!options.guests) throw new AppError('POL6002', ['closed to guests']);
    if (input.address !== undefined) throw new AppError('SVC0002', ['address (leave it out for a guest account: it is generated)']);
    const password = checkedPassword(input.password);
    const passwordHash = await hasher.hash(password);
    return work.run(async ({ tx }) => {
      const address = guestAddress(options.hostedDomains);
      await tx.registrations.claim(address);
      const created = await tx.accounts.create({ address, msisdn: null, role: 'user', passwordHash, sealedSecret: sealer.seal(password) });
      await tx.accounts.setPolicyClass(address, guestPolicyClass);
      return { account: { ...created, policyClass: guestPolicyClass }, provisioned: false };
    });
  }

  return {
    async register(input, client) {
      rate.take(client);
      if (input.guest) return createGuest(input);
      if (input.address === undefined) throw new AppError('SVC0002', ['address (required, unless guest is true)']);
      const parsed = parseAddress(input.address);
      if (parsed.kind === 'tel') {
        // A number is registered only by the operator's provisioning; its subscriber completes it here.
        const account = await store.accounts.findByMsisdn(parsed.msisdn);
        if (!account) throw new AppError('SVC2002', [input.address.trim()]);
        return completeProvisioned(account, input);
      }
      const address = hostedAddress(input.address, options.hostedDomains);
      const existing = await store.accounts.findByAddress(address);
      if (existing?.state === 'pending') return completeProvisioned(existing, input);
      if (existing) throw new AppError('SVC6002', [address]);
      return createNew(address, input);
    },

    async login(raw, password) {
      const parsed = parseAddress(raw);
      if (parsed.kind !== 'im') throw new AppError('SVC1102');
      await checkPassword(parsed.address, password, 'SVC1102');
      return this.current(parsed.address);
    },

    async current(address) {
      const account = await store.accounts.findByAddress(address);
      if (!account) throw new AppError('SVC1102');
      if (account.state === 'suspended') throw new AppError('POL6001', [account.address]);
      if (account.state === 'pending') throw new AppError('POL6005', [account.address]);
      if (isGuest(account)) throw new AppError('POL6010', ['the web portal']);
      return account;
    },

    async changePassword(caller, oldPassword, newPassword) {
      await checkPassword(caller.address, oldPassword, 'SVC6003');
      const fresh = checkedPassword(newPassword);
      const passwordHash = await hasher.hash(fresh);
      await work.run(({ tx }) => tx.accounts.updateSecrets(caller.address, passwordHash, sealer.seal(fresh)));
    },

    async deleteAccount(caller, password) {
      await checkPassword(caller.address, password, 'SVC6003');
      return work.run(async (unit) => {
        const heldUntil = unit.now + options.holdSeconds * 1000;
        for (const alias of await unit.tx.aliases.list(caller.id)) await unit.tx.registrations.hold(alias, heldUntil);
        await unit.tx.registrations.hold(caller.address, heldUntil);
        await removeAccount(unit, caller, options.removed);
        return { heldUntil };
      });
    },
  };
}
