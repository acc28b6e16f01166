// The storage port of the policy module: PolicyRepository. Its knex/ folder implements it; the declaration
// below adds it to the kernel's Repositories, which a unit of work hands to services.
import type { Filter, FilterCriteria, Treatment } from './filter-rules.js';
import type { LimitName, LimitScope } from './limit-catalog.js';

export interface LimitRule {
  readonly scope: LimitScope;
  /** '' for system; a domain, a role, an address or a peer domain. */
  readonly subject: string;
  readonly name: LimitName;
  readonly value: number | undefined;
  readonly text: string | undefined;
}

export type SwitchKind = 'submission' | 'delivery' | 'reports';
export type SwitchScope = 'service' | 'domain' | 'account' | 'peer' | 'destination';

/** A switch turned off. */
export interface SwitchRule {
  readonly kind: SwitchKind;
  readonly scope: SwitchScope;
  /** '' for service. */
  readonly subject: string;
  readonly setBy: 'operator' | 'user';
}

export interface RuleSet {
  readonly limits: readonly LimitRule[];
  readonly filters: readonly Filter[];
  readonly switches: readonly SwitchRule[];
}

/** One counter change: a fixed window (rate 0) or a token bucket draining `rate` per ms. */
export interface CounterBump {
  readonly key: string;
  /** The window's start, or for a bucket the time of this change. */
  readonly windowStart: number;
  readonly amount: number;
  readonly rate: number;
}

export interface Counter {
  readonly windowStart: number;
  readonly used: number;
}

export interface PolicyRepository {
  /** Bumped by every change of limits, filters and switches: gateways reload their cached rules when it moves. */
  version(): Promise<number>;
  rules(): Promise<RuleSet>;
  setLimit(rule: LimitRule, now: number): Promise<void>;
  removeLimit(scope: LimitScope, subject: string, name: LimitName): Promise<boolean>;
  addFilter(
    ownerId: number | undefined,
    criteria: FilterCriteria,
    treatment: Treatment,
    argument: string | undefined,
    now: number,
  ): Promise<number>;
  /** Removes a filter of this owner (undefined: a system filter). */
  removeFilter(id: number, ownerId: number | undefined): Promise<boolean>;
  /** Turns a switch off; false when it already was. */
  switchOff(rule: SwitchRule, now: number): Promise<boolean>;
  /** Turns a switch back on; false when it was not off. */
  switchOn(rule: SwitchRule): Promise<boolean>;
  /** An account is removed: its limits, switches and filters go, so a later account of that address starts clean. */
  forgetAccount(accountId: number, address: string, counterSuffix: string): Promise<void>;
  /**
   * Applies the changes in one statement and returns each counter's value after it. The row stays locked
   * until commit (PostgreSQL), so two gateways counting one account take turns and never both pass the limit.
   */
  bump(bumps: readonly CounterBump[]): Promise<Map<string, number>>;
  counters(keys: readonly string[]): Promise<Map<string, Counter>>;
  /** Lets a recipient's held entries (stored by a filter) be handed out; how many. */
  releaseHeld(accountId: number): Promise<number>;
  /** Entries a filter holds in an inbox (the inbox module's table), unexpired. */
  countHeld(accountId: number, now: number): Promise<number>;
  /** Unexpired entries in an inbox (the inbox module's table: the depth limit is decided in the send's transaction). */
  inboxDepth(accountId: number, now: number): Promise<number>;
  /** Expires the oldest unexpired entry of an inbox now (the expiry sweep settles and reports it); false if none. */
  expireOldest(accountId: number, now: number): Promise<boolean>;
}

declare module '../../kernel/ports.js' {
  interface Repositories {
    readonly policy: PolicyRepository;
  }
}
