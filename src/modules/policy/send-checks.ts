// The policy checks of SendMessages, through messaging's hooks (docs/operations.md):
// - submission, per message: the submission switches (PP-10), then the sender's limits: size, content
//   types, messages and recipients per period, the sending rate, and per-peer rates in and out (PP2-12).
//   Over a limit, the whole request is refused with a PolicyException carrying the limit, the use and the
//   reset time; what it counted rolls back with it.
// - admission, per local recipient: filters (the operator's, then the recipient's own), then the receive
//   limits: inbox depth with the operator's overflow policy, and the incoming rate. A refusal is that
//   recipient's answer; a message is never answered "queued" unless it is kept.
import { AppError } from '../../kernel/errors.js';
import type { Account, OutboundMessage } from '../../kernel/types.js';
import type { Work } from '../../platform/db/unit-of-work.js';
import type { AdmissionHook, AdmissionOutcome, RecipientEntry, SubmissionHook } from '../messaging/index.js';
import { isUnavailableForMessages } from '../presence/index.js';
import { filterMatches, needsAvailability, typeMatches, type Filter } from './filter-rules.js';
import type { Counted } from './limit-catalog.js';
import { limitCatalog, type OverflowPolicy } from './limit-catalog.js';
import type { LimitRule, SwitchRule, SwitchScope } from './ports.js';
import { accountSubject, bucketCharge, type Charge, chargeAll, labelOf, overLimit, peerSubject, windowCharge } from './quota.js';
import { type Applied, domainOf, type RulesSource } from './rules.js';

/** What /metrics counts (metrics.ts). */
export interface PolicyEvents {
  /** A request or a recipient refused, by reason (a limit name, `switch`, `filter`). */
  refused(reason: string): void;
  /** A refusal for going too fast (a rate or a per-period count), by limit. */
  throttled(limit: string): void;
  /** Units counted against a limit (quota use). */
  counted(limit: string, amount: number): void;
}

/** Where a switch was turned off, in the user's words. */
export const switchPlace = (rule: SwitchRule) => (rule.scope === 'service' ? 'the whole service' : `${rule.scope} ${rule.subject}`);

/** The limits of one kind that apply, as charges of `amount`. */
function windowCharges(applied: Applied, counts: Counted, subject: string, amount: number, now: number): Charge[] {
  const charges: Charge[] = [];
  for (const [name, rule] of applied) {
    const kind = limitCatalog.get(name)!;
    if (kind.kind === 'window' && kind.counts === counts && rule.value !== undefined)
      charges.push(windowCharge(rule, subject, amount, now));
  }
  return charges;
}

/** Counts and throws the first limit passed (the unit of work rolls the counts back). */
async function chargeOrThrow(work: Work, charges: readonly Charge[], events: PolicyEvents): Promise<void> {
  const over = await chargeAll(work.tx, charges);
  if (!over) {
    for (const c of charges) events.counted(c.rule.name, c.bump.amount);
    return;
  }
  events.throttled(over.charge.rule.name);
  events.refused(over.charge.rule.name);
  throw overLimit(over.charge, over.used, work.now);
}

function checkContent(applied: Applied, message: OutboundMessage, events: PolicyEvents): void {
  const size = applied.get('message.bytes');
  if (size?.value !== undefined && message.content.length > size.value) {
    events.refused('message.bytes');
    throw new AppError('POL7002', [message.content.length, labelOf(size), size.value]);
  }
  const allow = applied.get('content.allow');
  const deny = applied.get('content.deny');
  if (!allow && !deny) return;
  const listed = (rule: LimitRule | undefined) =>
    (rule?.text ?? '').split(',').some((t) => t !== '' && typeMatches(t, message.contentType));
  const refusedBy = allow && !listed(allow) ? allow : deny && listed(deny) ? deny : undefined;
  if (refusedBy) {
    events.refused(refusedBy.name);
    throw new AppError('POL7003', [message.contentType, labelOf(refusedBy)]);
  }
}

/** The peer domain a message comes from: its original sender's, when a peer forwards it. */
const peerOf = (message: OutboundMessage) => (message.originator ? domainOf(message.originator) : undefined);

export function submissionCheck(rulesOf: RulesSource, events: PolicyEvents): SubmissionHook {
  return (work: Work, sender: Account) => {
    // What the request counts, summed per counter: one statement for the whole request, at `finish`.
    const pending = new Map<string, Charge>();
    const add = (charge: Charge) => {
      const earlier = pending.get(charge.bump.key);
      pending.set(
        charge.bump.key,
        earlier ? { ...earlier, bump: { ...earlier.bump, amount: earlier.bump.amount + charge.bump.amount } } : charge,
      );
    };
    return {
      async check(message, _index, recipients: readonly RecipientEntry[]) {
        const rules = await rulesOf.forWork(work);
        if (rules.empty) return;
        const peer = peerOf(message);
        const where: [SwitchScope, string][] = [
          ['service', ''],
          ['domain', domainOf(sender.address)],
          ['account', sender.address],
        ];
        if (peer) where.push(['peer', peer]);
        const off = rules.off('submission', where);
        if (off) {
          events.refused('switch');
          throw new AppError('POL7008', [switchPlace(off)]);
        }
        if (!rules.hasLimits) return;
        const applied = rules.limitsFor(sender);
        checkContent(applied, message, events);
        const subject = accountSubject(sender.id);
        const { now } = work;
        windowCharges(applied, 'messages', subject, 1, now).forEach(add);
        windowCharges(applied, 'recipients', subject, recipients.length, now).forEach(add);
        if (applied.get('send.rate')?.value) add(bucketCharge(applied, subject, now));
        const peerIn = peer && rules.peerLimit('peer.in.minute', peer);
        if (peerIn && peerIn.value !== undefined) add(windowCharge(peerIn, peerSubject(peer), 1, now));
        // Recipients in other domains, per domain: a domain with a peer.out limit counts them.
        const outbound = new Map<string, number>();
        for (const entry of recipients)
          if (typeof entry === 'string' && entry.includes('@')) outbound.set(domainOf(entry), (outbound.get(domainOf(entry)) ?? 0) + 1);
        for (const [domain, count] of outbound) {
          const rule = rules.peerLimit('peer.out.minute', domain);
          // A system-wide peer limit counts only domains routed to a peer: a counter per made-up domain would
          // let a sender grow the table at will.
          const counted = rule?.value !== undefined && (rule.scope === 'peer' || (await work.tx.peers.find(domain))?.endpointUrl);
          if (counted) add(windowCharge(rule, peerSubject(domain), count, now));
        }
      },
      finish: () => chargeOrThrow(work, [...pending.values()], events),
    };
  };
}

/** A filter's treatment as the recipient's admission outcome. */
function treated(filter: Filter, recipient: Account): AdmissionOutcome {
  switch (filter.treatment) {
    case 'reject':
      return { status: 'failed', code: 'POL7007', text: new AppError('POL7007', [recipient.address]).message };
    case 'rejectSilent':
      // The same answer as a block or "only from contacts": the sender cannot tell a filter exists.
      return { status: 'failed', code: 'POL3001', text: new AppError('POL3001', [recipient.address]).message };
    case 'redirect':
      return { status: 'redirected', address: filter.argument! };
    case 'tag':
      return { status: 'tagged', tag: filter.argument! };
    case 'discard':
      return { status: 'withheld' };
    case 'store':
      return { status: 'stored' };
  }
}

const refusal = (code: 'POL7005' | 'POL7006', error: AppError): AdmissionOutcome => ({ status: 'failed', code, text: error.message });

export function policyAdmission(rulesOf: RulesSource, events: PolicyEvents): AdmissionHook {
  return (work: Work) => {
    // Messages this request already admitted per inbox: they are stored after the last message is checked.
    const added = new Map<number, number>();

    async function depthRefusal(recipient: Account, applied: Applied): Promise<AdmissionOutcome | undefined> {
      const depth = applied.get('inbox.depth');
      if (depth?.value === undefined) return undefined;
      const already = added.get(recipient.id) ?? 0;
      const held = (await work.tx.policy.inboxDepth(recipient.id, work.now)) + already;
      if (held < depth.value) return undefined;
      const overflow = (applied.get('inbox.overflow')?.text ?? 'refuse') as OverflowPolicy;
      // Expire the oldest, unless the oldest are this request's own (not stored yet): then refuse.
      if (overflow === 'expire-oldest' && already < held && (await work.tx.policy.expireOldest(recipient.id, work.now))) return undefined;
      events.refused('inbox.depth');
      return refusal('POL7005', new AppError('POL7005', [recipient.address, depth.value]));
    }

    return {
      prepare: () => Promise.resolve(),
      async check(recipient, _hideSender, senderAddress, message) {
        const rules = await rulesOf.forWork(work);
        if (rules.empty) return undefined;
        const filters = rules.filtersFor(recipient.id);
        // The presence read only when a filter asks for the recipient's availability.
        const recipientAvailable = needsAvailability(filters)
          ? !isUnavailableForMessages((await work.tx.presence.find([recipient.id]))[0])
          : undefined;
        const facts = { sender: senderAddress, recipient: recipient.address, ...message, now: work.now, recipientAvailable };
        for (const filter of filters)
          if (filterMatches(filter.criteria, facts)) {
            events.refused(`filter.${filter.treatment}`);
            return treated(filter, recipient);
          }
        if (!rules.hasLimits) return undefined;
        const applied = rules.limitsFor(recipient);
        const full = await depthRefusal(recipient, applied);
        if (full) return full;
        const charges = windowCharges(applied, 'received', accountSubject(recipient.id), 1, work.now);
        const over = await chargeAll(work.tx, charges);
        if (over) {
          // Not admitted: take back what this recipient counted, and answer for this recipient only.
          await work.tx.policy.bump(charges.map((c) => ({ ...c.bump, amount: -c.bump.amount })));
          events.throttled(over.charge.rule.name);
          events.refused(over.charge.rule.name);
          const error = overLimit(over.charge, over.used, work.now);
          const [label, , limit, resetsAt] = error.variables;
          return refusal('POL7006', new AppError('POL7006', [recipient.address, label!, limit!, resetsAt!]));
        }
        for (const c of charges) events.counted(c.rule.name, 1);
        added.set(recipient.id, (added.get(recipient.id) ?? 0) + 1);
        return undefined;
      },
    };
  };
}

/** Presence publications and group messages per minute (MO-2): counted apart from messaging. */
export function trafficCheck(rulesOf: RulesSource, counts: Counted, events: PolicyEvents) {
  return async (work: Work, caller: Account): Promise<void> => {
    const rules = await rulesOf.forWork(work);
    if (!rules.hasLimits) return;
    await chargeOrThrow(work, windowCharges(rules.limitsFor(caller), counts, accountSubject(caller.id), 1, work.now), events);
  };
}
