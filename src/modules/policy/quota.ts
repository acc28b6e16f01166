// Counting against limits (docs/operations.md "Limits"). Counters live in the database, in the caller's
// transaction: a refused request rolls its counts back with everything else, and on PostgreSQL the counter
// row stays locked until commit, so gateways sharing the database take turns and the limit holds across them.
// (Redis would save the statement but could not roll back with the request: a send refused later, or a
// crash before commit, would still have counted.)
import { AppError } from '../../kernel/errors.js';
import type { Repositories } from '../../kernel/ports.js';
import { isoTime } from '../../kernel/time.js';
import { type LimitName, limitCatalog } from './limit-catalog.js';
import type { CounterBump, LimitRule } from './ports.js';
import type { Applied } from './rules.js';

export const accountSubject = (accountId: number) => `a:${accountId}`;
export const peerSubject = (domain: string) => `p:${domain}`;
const keyOf = (name: LimitName, subject: string) => `${name}|${subject}`;

/** How a limit is shown: its name and where it was set. */
export const labelOf = (rule: LimitRule) => `${rule.name} (${rule.scope}${rule.subject ? ` ${rule.subject}` : ''})`;

const windowMs = (name: LimitName) => {
  const kind = limitCatalog.get(name)!;
  return kind.kind === 'window' ? kind.ms : 0;
};

/** One count against one limit. */
export interface Charge {
  readonly rule: LimitRule;
  readonly bump: CounterBump;
  /** The bucket's size (send.rate); undefined for a window. */
  readonly burst: number | undefined;
}

export function windowCharge(rule: LimitRule, subject: string, amount: number, now: number): Charge {
  const ms = windowMs(rule.name);
  return { rule, bump: { key: keyOf(rule.name, subject), windowStart: now - (now % ms), amount, rate: 0 }, burst: undefined };
}

const perMs = (perMinute: number) => perMinute / 60_000;
const burstOf = (applied: Applied) => applied.get('send.burst')?.value ?? Math.max(1, applied.get('send.rate')!.value ?? 1);

export function bucketCharge(applied: Applied, subject: string, now: number): Charge {
  const rule = applied.get('send.rate')!;
  return {
    rule,
    bump: { key: keyOf('send.rate', subject), windowStart: now, amount: 1, rate: perMs(rule.value ?? 0) },
    burst: burstOf(applied),
  };
}

/** What stopped a charge: the PolicyException to throw (or to answer per recipient). */
export function overLimit(charge: Charge, usedAfter: number, now: number): AppError {
  const { rule, bump } = charge;
  if (charge.burst !== undefined) {
    const retryAt = now + Math.ceil((usedAfter - charge.burst) / bump.rate);
    return new AppError('POL7004', [labelOf(rule), rule.value ?? 0, charge.burst, isoTime(retryAt)]);
  }
  return new AppError('POL7001', [
    labelOf(rule),
    usedAfter - bump.amount,
    rule.value ?? 0,
    isoTime(bump.windowStart + windowMs(rule.name)),
  ]);
}

/** Counts every charge in one statement; the first one past its limit, if any. */
export async function chargeAll(tx: Repositories, charges: readonly Charge[]): Promise<{ charge: Charge; used: number } | undefined> {
  if (charges.length === 0) return undefined;
  const after = await tx.policy.bump(charges.map((c) => c.bump));
  for (const charge of charges) {
    const used = after.get(charge.bump.key) ?? 0;
    // A bucket's level is fractional: allow for the float's last digits.
    if (used > (charge.burst ?? charge.rule.value ?? 0) + 1e-9) return { charge, used };
  }
  return undefined;
}

/** One line of GetQuotaStatus. */
export interface QuotaLine {
  readonly name: LimitName;
  readonly rule: LimitRule;
  readonly limit: number | undefined;
  readonly used: number | undefined;
  readonly remaining: number | undefined;
  readonly resetsAt: number | undefined;
}

/** Every limit that applies to an account, with what is used and left and when it resets; nothing is counted. */
export async function quotaLines(tx: Repositories, applied: Applied, accountId: number, now: number): Promise<QuotaLine[]> {
  const subject = accountSubject(accountId);
  const counters = await tx.policy.counters([...applied.keys()].map((name) => keyOf(name, subject)));
  const lines: QuotaLine[] = [];
  for (const [name, rule] of applied) {
    const kind = limitCatalog.get(name)!.kind;
    const limit = rule.value;
    const counter = counters.get(keyOf(name, subject));
    let used: number | undefined;
    let resetsAt: number | undefined;
    let cap = limit;
    if (kind === 'window') {
      const ms = windowMs(name);
      const start = now - (now % ms);
      used = counter && counter.windowStart === start ? counter.used : 0;
      resetsAt = start + ms;
    } else if (kind === 'rate') {
      const rate = perMs(limit ?? 0);
      const level = counter ? Math.max(0, counter.used - (now - counter.windowStart) * rate) : 0;
      cap = burstOf(applied);
      used = Math.ceil(level - 1e-9);
      resetsAt = rate > 0 ? now + Math.ceil(level / rate) : now;
    } else if (kind === 'depth') used = await tx.policy.inboxDepth(accountId, now);
    const remaining = used !== undefined && cap !== undefined ? Math.max(0, cap - used) : undefined;
    lines.push({ name, rule, limit: cap, used, remaining, resetsAt });
  }
  return lines;
}
