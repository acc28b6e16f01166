// DeliverSocialEvents at the receiving gateway (wsdl/Federation.wsdl; docs/federation.md "Social events across
// domains"). The caller is a peer account: every event's `from` must be in a domain bound to it (POL4001, the
// whole request refused, nothing applied), like `originator` in SendMessages. Each event is applied in its own
// unit of work together with the record of its id, so a batch sent again is applied once, in order.
import { AppError, type ErrorCode } from '../../kernel/errors.js';
import { parseAddress } from '../../kernel/addresses.js';
import type { Account } from '../../kernel/types.js';
import type { SecretSealer } from '../../kernel/security-ports.js';
import { applySocialEvent, domainOf, isGroupEvent, type SocialContext, type SocialEvent, type SocialWork } from '../presence/index.js';
import { remotePartyAccount } from './remote-parties.js';

export interface InboundSocialEvent extends SocialEvent {
  readonly eventId: string;
}

export type SocialEventOutcome =
  | { readonly eventId: string; readonly status: 'applied' }
  | { readonly eventId: string; readonly status: 'refused'; readonly errorCode: ErrorCode; readonly errorText: string };

const refused = (eventId: string, error: AppError): SocialEventOutcome => ({
  eventId,
  status: 'refused',
  errorCode: error.code,
  errorText: error.message,
});

export function socialInbound(social: SocialContext, sealer: SecretSealer, maxEvents: number) {
  /** The peer domain the caller speaks for in `from`; POL4001 otherwise. */
  async function trustedDomain(work: SocialWork, caller: Account, from: string): Promise<string> {
    const parsed = parseAddress(from);
    if (parsed.kind !== 'im') throw new AppError('SVC2003', [from]);
    const peer = work.options.hostedDomains.includes(parsed.domain) ? undefined : await work.tx.peers.find(parsed.domain);
    if (peer?.inboundAccountId !== caller.id) throw new AppError('POL4001', [caller.address, parsed.address, parsed.domain]);
    return parsed.domain;
  }

  /** Applies one event, or says why not (an unknown local user, a malformed event). */
  async function applyOne(work: SocialWork, domain: string, event: InboundSocialEvent): Promise<void> {
    if (!(await work.tx.socialQueue.firstReceipt(domain, event.eventId, work.now))) return;
    if (isGroupEvent(event.type)) {
      // A group's event (its `to` is a member here, or a group hosted here): the groups module judges it.
      const handler = social.groupEvents[0];
      if (!handler) throw new AppError('SVC8001', [domainOf(event.to)]);
      await handler.apply(work, event);
      return;
    }
    const to = parseAddress(event.to);
    if (to.kind !== 'im' || !work.options.hostedDomains.includes(to.domain)) throw new AppError('SVC2002', [event.to]);
    const target = await work.tx.accounts.findByAddress(to.address);
    if (!target) throw new AppError('SVC2002', [to.address]);
    const from = parseAddress(event.from);
    if (from.kind !== 'im') throw new AppError('SVC2003', [event.from]);
    const sender = await remotePartyAccount(work.tx, sealer, from.address);
    await applySocialEvent(work, { ...event, from: from.address, to: to.address }, sender, target);
  }

  /** An event from a peer domain's user, applied without a receipt (the forwarder's refusals of undeliverable requests). */
  async function applyLocal(work: SocialWork, event: SocialEvent): Promise<void> {
    const target = await work.tx.accounts.findByAddress(event.to);
    if (!target) return;
    await applySocialEvent(work, event, await remotePartyAccount(work.tx, sealer, event.from), target);
  }

  return {
    applyLocal,
    async deliver(caller: Account, events: readonly InboundSocialEvent[]): Promise<SocialEventOutcome[]> {
      if (events.length === 0) throw new AppError('SVC0002', ['event']);
      if (events.length > maxEvents) throw new AppError('POL1007', ['event', maxEvents]);
      const domains = await social.run(async (work) => {
        const found: string[] = [];
        for (const e of events) found.push(await trustedDomain(work, caller, e.from));
        return found;
      });
      const outcomes: SocialEventOutcome[] = [];
      for (const [i, event] of events.entries()) {
        try {
          await social.run((work) => applyOne(work, domains[i]!, event));
          outcomes.push({ eventId: event.eventId, status: 'applied' });
        } catch (error) {
          // A refusal rolls the event back, its receipt included: sent again, it is judged again.
          if (!(error instanceof AppError)) throw error;
          outcomes.push(refused(event.eventId, error));
        }
      }
      return outcomes;
    },
  };
}

export type SocialInbound = ReturnType<typeof socialInbound>;
