// The Policy service (wsdl/Policy.wsdl): a caller's quota status, own inbox filters, own delivery switch.
// Response objects are built in schema element order: node-soap serializes keys in object order.
import { AppError } from '../../kernel/errors.js';
import type { Account } from '../../kernel/types.js';
import { asObject, isoTime, optionalBoolean, optionalInt, optionalString, requiredString } from '../../platform/soap/codec.js';
import type { ServiceDefinition } from '../../platform/soap/mount.js';
import type { Filter, FilterCriteria } from './filter-rules.js';
import type { PolicyService, QuotaStatus } from './policy-service.js';

const stringCriteria = ['sender', 'senderDomain', 'recipient', 'contentType', 'priority', 'subject', 'text', 'hours'] as const;

export function decodeCriteria(raw: unknown): FilterCriteria {
  const c = asObject(raw, 'criteria');
  const criteria: Record<string, string | number | boolean> = {};
  for (const field of stringCriteria) {
    const value = optionalString(c[field], `criteria.${field}`);
    if (value !== undefined) criteria[field] = value;
  }
  for (const field of ['minBytes', 'maxBytes'] as const) {
    const value = optionalInt(c[field], `criteria.${field}`, Number.MAX_SAFE_INTEGER);
    if (value !== undefined) criteria[field] = value;
  }
  const available = optionalBoolean(c.recipientAvailable, 'criteria.recipientAvailable');
  if (available !== undefined) criteria.recipientAvailable = available;
  return criteria;
}

const encodeCriteria = (c: FilterCriteria) => ({
  ...(c.sender !== undefined ? { sender: c.sender } : {}),
  ...(c.senderDomain !== undefined ? { senderDomain: c.senderDomain } : {}),
  ...(c.recipient !== undefined ? { recipient: c.recipient } : {}),
  ...(c.contentType !== undefined ? { contentType: c.contentType } : {}),
  ...(c.minBytes !== undefined ? { minBytes: c.minBytes } : {}),
  ...(c.maxBytes !== undefined ? { maxBytes: c.maxBytes } : {}),
  ...(c.priority !== undefined ? { priority: c.priority } : {}),
  ...(c.subject !== undefined ? { subject: c.subject } : {}),
  ...(c.text !== undefined ? { text: c.text } : {}),
  ...(c.hours !== undefined ? { hours: c.hours } : {}),
  ...(c.recipientAvailable !== undefined ? { recipientAvailable: c.recipientAvailable } : {}),
});

export const encodeFilter = (f: Filter) => ({
  id: f.id,
  criteria: encodeCriteria(f.criteria),
  treatment: f.treatment,
  ...(f.treatment === 'redirect' ? { redirectTo: f.argument } : {}),
  ...(f.treatment === 'tag' ? { tag: f.argument } : {}),
});

const deliveryState = (status: QuotaStatus) =>
  !status.deliveryOff
    ? 'on'
    : status.deliveryOff.setBy === 'user' && status.deliveryOff.scope === 'account'
      ? 'pausedByYou'
      : 'heldByOperator';

export function policySoapService(policy: PolicyService): ServiceDefinition {
  const delivery = async (caller: Account) => ({ delivery: deliveryState(await policy.quotaStatus(caller)) });
  return {
    name: 'Policy',
    handlers: {
      // GetQuotaStatus: every limit that applies to the caller, what is left, when it resets.
      async GetQuotaStatus(_args, { caller }) {
        const status = await policy.quotaStatus(caller);
        return {
          quota: status.lines.map((l) => ({
            name: l.name,
            setAt: l.rule.scope === 'system' ? 'system' : `${l.rule.scope} ${l.rule.subject}`,
            ...(l.limit !== undefined ? { limit: l.limit } : {}),
            ...(l.rule.text !== undefined ? { value: l.rule.text } : {}),
            ...(l.used !== undefined ? { used: l.used } : {}),
            ...(l.remaining !== undefined ? { remaining: l.remaining } : {}),
            ...(l.resetsAt !== undefined ? { resetsAt: isoTime(l.resetsAt) } : {}),
          })),
          submissionAllowed: status.submissionOff === undefined,
          delivery: deliveryState(status),
          storedMessages: status.storedMessages,
        };
      },

      async GetInboxFilters(_args, { caller }) {
        return { filter: (await policy.ownFilters(caller)).map(encodeFilter) };
      },

      async AddInboxFilter(args, { caller }) {
        const treatment = requiredString(args.treatment, 'treatment');
        const redirectTo = optionalString(args.redirectTo, 'redirectTo');
        const tag = optionalString(args.tag, 'tag');
        // Each treatment reads its own element; one given where it does not belong is refused (SVC7003).
        const argument = treatment === 'redirect' ? redirectTo : treatment === 'tag' ? tag : (redirectTo ?? tag);
        return { id: await policy.addOwnFilter(caller, decodeCriteria(args.criteria), treatment, argument) };
      },

      async RemoveInboxFilter(args, { caller }) {
        const id = optionalInt(args.id, 'id');
        if (id === undefined) throw new AppError('SVC0002', ['id']);
        await policy.removeOwnFilter(caller, id);
        return { id };
      },

      async ReleaseStoredMessages(_args, { caller }) {
        return { released: await policy.releaseStored(caller) };
      },

      async PauseDelivery(_args, { caller }) {
        await policy.setOwnDelivery(caller, false);
        return delivery(caller);
      },

      async ResumeDelivery(_args, { caller }) {
        await policy.setOwnDelivery(caller, true);
        return delivery(caller);
      },
    },
  };
}
