// A member's gateway knows the groups of peer domains its accounts belong to (docs/groups.md "Members in a
// peer domain"). The hosting domain adds the group and the recipient's own membership, as `group.*` and
// `member.*` attributes, to each notice it sends across (not to local members' notices); the member's gateway
// keeps the last notified values per (account, qualified id), and drops them when the member is gone.
import { AppError } from '../../kernel/errors.js';
import { isoTime, parseUtcDateTime } from '../../kernel/time.js';
import type { NameValue } from '../../kernel/social-types.js';
import type { Repositories } from '../../kernel/ports.js';
import type { Account } from '../../kernel/types.js';
import type { SocialEvent } from '../presence/index.js';
import { groupAccesses, type GroupRole, type GroupView, groupVisibilities, type RemoteGroupRecord } from './group-types.js';
import { invalid } from './remote-fields.js';
import { validScreenName } from './screen-names.js';

/**
 * At the hosting domain: the group and the recipient's membership as attributes. To a recipient who is no
 * member (an invitee, a removed member) only `group.name`, which its notice shows anyway: a private group's
 * details stay with its members.
 */
export async function stateFields(tx: Repositories, groupId: string, accountId: number): Promise<NameValue[]> {
  const group = await tx.groups.find(groupId);
  if (!group) return [];
  const me = await tx.groups.member(groupId, accountId);
  if (!me) return [{ name: 'group.name', value: group.name }];
  const text = (name: string, value: string | undefined) => (value === undefined ? [] : [{ name, value }]);
  return [
    { name: 'group.name', value: group.name },
    { name: 'group.access', value: group.access },
    { name: 'group.visibility', value: group.visibility },
    ...text('group.owner', group.visibility === 'private' ? group.ownerAddress : undefined),
    ...text('group.topic', group.topic),
    { name: 'group.maxMembers', value: String(group.maxMembers) },
    { name: 'group.privateMessages', value: String(group.privateMessages) },
    { name: 'group.membersMayInvite', value: String(group.membersMayInvite) },
    { name: 'group.historySeconds', value: String(group.historySeconds) },
    { name: 'group.createdByOperator', value: String(group.createdByOperator) },
    { name: 'group.createdAt', value: isoTime(group.createdAt) },
    ...text('group.expiresAt', group.expiresAt === undefined ? undefined : isoTime(group.expiresAt)),
    { name: 'group.members', value: String(await tx.groups.countMembers(groupId)) },
    { name: 'member.screenName', value: me.screenName },
    { name: 'member.role', value: me.role },
    { name: 'member.muted', value: String(me.muted) },
    { name: 'member.typingNotices', value: String(me.typingNotices) },
    { name: 'member.joinedAt', value: isoTime(me.joinedAt) },
  ];
}

const roles: readonly GroupRole[] = ['owner', 'admin', 'member'];
const removals = ['left', 'kicked', 'banned'];

/** The hosting domain's `group.*` and `member.*` fields as a record, each checked (SVC8002 otherwise). */
function recordOf(event: SocialEvent, account: Account, id: string, f: ReadonlyMap<string, string>, now: number): RemoteGroupRecord {
  const need = (name: string) => {
    const value = f.get(name);
    if (value === undefined) throw invalid(event, `${name} is missing`);
    return value;
  };
  const oneOf = <T extends string>(name: string, allowed: readonly T[]): T => {
    const value = need(name);
    if (!(allowed as readonly string[]).includes(value)) throw invalid(event, name);
    return value as T;
  };
  const count = (name: string) => {
    const value = need(name);
    if (!/^\d{1,9}$/.test(value)) throw invalid(event, `${name} must be a whole number`);
    return Number(value);
  };
  const flag = (name: string) => oneOf(name, ['true', 'false']) === 'true';
  const time = (name: string, value = need(name)) => {
    const at = parseUtcDateTime(value);
    if (at === undefined) throw invalid(event, `${name} must be a time`);
    return at;
  };
  const bounded = (name: string, max: number, value = need(name)) => {
    if (value.length > max) throw invalid(event, `${name} is too long`);
    return value;
  };
  const screenName = need('member.screenName');
  if (!validScreenName(screenName, 64)) throw invalid(event, 'member.screenName');
  const topic = f.get('group.topic');
  const owner = f.get('group.owner');
  const expiresAt = f.get('group.expiresAt');
  return {
    accountId: account.id,
    groupId: id,
    group: {
      id,
      name: bounded('group.name', 255),
      access: oneOf('group.access', groupAccesses),
      visibility: oneOf('group.visibility', groupVisibilities),
      ownerAddress: owner === undefined ? undefined : bounded('group.owner', 320, owner),
      topic: topic === undefined ? undefined : bounded('group.topic', 1024, topic),
      welcome: undefined,
      maxMembers: count('group.maxMembers'),
      privateMessages: flag('group.privateMessages'),
      membersMayInvite: flag('group.membersMayInvite'),
      historySeconds: count('group.historySeconds'),
      createdByOperator: flag('group.createdByOperator'),
      createdAt: time('group.createdAt'),
      expiresAt: expiresAt === undefined ? undefined : time('group.expiresAt', expiresAt),
    },
    memberCount: count('group.members'),
    me: {
      groupId: id,
      accountId: account.id,
      address: account.address,
      role: oneOf('member.role', roles),
      screenName,
      muted: flag('member.muted'),
      typingNotices: flag('member.typingNotices'),
      joinedAt: time('member.joinedAt'),
    },
    updatedAt: now,
  };
}

/**
 * At a member's gateway, after a hosting domain's notice: a notice naming the member's membership keeps it
 * (joined, properties, roles, ...); the group closing, or the member's own removal (a removal notice sent to
 * it without a membership), drops it with its history copy. `groupId` is the qualified id. A host that sends no `group.*` changes nothing.
 */
export async function keepState(
  tx: Repositories,
  event: SocialEvent,
  account: Account,
  groupId: string,
  fields: ReadonlyMap<string, string>,
  now: number,
): Promise<void> {
  const type = fields.get('notice.type');
  if (type === 'groupClosed') return tx.remoteGroups.remove(account.id, groupId);
  if (!fields.has('group.name')) return;
  if (fields.has('member.role')) return tx.remoteGroups.save(recordOf(event, account, groupId, fields, now));
  if (type === 'groupMember' && removals.includes(event.status ?? '')) await tx.remoteGroups.remove(account.id, groupId);
}

/** The record as the caller's GroupView (GetGroup, ListMyGroups): the last notified values. */
export const viewOf = (r: RemoteGroupRecord, caller: Pick<Account, 'address'>): GroupView => ({
  group: { ...r.group, ownerId: null, expiringNoticeSent: false, lastSeq: 0, lastActivityAt: r.updatedAt, closedAt: undefined },
  memberCount: r.memberCount,
  me: { ...r.me, address: caller.address, lastSentAt: undefined },
});

/** The caller's record of a group of a peer domain, or SVC5001 as for a group it does not belong to. */
export async function requireRemoteGroup(tx: Repositories, caller: Account, groupId: string): Promise<RemoteGroupRecord> {
  const record = await tx.remoteGroups.find(caller.id, groupId);
  if (!record) throw new AppError('SVC5001', [groupId]);
  return record;
}
