// The Administration service (wsdl/Administration.wsdl; docs/operations.md "Administration"): the peer
// operations of the federation module and the operator's own; admin accounts only (the services check the
// role before they look at the request). Handlers decode, call one service function, encode.
import { AppError } from '../../kernel/errors.js';
import { parseUtcDateTime } from '../../kernel/time.js';
import { accountStates, type Account, roles } from '../../kernel/types.js';
import { type ChargingTerms, type UsageRecord } from '../accounting/index.js';
import { peerSoapHandlers } from '../federation/index.js';
import { policyAdminSoapHandlers } from '../policy/index.js';
import { isoTime, optionalBoolean, optionalEnum, optionalInt, optionalString, requiredString } from '../../platform/soap/codec.js';
import type { ServiceDefinition } from '../../platform/soap/mount.js';
import type { AdminService } from './admin-service.js';
import type { AuditEntry, ServiceStatistics } from './admin-types.js';

const maxLong = Number.MAX_SAFE_INTEGER;

function optionalTime(value: unknown, part: string): number | undefined {
  const text = optionalString(value, part);
  if (text === undefined) return undefined;
  const at = parseUtcDateTime(text);
  if (at === undefined) throw new AppError('SVC0002', [part]);
  return at;
}

const optionalLong = (value: unknown, part: string) => optionalInt(value, part, maxLong);

const encodeAccount = (a: Account) => ({
  accountId: a.id,
  address: a.address,
  role: a.role,
  state: a.state,
  ...(a.msisdn ? { msisdn: a.msisdn } : {}),
  ...(a.policyClass ? { policyClass: a.policyClass } : {}),
  createdAt: isoTime(a.createdAt),
});

const encodeCharging = (c: ChargingTerms & { address: string }) => ({
  address: c.address,
  payment: c.payment,
  balance: c.balance,
  perMessage: c.perMessage,
  perRecipient: c.perRecipient,
  perKilobyte: c.perKilobyte,
  ...(c.subscriberId ? { subscriberId: c.subscriberId } : {}),
});

const encodeRecord = (r: UsageRecord) => ({
  recordId: r.id,
  correlationId: r.correlationId,
  event: r.event,
  serviceType: r.serviceType,
  chargedParty: r.chargedParty,
  ...(r.subscriber ? { subscriberId: r.subscriber.id, subscriberType: r.subscriber.type } : {}),
  otherParty: r.otherParties,
  time: isoTime(r.at),
  ...(r.contentType ? { contentType: r.contentType } : {}),
  sizeBytes: r.sizeBytes,
  sentCount: r.sentCount,
  sentOk: r.sentOk,
  explodedCount: r.explodedCount,
  explodedOk: r.explodedOk,
  ...(r.peerDomain ? { peerDomain: r.peerDomain } : {}),
  ...(r.outcome ? { outcome: r.outcome } : {}),
  charge: r.charge,
});

const encodeEntry = (e: AuditEntry) => ({
  entryId: e.id,
  time: isoTime(e.at),
  actor: e.actor,
  action: e.action,
  ...(e.target ? { target: e.target } : {}),
  ...(e.detail ? { detail: e.detail } : {}),
  outcome: e.outcome,
});

const encodeStatistics = (s: ServiceStatistics) => ({
  time: isoTime(s.at),
  accounts: s.accounts.active + s.accounts.suspended + s.accounts.pending,
  activeAccounts: s.accounts.active,
  suspendedAccounts: s.accounts.suspended,
  pendingAccounts: s.accounts.pending,
  inboxMessages: s.inboxMessages,
  outboundQueued: s.outboundQueued,
  usageRecords: s.usageRecords,
  windowSeconds: s.windowSeconds,
  domainTraffic: s.domainTraffic,
  consumerTraffic: s.consumerTraffic,
  deepestInbox: s.deepestInboxes,
  peerQueue: s.peerQueues.map((p) => ({
    domain: p.domain,
    depth: p.depth,
    ...(p.oldest !== undefined ? { oldest: isoTime(p.oldest) } : {}),
  })),
});

const paged = <T>(page: { items: readonly T[]; nextAfterId: number | undefined }, name: string, encode: (item: T) => object) => ({
  [name]: page.items.map(encode),
  ...(page.nextAfterId !== undefined ? { nextAfterId: page.nextAfterId } : {}),
});

export function administrationSoapService(admin: AdminService): ServiceDefinition {
  return {
    name: 'Administration',
    handlers: {
      ...peerSoapHandlers(admin.peers),
      ...policyAdminSoapHandlers(admin.policy),

      // ListAccounts: a page of accounts in id order.
      async ListAccounts(args, { caller }) {
        const page = await admin.list(caller, {
          state: optionalEnum(args.state, accountStates, 'state'),
          role: optionalEnum(args.role, roles, 'role'),
          afterId: optionalLong(args.afterId, 'afterId'),
          limit: optionalInt(args.maxResults, 'maxResults'),
        });
        return paged(page, 'account', encodeAccount);
      },

      // SearchAccounts: accounts whose address or number contains the text.
      async SearchAccounts(args, { caller }) {
        const page = await admin.search(
          caller,
          optionalString(args.text, 'text') ?? '',
          optionalLong(args.afterId, 'afterId'),
          optionalInt(args.maxResults, 'maxResults'),
        );
        return paged(page, 'account', encodeAccount);
      },

      // GetAccount: one account and its charging terms.
      async GetAccount(args, { caller }) {
        const { account, charging } = await admin.show(caller, optionalString(args.address, 'address') ?? '');
        return { account: encodeAccount(account), charging: encodeCharging(charging) };
      },

      // SuspendAccount: its logins and requests get POL6001 from now on.
      async SuspendAccount(args, { caller }) {
        return { account: encodeAccount(await admin.suspend(caller, optionalString(args.address, 'address') ?? '')) };
      },

      // ResumeAccount: lifts a suspension.
      async ResumeAccount(args, { caller }) {
        return { account: encodeAccount(await admin.resume(caller, optionalString(args.address, 'address') ?? '')) };
      },

      // ResetPassword: the given password, or a generated one returned once.
      async ResetPassword(args, { caller }) {
        const generated = await admin.resetPassword(
          caller,
          optionalString(args.address, 'address') ?? '',
          optionalString(args.password, 'password'),
        );
        return generated === undefined ? {} : { generatedPassword: generated };
      },

      // RemoveAccount: the account goes; its usage records stay.
      async RemoveAccount(args, { caller }) {
        return { deleted: await admin.delete(caller, optionalString(args.address, 'address') ?? '') };
      },

      // SetCharging: payment model, tariff, balance, subscriber id (PP2-7, GO-3).
      async SetCharging(args, { caller }) {
        const subscriberId = optionalString(args.subscriberId, 'subscriberId');
        const charging = await admin.setCharging(caller, requiredString(args.address, 'address'), {
          payment: optionalEnum(args.payment, ['prepaid', 'postpaid'] as const, 'payment'),
          perMessage: optionalLong(args.perMessage, 'perMessage'),
          perRecipient: optionalLong(args.perRecipient, 'perRecipient'),
          perKilobyte: optionalLong(args.perKilobyte, 'perKilobyte'),
          balance: optionalLong(args.balance, 'balance'),
          topUp: optionalLong(args.topUp, 'topUp'),
          subscriberId: subscriberId === '' ? null : subscriberId,
        });
        return { charging: encodeCharging(charging) };
      },

      // ExportUsage: a page of usage records; nextAfterId resumes.
      async ExportUsage(args, { caller }) {
        const page = await admin.exportUsage(
          caller,
          {
            since: optionalTime(args.since, 'since'),
            until: optionalTime(args.until, 'until'),
            afterId: optionalLong(args.afterId, 'afterId') ?? 0,
          },
          optionalInt(args.pageSize, 'pageSize') ?? 1000,
        );
        return paged({ items: page.records, nextAfterId: page.nextAfterId }, 'record', encodeRecord);
      },

      // ListGroups: open groups (every one with includePrivate), by name, a page at a time.
      async ListGroups(args, { caller }) {
        const found = await admin.groups(
          caller,
          optionalString(args.query, 'query') || undefined,
          optionalInt(args.offset, 'offset') ?? 0,
          optionalInt(args.maxGroups, 'maxGroups') ?? 100,
          optionalBoolean(args.includePrivate, 'includePrivate') ?? false,
        );
        return {
          group: found.rooms.map(({ group: g, memberCount }) => ({
            groupId: g.id,
            name: g.name,
            visibility: g.visibility,
            access: g.access,
            ...(g.topic !== undefined ? { topic: g.topic } : {}),
            memberCount,
            createdByOperator: g.createdByOperator,
          })),
          total: found.total,
        };
      },

      // CloseGroup: the operator closes any group at once.
      async CloseGroup(args, { caller }) {
        return {
          closed: await admin.closeGroup(
            caller,
            requiredString(args.groupId, 'groupId'),
            optionalString(args.reason, 'reason') || undefined,
          ),
        };
      },

      // SetPublicChat: the server-wide public chat switch (5.17).
      async SetPublicChat(args, { caller }) {
        return { enabled: await admin.setPublicChat(caller, optionalBoolean(args.enabled, 'enabled') ?? false) };
      },

      // RemoveFromAllGroups: kicks (or bans) an account out of every group it is in, except those it owns.
      async RemoveFromAllGroups(args, { caller }) {
        const removed = await admin.removeFromGroups(
          caller,
          optionalString(args.address, 'address') ?? '',
          optionalBoolean(args.ban, 'ban') ?? false,
          optionalString(args.reason, 'reason') || undefined,
        );
        return { group: removed };
      },

      // GetStatistics: the service at a glance and its live traffic (PP2-11).
      async GetStatistics(_args, { caller }) {
        return { statistics: encodeStatistics(await admin.statistics(caller)) };
      },

      // GetAuditLog: administrative actions, oldest first.
      async GetAuditLog(args, { caller }) {
        const page = await admin.auditLog(
          caller,
          {
            since: optionalTime(args.since, 'since'),
            until: optionalTime(args.until, 'until'),
            actor: optionalString(args.actor, 'actor')?.trim().toLowerCase() || undefined,
            afterId: optionalLong(args.afterId, 'afterId'),
          },
          optionalInt(args.maxResults, 'maxResults'),
        );
        return paged(page, 'entry', encodeEntry);
      },
    },
  };
}
