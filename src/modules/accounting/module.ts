// The accounting module (PP2-6, PP2-7, PP2-10, PP-47..49, GO-3; docs/operations.md "Usage records",
// "Prepaid"): a usage record for every chargeable event, written by handlers of the hooks the owning modules
// offer, so each record commits in its event's own unit of work; the prepaid reservation of SendMessages;
// and the export of records and the charging terms of accounts (the `usage` service).
import type { Account } from '../../kernel/types.js';
import type { Work } from '../../platform/db/unit-of-work.js';
import type { CapabilityModule } from '../../platform/modules/contract.js';
import type { Delivery } from '../inbox/index.js';
import type { GroupSessionEvent } from '../groups/index.js';
import { reserveCharge } from './prepaid.js';
import { forwardRecord, partyRecord, removalRecords, sendRecords } from './usage-recorder.js';
import type { ServiceType, UsageEvent } from './usage-types.js';
import { usageService, type UsageService } from './usage-service.js';

declare module '../../platform/modules/registry.js' {
  interface ServiceTypes {
    usage: UsageService;
  }
}

/** Which record each group session event makes (docs/operations.md "Usage records"). */
const sessionRecords: Readonly<Record<GroupSessionEvent['kind'], { event: UsageEvent; serviceType: ServiceType }>> = {
  opened: { event: 'group-opened', serviceType: 'INVITING' },
  joined: { event: 'member-joined', serviceType: 'JOINING' },
  left: { event: 'member-left', serviceType: 'LEAVING' },
  closed: { event: 'group-closed', serviceType: 'LEAVING' },
};

export const accountingModule: CapabilityModule = {
  name: 'accounting',
  dependsOn: [],
  hooks: {
    offers: [],
    handles: [
      'send.storing',
      'groups.messageStoring',
      'inbox.acknowledged',
      'messages.expired',
      'groups.session',
      'presence.published',
      'federation.forwarded',
    ],
  },
  start(ctx) {
    // SendMessages and group messages alike: priced, reserved on a prepaid balance, recorded.
    const storing = async (work: Work, sender: Account, deliveries: readonly Delivery[]) => {
      // One read for the sender's terms and every party's subscriber identity.
      const recipients = deliveries.flatMap((d) => d.recipients.flatMap((r) => (r.accountId === null ? [] : [r.accountId])));
      const parties = await work.tx.charging.parties([sender.id, ...recipients]);
      const charges = await reserveCharge(work, sender, deliveries, parties.get(sender.id)?.terms);
      await sendRecords(work, sender, deliveries, charges, parties);
    };
    ctx.handle('send.storing', storing);
    ctx.handle('groups.messageStoring', storing);
    ctx.handle('inbox.acknowledged', (work, removed) => removalRecords(work, removed, 'delivery'));
    ctx.handle('messages.expired', (work, removed) => removalRecords(work, removed, 'expiry'));
    ctx.handle('groups.session', (work, event) => {
      const { event: name, serviceType } = sessionRecords[event.kind];
      return partyRecord(work, event.party, {
        correlationId: event.groupId,
        event: name,
        serviceType,
        otherParties: [`group:${event.groupId}`],
        outcome: event.reason,
      });
    });
    ctx.handle('presence.published', (work, publisher) =>
      partyRecord(work, publisher, {
        correlationId: `presence:${publisher.address}`,
        event: 'presence-published',
        serviceType: 'SENDING',
        contentType: 'application/pidf+xml',
        sentCount: 1,
        sentOk: 1,
      }),
    );
    ctx.handle('federation.forwarded', forwardRecord);
    ctx.provide('usage', usageService(ctx.store, ctx.work));
    return {};
  },
};
