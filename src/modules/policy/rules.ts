// The rules in force, cached per gateway and reloaded when the database's rule version moves (any change, from
// any gateway or the CLI, bumps it in the same transaction), so a send reads one number, not three tables.
import type { Repositories } from '../../kernel/ports.js';
import type { Work } from '../../platform/db/unit-of-work.js';
import type { Account } from '../../kernel/types.js';
import type { Filter } from './filter-rules.js';
import type { LimitName, LimitScope } from './limit-catalog.js';
import type { LimitRule, RuleSet, SwitchKind, SwitchRule, SwitchScope } from './ports.js';

/** A limit in force for someone, and where it was set (the most specific scope that sets it). */
export type Applied = ReadonlyMap<LimitName, LimitRule>;

/** The domain part of an address (accounts' addresses are stored lower case). */
export const domainOf = (address: string) => address.slice(address.lastIndexOf('@') + 1).toLowerCase();

const scopeKey = (scope: LimitScope, subject: string) => `${scope}\u0000${subject}`;
const switchKey = (kind: SwitchKind, scope: SwitchScope, subject: string) => `${kind}\u0000${scope}\u0000${subject}`;

export class Rules {
  private readonly limitsByScope = new Map<string, Map<LimitName, LimitRule>>();
  private readonly switchesOff = new Map<string, SwitchRule[]>();
  readonly systemFilters: readonly Filter[];
  private readonly userFilters = new Map<number, Filter[]>();
  /** No limit, filter or switch at all: the checks can skip everything. */
  readonly empty: boolean;
  readonly hasLimits: boolean;

  constructor(
    readonly version: number,
    set: RuleSet,
  ) {
    for (const rule of set.limits) {
      const key = scopeKey(rule.scope, rule.subject);
      const map = this.limitsByScope.get(key) ?? new Map<LimitName, LimitRule>();
      map.set(rule.name, rule);
      this.limitsByScope.set(key, map);
    }
    for (const rule of set.switches) {
      const key = switchKey(rule.kind, rule.scope, rule.subject);
      this.switchesOff.set(key, [...(this.switchesOff.get(key) ?? []), rule]);
    }
    this.systemFilters = set.filters.filter((f) => f.ownerId === undefined);
    for (const f of set.filters)
      if (f.ownerId !== undefined) this.userFilters.set(f.ownerId, [...(this.userFilters.get(f.ownerId) ?? []), f]);
    this.hasLimits = set.limits.length > 0;
    this.empty = set.limits.length === 0 && set.filters.length === 0 && set.switches.length === 0;
  }

  /** limitsFor's answers for this version of the rules, per (role, address); bounded, cleared when full. */
  private readonly applied = new Map<string, Applied>();

  /** The limits that apply to an account: system, then its domain, its role, itself; the most specific wins. */
  limitsFor(account: Pick<Account, 'address' | 'role'>): Applied {
    const key = `${account.role}\u0000${account.address}`;
    let found = this.applied.get(key);
    if (!found) {
      if (this.applied.size >= 10_000) this.applied.clear();
      this.applied.set(key, (found = this.resolve(account)));
    }
    return found;
  }

  private resolve(account: Pick<Account, 'address' | 'role'>): Applied {
    const applied = new Map<LimitName, LimitRule>();
    for (const key of [
      scopeKey('system', ''),
      scopeKey('domain', domainOf(account.address)),
      scopeKey('role', account.role),
      scopeKey('account', account.address),
    ])
      for (const [name, rule] of this.limitsByScope.get(key) ?? []) if (!name.startsWith('peer.')) applied.set(name, rule);
    return applied;
  }

  /** A peer limit for a peer domain: the peer's own, else the system-wide one. */
  peerLimit(name: LimitName, domain: string): LimitRule | undefined {
    return this.limitsByScope.get(scopeKey('peer', domain))?.get(name) ?? this.limitsByScope.get(scopeKey('system', ''))?.get(name);
  }

  limitsAt(scope: LimitScope, subject: string): readonly LimitRule[] {
    return [...(this.limitsByScope.get(scopeKey(scope, subject))?.values() ?? [])];
  }

  /** The first switch of `kind` turned off among these (scope, subject) pairs, if any. */
  off(kind: SwitchKind, where: readonly (readonly [SwitchScope, string])[]): SwitchRule | undefined {
    for (const [scope, subject] of where) {
      const found = this.switchesOff.get(switchKey(kind, scope, subject));
      if (found) return found[0];
    }
    return undefined;
  }

  /** The operator's filters first (users cannot override them), then the recipient's own. */
  filtersFor(accountId: number): readonly Filter[] {
    const own = this.userFilters.get(accountId);
    return own ? [...this.systemFilters, ...own] : this.systemFilters;
  }

  ownFilters(accountId: number): readonly Filter[] {
    return this.userFilters.get(accountId) ?? [];
  }
}

/**
 * The cached rules, checked against the database's version: `forWork` once per unit of work (SendMessages'
 * submission and admission hooks share one look, in its transaction), `read` on every call (outside one).
 */
export function rulesCache() {
  let cached: Rules | undefined;
  const perUnit = new WeakMap<Work, Promise<Rules>>();
  async function read(tx: Repositories): Promise<Rules> {
    const version = await tx.policy.version();
    if (!cached || cached.version !== version) cached = new Rules(version, await tx.policy.rules());
    return cached;
  }
  function forWork(work: Work): Promise<Rules> {
    let rules = perUnit.get(work);
    if (!rules) perUnit.set(work, (rules = read(work.tx)));
    return rules;
  }
  return { read, forWork };
}

export type RulesSource = ReturnType<typeof rulesCache>;
