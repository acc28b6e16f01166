// Group events reach members as inbox notices (WSI-24: no callbacks), and member events also enter the
// group's history in its one order (MU-7). Every function here runs inside the caller's unit of work, so an
// event, its notices and the state change that caused it commit together or not at all.
import { type Delivery, sendNotices, type Party } from '../inbox/index.js';
import type { Account } from '../../kernel/types.js';
import type { GroupMemberStatus, Notification } from '../../kernel/notices.js';
import type { NameValue } from '../../kernel/social-types.js';
import type { Work } from '../../platform/db/unit-of-work.js';
import type { GroupWork } from './group-context.js';
import type { GroupRecord, MemberRecord } from './group-types.js';
import { noticeToRemote, splitParties } from './remote-members.js';

export type { GroupWork } from './group-context.js';

/** A group session opened or closed, a member joined or left (kicked and banned are left), for accounting. */
export interface GroupSessionEvent {
  readonly kind: 'opened' | 'closed' | 'joined' | 'left';
  readonly groupId: string;
  /** The member concerned; for opened and closed, the owner (absent for an operator's room). */
  readonly party: Party | undefined;
  /** Why a member left or a group closed: left, kicked, banned, or the closing reason. */
  readonly reason?: string | undefined;
}

export type GroupSessionHook = (work: Work, event: GroupSessionEvent) => Promise<void>;

/**
 * A group message is about to be stored, in its unit of work (accounting: usage records, the prepaid charge);
 * the same shape as SendMessages' storing hook. A handler that throws refuses the message: nothing is stored.
 */
export type GroupMessageStoringHook = (work: Work, sender: Account, deliveries: readonly Delivery[]) => Promise<void>;

/** Announces a session event to its handlers, in the unit of work that caused it. */
export async function sessionEvent(work: GroupWork, event: GroupSessionEvent): Promise<void> {
  for (const handler of work.options.sessionEvents ?? []) await handler(work, event);
}

/** The attributes every group notice carries: the group, and the member concerned (by screen name). */
export function groupAttributes(group: GroupRecord, screenName?: string, extra: readonly NameValue[] = []): NameValue[] {
  return [
    { name: 'groupId', value: group.id },
    { name: 'groupName', value: group.name },
    ...(screenName !== undefined ? [{ name: 'screenName', value: screenName }] : []),
    ...extra,
  ];
}

/** An address as a notice may show it: in private groups only; a public room never shows one (5.17). */
export const shownAddress = (group: GroupRecord, address: string): string | undefined =>
  group.visibility === 'private' ? address : undefined;

/** Notices to the given parties, woken after commit. */
export async function tell(work: GroupWork, to: readonly Party[], notification: Notification, validitySeconds?: number): Promise<void> {
  if (to.length === 0) return;
  // A member in a peer domain hears it through its domain (remote-members.ts), in this unit of work.
  const { local, remote } = splitParties(work.options, to);
  const notices = local.map((party) => ({ to: party, notification }));
  await sendNotices(work.tx, notices, work.now, validitySeconds ?? work.options.noticeValiditySeconds);
  work.wake(local.map((p) => p.accountId));
  for (const party of remote) await noticeToRemote(work, party, notification);
}

export const partyOf = (m: Pick<MemberRecord, 'accountId' | 'address'>): Party => ({ accountId: m.accountId, address: m.address });

/**
 * A member event (MU-6, PP2-44): takes the next number in the group's order, enters the history, and tells
 * every member (the subject too, so a kicked member learns why it stopped hearing the group). `members` is
 * who is in the group when the event is told: after a removal, the remaining members plus the subject.
 */
export async function memberEvent(
  work: GroupWork,
  group: GroupRecord,
  subject: Pick<MemberRecord, 'screenName' | 'address' | 'accountId'>,
  status: GroupMemberStatus,
  members: readonly Party[],
  reason?: string,
): Promise<void> {
  const seq = await work.tx.groups.nextSeq(group.id, work.now);
  await work.tx.groups.appendHistory({
    groupId: group.id,
    seq,
    kind: 'event',
    messageId: undefined,
    senderId: undefined,
    screenName: subject.screenName,
    privateTo: undefined,
    type: 'groupMember',
    status,
    contentType: undefined,
    content: undefined,
    at: work.now,
  });
  if (status === 'joined' || status === 'left' || status === 'kicked' || status === 'banned') {
    const party = { accountId: subject.accountId, address: subject.address };
    await sessionEvent(work, { kind: status === 'joined' ? 'joined' : 'left', groupId: group.id, party, reason: status });
  }
  const extra = [{ name: 'groupSequence', value: String(seq) }, ...(reason ? [{ name: 'reason', value: reason }] : [])];
  await tell(work, members, {
    type: 'groupMember',
    address: shownAddress(group, subject.address),
    status,
    attributes: groupAttributes(group, subject.screenName, extra),
  });
}
