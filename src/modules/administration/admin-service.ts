// The operator's operations (GO-2, PP2-9, PP2-11; docs/operations.md "Administration"): accounts, charging
// terms, usage export, peers, statistics and the audit log, for admin accounts over SOAP and for the local
// operator at the CLI, through the same services (accounts, usage, peers) and the same role check. Every
// action that changes something, or takes usage records out, is written to the audit log with who did it,
// to what, when and how it ended (ok, or its fault code). The entry is written after the action, in a unit
// of work of its own: the services it calls commit their own.
import { randomBytes } from 'node:crypto';
import { hostname, userInfo } from 'node:os';
import { AppError, toAppError } from '../../kernel/errors.js';
import type { Store } from '../../kernel/ports.js';
import { type Caller, localOperator, requireRole } from '../../kernel/require-role.js';
import type { Account, AccountState, Role } from '../../kernel/types.js';
import type { UnitOfWork } from '../../platform/db/unit-of-work.js';
import type { AccountService } from '../accounts/index.js';
import type { TermsChange, UsageQuery, UsageService } from '../accounting/index.js';
import type { PeerService } from '../federation/index.js';
import type { GroupService, MembershipService } from '../groups/index.js';
import type { AccountFilter, AuditEntry, AuditQuery, Page } from './admin-types.js';
import { serviceStatistics } from './statistics.js';
import type { PolicyAdministration } from '../policy/index.js';

export const maxResults = 100;

/** Who the audit log names: the admin's address, or the shell user running the CLI. */
function actorOf(caller: Caller): string {
  if (caller === localOperator) {
    let user = 'operator';
    try {
      user = userInfo().username;
    } catch {
      // No passwd entry for this uid (a container): "operator" it is.
    }
    return `cli:${user}@${hostname()}`;
  }
  return (caller as Account).address;
}

function checkedLimit(limit: number | undefined): number {
  if (limit === undefined) return maxResults;
  if (!Number.isSafeInteger(limit) || limit < 1 || limit > maxResults) throw new AppError('SVC0002', [`maxResults (1 to ${maxResults})`]);
  return limit;
}

function checkedAfterId(afterId: number | undefined): number {
  if (afterId === undefined) return 0;
  if (!Number.isSafeInteger(afterId) || afterId < 0) throw new AppError('SVC0002', ['afterId']);
  return afterId;
}

export interface AdminDependencies {
  readonly store: Store;
  readonly work: UnitOfWork;
  readonly clock: () => number;
  readonly accounts: AccountService;
  readonly usage: UsageService;
  readonly peers: PeerService;
  readonly groups: Pick<GroupService, 'setPublicChat' | 'rooms' | 'close'>;
  readonly membership: Pick<MembershipService, 'removeEverywhere'>;
  readonly policy: PolicyAdministration;
}

export function adminService(deps: AdminDependencies) {
  const { store, work, accounts, usage } = deps;

  /** Runs an action for an admin and writes its audit entry, whether it succeeds or fails. */
  async function audited<T>(caller: Caller, action: string, target: string | undefined, detail: string | undefined, act: () => Promise<T>) {
    requireRole(caller, 'admin');
    const entry = { actor: actorOf(caller), action, target, detail };
    try {
      const result = await act();
      await work.run(({ tx, now }) => tx.audit.append({ ...entry, at: now, outcome: 'ok' }));
      return result;
    } catch (error) {
      const code = toAppError(error).code;
      await work.run(({ tx, now }) => tx.audit.append({ ...entry, at: now, outcome: code }));
      throw error;
    }
  }

  async function account(address: string): Promise<Account> {
    const found = await store.accounts.findByAddress(address.trim().toLowerCase());
    if (!found) throw new AppError('SVC9002', [address]);
    return found;
  }

  async function accountPage(filter: AccountFilter, limit: number): Promise<Page<Account>> {
    const ids = await store.monitoring.accountIds(filter, limit + 1);
    const more = ids.length > limit;
    const shown = more ? ids.slice(0, limit) : ids;
    const items: Account[] = [];
    for (const id of shown) {
      const found = await store.accounts.findById(id);
      if (found) items.push(found);
    }
    return { items, nextAfterId: more ? shown[shown.length - 1] : undefined };
  }

  /** The peer service with every change audited: the Administration service's peer operations use it. */
  const peers: PeerService = {
    add: (caller, input) => audited(caller, 'AddPeer', input.domain, input.endpoint, () => deps.peers.add(caller, input)),
    list: (caller) => deps.peers.list(caller),
    remove: (caller, domain) => audited(caller, 'RemovePeer', domain, undefined, () => deps.peers.remove(caller, domain)),
  };

  /** The policy operations with every change audited: the Administration service's limits, filters, switches. */
  const scoped = (scope: string, subject: string | undefined) => (subject ? `${scope} ${subject}` : scope);
  const policy: PolicyAdministration = {
    setLimit: (caller, scope, subject, name, raw) =>
      audited(caller, 'SetLimit', scoped(scope, subject), `${name}=${raw}`, () => deps.policy.setLimit(caller, scope, subject, name, raw)),
    removeLimit: (caller, scope, subject, name) =>
      audited(caller, 'RemoveLimit', scoped(scope, subject), name, () => deps.policy.removeLimit(caller, scope, subject, name)),
    listLimits: (caller) => deps.policy.listLimits(caller),
    addFilter: (caller, owner, criteria, treatment, argument) =>
      audited(caller, 'AddFilter', owner ?? 'system', treatment, () => deps.policy.addFilter(caller, owner, criteria, treatment, argument)),
    removeFilter: (caller, id, owner) =>
      audited(caller, 'RemoveFilter', owner ?? 'system', `#${id}`, () => deps.policy.removeFilter(caller, id, owner)),
    listFilters: (caller) => deps.policy.listFilters(caller),
    setSwitch: (caller, kind, scope, subject, on) =>
      audited(caller, 'SetSwitch', scoped(scope, subject), `${kind} ${on ? 'on' : 'off'}`, () =>
        deps.policy.setSwitch(caller, kind, scope, subject, on),
      ),
    listSwitches: (caller) => deps.policy.listSwitches(caller),
  };

  return {
    peers,
    policy,

    /** ListAccounts: a page of accounts in id order, of one state or role if given. */
    async list(
      caller: Caller,
      filter: { state?: AccountState | undefined; role?: Role | undefined; afterId?: number | undefined; limit?: number | undefined },
    ): Promise<Page<Account>> {
      requireRole(caller, 'admin');
      return accountPage(
        { afterId: checkedAfterId(filter.afterId), state: filter.state, role: filter.role, text: undefined },
        checkedLimit(filter.limit),
      );
    },

    /** SearchAccounts: accounts whose address or number contains `text`. */
    async search(caller: Caller, text: string, afterId?: number, limit?: number): Promise<Page<Account>> {
      requireRole(caller, 'admin');
      const needle = text.trim().toLowerCase();
      if (needle === '' || needle.length > 320) throw new AppError('SVC0002', ['text (1 to 320 characters)']);
      return accountPage({ afterId: checkedAfterId(afterId), state: undefined, role: undefined, text: needle }, checkedLimit(limit));
    },

    async show(caller: Caller, address: string) {
      requireRole(caller, 'admin');
      return { account: await account(address), charging: await usage.terms(caller, address) };
    },

    suspend: (caller: Caller, address: string) =>
      audited(caller, 'SuspendAccount', address, undefined, async () => {
        await accounts.suspend(address);
        return account(address);
      }),

    resume: (caller: Caller, address: string) =>
      audited(caller, 'ResumeAccount', address, undefined, async () => {
        await accounts.reinstate(address);
        return account(address);
      }),

    /** ResetPassword: the given password, or a new random one returned once. */
    resetPassword: (caller: Caller, address: string, password: string | undefined) =>
      audited(caller, 'ResetPassword', address, password === undefined ? 'generated' : 'given', async () => {
        const chosen = password ?? randomBytes(12).toString('base64url');
        await accounts.setPassword(address, chosen);
        return password === undefined ? chosen : undefined;
      }),

    delete: (caller: Caller, address: string) =>
      audited(caller, 'RemoveAccount', address, undefined, async () => {
        await accounts.remove(address);
        return true;
      }),

    setCharging: (caller: Caller, address: string, change: TermsChange) =>
      audited(caller, 'SetCharging', address, JSON.stringify(change), () => usage.setTerms(caller, address, change)),

    exportUsage: (caller: Caller, query: UsageQuery, pageSize: number) =>
      audited(caller, 'ExportUsage', undefined, JSON.stringify(query), () => usage.page(caller, query, pageSize)),

    /** The CLI's streaming export: how many records, and the records, up to a settled record id. */
    streamUsage: (caller: Caller, query: UsageQuery) =>
      audited(caller, 'ExportUsage', undefined, JSON.stringify(query), async () => {
        const { total, upTo } = await usage.count(caller, query);
        return { total, records: usage.export(caller, query, upTo) };
      }),

    /** Whether public chat rooms are open (5.17), read from the groups module's switch. */
    async publicChat(caller: Caller): Promise<boolean> {
      requireRole(caller, 'admin');
      return store.groups.publicChatEnabled();
    },

    /** The server-wide public chat switch (5.17), through the groups service; audited. */
    setPublicChat: (caller: Caller, enabled: boolean) =>
      audited(caller, 'SetPublicChat', undefined, enabled ? 'on' : 'off', () => deps.groups.setPublicChat(caller, enabled)),

    /** Open groups, public rooms only unless `includePrivate`, by name: a page of the groups service's directory. */
    async groups(caller: Caller, query: string | undefined, offset: number, limit: number, includePrivate: boolean) {
      requireRole(caller, 'admin');
      return deps.groups.rooms(caller, query, offset, limit, includePrivate);
    },

    /** Closes any group at once (PP-40); its members are told; audited. */
    closeGroup: (caller: Caller, groupId: string, reason: string | undefined) =>
      audited(caller, 'CloseGroup', groupId, reason, () => deps.groups.close(caller, groupId, reason)),

    /** Kicks (or bans) an account out of every group it is in, except those it owns; audited. */
    removeFromGroups: (caller: Caller, address: string, ban: boolean, reason: string | undefined) =>
      audited(caller, ban ? 'BanFromAllGroups' : 'KickFromAllGroups', address, reason, async () =>
        deps.membership.removeEverywhere(caller, await account(address), ban, reason),
      ),

    async statistics(caller: Caller) {
      requireRole(caller, 'admin');
      return serviceStatistics(store, deps.clock());
    },

    async auditLog(
      caller: Caller,
      query: Omit<AuditQuery, 'afterId'> & { afterId?: number | undefined },
      limit?: number,
    ): Promise<Page<AuditEntry>> {
      requireRole(caller, 'admin');
      const n = checkedLimit(limit);
      const entries = await store.audit.page({ ...query, afterId: checkedAfterId(query.afterId) }, n + 1);
      const more = entries.length > n;
      const items = more ? entries.slice(0, n) : entries;
      return { items, nextAfterId: more ? items[items.length - 1]!.id : undefined };
    },
  };
}

export type AdminService = ReturnType<typeof adminService>;
