// The policy services (docs/operations.md): the operator's limits, filters and switches (the CLI today, the
// Administration service next), and what a user may do about their own traffic (the Policy service):
// GetQuotaStatus, their own inbox filters, pausing and resuming their own delivery (PP-11).
import { parseAddress } from '../../kernel/addresses.js';
import { AppError } from '../../kernel/errors.js';
import type { Clock, Store } from '../../kernel/ports.js';
import { type Caller, requireRole } from '../../kernel/require-role.js';
import { type Account, roles } from '../../kernel/types.js';
import type { UnitOfWork } from '../../platform/db/unit-of-work.js';
import { checkFilter, type Filter, type FilterCriteria } from './filter-rules.js';
import { isLimitName, isPeerLimit, limitCatalog, type LimitScope, limitScopes, overflowPolicies } from './limit-catalog.js';
import type { LimitRule, SwitchKind, SwitchRule, SwitchScope } from './ports.js';
import { type QuotaLine, quotaLines } from './quota.js';
import { domainOf, Rules } from './rules.js';

export const switchKinds: readonly SwitchKind[] = ['submission', 'delivery', 'reports'];
export const switchScopes: readonly SwitchScope[] = ['service', 'domain', 'account', 'peer', 'destination'];

export interface QuotaStatus {
  readonly lines: readonly QuotaLine[];
  /** Where submission is switched off for the caller, if it is. */
  readonly submissionOff: SwitchRule | undefined;
  /** Where delivery is held for the caller (by the operator, or by the caller: setBy user), if it is. */
  readonly deliveryOff: SwitchRule | undefined;
  /** Messages a `store` filter holds for the caller, until ReleaseStoredMessages. */
  readonly storedMessages: number;
}

/** A filter with its owner's address (undefined: a system filter). */
export interface ListedFilter extends Filter {
  readonly owner: string | undefined;
}

const domainPattern = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/;
const typePattern = /^[a-z0-9!#$&^_.+-]+\/([a-z0-9!#$&^_.+-]+|\*)$/;

function checkDomain(domain: string, what: string): string {
  const d = domain.trim().toLowerCase();
  if (!domainPattern.test(d) || d.length > 253) throw new AppError('SVC7006', [`${what} "${domain}" is not a domain name`]);
  return d;
}

/** The value of a limit checked against its kind: a count, a list of content types or an overflow policy. */
function limitValue(name: string, raw: string): { value: number | undefined; text: string | undefined } {
  if (!isLimitName(name)) throw new AppError('SVC7001', [name, [...limitCatalog.keys()].join(', ')]);
  const kind = limitCatalog.get(name)!.kind;
  if (kind === 'types') {
    const types = raw.split(',').map((t) => t.trim().toLowerCase());
    if (types.some((t) => !typePattern.test(t))) throw new AppError('SVC7002', [raw, name, 'give type/subtype or type/*, comma-separated']);
    return { value: undefined, text: types.join(',') };
  }
  if (kind === 'overflow') {
    if (!(overflowPolicies as readonly string[]).includes(raw))
      throw new AppError('SVC7002', [raw, name, `one of ${overflowPolicies.join(', ')}`]);
    return { value: undefined, text: raw };
  }
  const value = Number(raw);
  const min = kind === 'rate' || kind === 'burst' ? 1 : 0;
  if (!/^\d{1,15}$/.test(raw.trim()) || value < min) throw new AppError('SVC7002', [raw, name, `a whole number >= ${min}`]);
  return { value, text: undefined };
}

export function policyService(store: Store, work: UnitOfWork, clock: Clock, options: { readonly filtersPerUser: number }) {
  /** The scope's subject, normalized and checked: an existing account, a role, a domain. */
  async function subjectOf(scope: string, subject: string | undefined): Promise<string> {
    if (!(limitScopes as readonly string[]).includes(scope) && scope !== 'service' && scope !== 'destination')
      throw new AppError('SVC7006', [`"${scope}" is not a scope`]);
    if (scope === 'system' || scope === 'service') {
      if (subject) throw new AppError('SVC7006', [`${scope} takes no subject`]);
      return '';
    }
    if (!subject) throw new AppError('SVC7006', [`${scope} needs a subject`]);
    if (scope === 'role') {
      if (!(roles as readonly string[]).includes(subject)) throw new AppError('SVC7006', [`role must be one of ${roles.join(', ')}`]);
      return subject;
    }
    if (scope === 'account') {
      const account = await store.accounts.findByAddress(subject.trim().toLowerCase());
      if (!account) throw new AppError('SVC2002', [subject]);
      return account.address;
    }
    if (scope === 'destination' && subject.includes('@')) {
      const parsed = parseAddress(subject);
      if (parsed.kind !== 'im') throw new AppError('SVC7006', [`destination "${subject}" is neither an address nor a domain`]);
      return parsed.address;
    }
    return checkDomain(subject, scope);
  }

  async function ownerOf(address: string | undefined): Promise<Account | undefined> {
    if (address === undefined) return undefined;
    const account = await store.accounts.findByAddress(address.trim().toLowerCase());
    if (!account) throw new AppError('SVC2002', [address]);
    return account;
  }

  function checkedSwitch(kind: string, scope: string): { kind: SwitchKind; scope: SwitchScope } {
    if (!(switchKinds as readonly string[]).includes(kind))
      throw new AppError('SVC7005', [`kind must be one of ${switchKinds.join(', ')}`]);
    if (!(switchScopes as readonly string[]).includes(scope))
      throw new AppError('SVC7005', [`scope must be one of ${switchScopes.join(', ')}`]);
    if (kind === 'reports' ? scope !== 'service' && scope !== 'destination' : scope === 'destination')
      throw new AppError('SVC7005', [
        'reports switch per destination or for the service; submission and delivery per service, domain, account or peer',
      ]);
    return { kind: kind as SwitchKind, scope: scope as SwitchScope };
  }

  async function rules(): Promise<Rules> {
    return new Rules(await store.policy.version(), await store.policy.rules());
  }

  async function addFilter(owner: Account | undefined, criteria: FilterCriteria, treatment: string, argument: string | undefined) {
    const checked = checkFilter(criteria, treatment, argument);
    // A redirect goes to an address (user@domain or tel:+E164), folded as addresses are; a tag is kept as given.
    const parsed = checked === 'redirect' ? parseAddress(argument!) : undefined;
    const target = !parsed
      ? argument?.trim()
      : parsed.kind === 'im'
        ? parsed.address
        : parsed.kind === 'tel'
          ? `tel:${parsed.msisdn}`
          : undefined;
    if (parsed && target === undefined) throw new AppError('SVC7003', [`redirectTo ${argument!} is not an address: write user@domain`]);
    return work.run(({ tx, now }) => tx.policy.addFilter(owner?.id, criteria, checked, target, now));
  }

  /** Every limit that applies to the caller, what is left and when it resets (nothing is counted). */
  async function quotaStatus(caller: Account): Promise<QuotaStatus> {
    const current = await rules();
    const domain = domainOf(caller.address);
    const now = clock();
    const lines = await quotaLines(store, current.limitsFor(caller), caller.id, now);
    return {
      lines,
      storedMessages: await store.policy.countHeld(caller.id, now),
      submissionOff: current.off('submission', [
        ['service', ''],
        ['domain', domain],
        ['account', caller.address],
      ]),
      deliveryOff: current.off('delivery', [
        ['service', ''],
        ['domain', domain],
        ['account', caller.address],
      ]),
    };
  }

  return {
    // The operator ----------------------------------------------------------------------------------------
    async setLimit(caller: Caller, scope: string, subject: string | undefined, name: string, raw: string): Promise<LimitRule> {
      requireRole(caller, 'admin');
      const checked = limitValue(name, raw.trim());
      const limitName = name as LimitRule['name'];
      if (scope === 'peer' ? !isPeerLimit(limitName) : isPeerLimit(limitName) && scope !== 'system')
        throw new AppError('SVC7006', [`${name} is set per peer (or system-wide); the others are not set per peer`]);
      const rule: LimitRule = { scope: scope as LimitScope, subject: await subjectOf(scope, subject), name: limitName, ...checked };
      await work.run(({ tx, now }) => tx.policy.setLimit(rule, now));
      return rule;
    },

    async removeLimit(caller: Caller, scope: string, subject: string | undefined, name: string): Promise<boolean> {
      requireRole(caller, 'admin');
      if (!isLimitName(name)) throw new AppError('SVC7001', [name, [...limitCatalog.keys()].join(', ')]);
      const where = await subjectOf(scope, subject);
      return work.run(({ tx }) => tx.policy.removeLimit(scope as LimitScope, where, name));
    },

    async listLimits(caller: Caller): Promise<readonly LimitRule[]> {
      requireRole(caller, 'admin');
      return (await store.policy.rules()).limits;
    },

    /** A system filter (no owner), or one on a user's inbox. */
    async addFilter(caller: Caller, owner: string | undefined, criteria: FilterCriteria, treatment: string, argument: string | undefined) {
      requireRole(caller, 'admin');
      return addFilter(await ownerOf(owner), criteria, treatment, argument);
    },

    async removeFilter(caller: Caller, id: number, owner: string | undefined): Promise<boolean> {
      requireRole(caller, 'admin');
      const account = await ownerOf(owner);
      return work.run(({ tx }) => tx.policy.removeFilter(id, account?.id));
    },

    async listFilters(caller: Caller): Promise<ListedFilter[]> {
      requireRole(caller, 'admin');
      const filters = (await store.policy.rules()).filters;
      const owners = new Map<number, string>();
      for (const f of filters)
        if (f.ownerId !== undefined && !owners.has(f.ownerId))
          owners.set(f.ownerId, (await store.accounts.findById(f.ownerId))?.address ?? '?');
      return filters.map((f) => ({ ...f, owner: f.ownerId === undefined ? undefined : owners.get(f.ownerId) }));
    },

    /** Turns a switch off (`on` false) or back on; true when that changed anything. */
    async setSwitch(caller: Caller, kind: string, scope: string, subject: string | undefined, on: boolean): Promise<boolean> {
      requireRole(caller, 'admin');
      const checked = checkedSwitch(kind, scope);
      const rule: SwitchRule = { ...checked, subject: await subjectOf(scope, subject), setBy: 'operator' };
      return work.run(({ tx, now }) => (on ? tx.policy.switchOn(rule) : tx.policy.switchOff(rule, now)));
    },

    async listSwitches(caller: Caller): Promise<readonly SwitchRule[]> {
      requireRole(caller, 'admin');
      return (await store.policy.rules()).switches;
    },

    // The user ---------------------------------------------------------------------------------------------
    /** Every limit that applies to the caller, what is left and when it resets (nothing is counted). */
    quotaStatus,

    /** The operator's view of one account's quota status (`imwsi limits show`). */
    async quotaStatusOf(caller: Caller, address: string): Promise<QuotaStatus> {
      requireRole(caller, 'admin');
      const account = await ownerOf(address);
      return quotaStatus(account!);
    },

    ownFilters: async (caller: Account): Promise<readonly Filter[]> => (await rules()).ownFilters(caller.id),

    /** A user's own filter, at most `filtersPerUser` of them (each one runs on every message to them). */
    async addOwnFilter(caller: Account, criteria: FilterCriteria, treatment: string, argument: string | undefined) {
      if ((await rules()).ownFilters(caller.id).length >= options.filtersPerUser) throw new AppError('POL7009', [options.filtersPerUser]);
      return addFilter(caller, criteria, treatment, argument);
    },

    async removeOwnFilter(caller: Account, id: number): Promise<void> {
      if (!(await work.run(({ tx }) => tx.policy.removeFilter(id, caller.id)))) throw new AppError('SVC7004', [id]);
    },

    /** PP-25: hands out the messages a `store` filter holds for the caller; how many. */
    releaseStored: (caller: Account): Promise<number> =>
      work.run(async (w) => {
        const released = await w.tx.policy.releaseHeld(caller.id);
        if (released > 0) w.wake([caller.id]);
        return released;
      }),

    /** PP-11: the user's own delivery paused (`on` false) or resumed; messages are kept up to their expiry. */
    async setOwnDelivery(caller: Account, on: boolean): Promise<void> {
      const rule: SwitchRule = { kind: 'delivery', scope: 'account', subject: caller.address, setBy: 'user' };
      await work.run(({ tx, now }) => (on ? tx.policy.switchOn(rule) : tx.policy.switchOff(rule, now)));
    },
  };
}

export type PolicyService = ReturnType<typeof policyService>;
