// Groups as a whole (GIM-7, GIM-8, PP-36, PP-39..41, use cases 5.12 and 5.17): create, read, change
// properties, the room directory, temporary groups' extension, closing, and the public chat switch.
import { randomBytes } from 'node:crypto';
import { AppError } from '../../kernel/errors.js';
import type { Repositories } from '../../kernel/ports.js';
import { type Caller, requireRole as requireAccountRole } from '../../kernel/require-role.js';
import type { Account } from '../../kernel/types.js';
import type { GroupMemberStatus } from '../../kernel/notices.js';
import { isoTime } from '../../kernel/time.js';
import type { Work } from '../../platform/db/unit-of-work.js';
import { accountNamed, atLeast, isLocalOperator, isOperator, requireMember, requireRole, visibleGroup } from './group-access.js';
import type { GroupContext, GroupOptions } from './group-context.js';
import { groupAttributes, type GroupWork, memberEvent, partyOf, sessionEvent, tell } from './group-events.js';
import type {
  GroupAccess as GroupAccessMode,
  GroupProperties,
  GroupRecord,
  GroupView,
  GroupVisibility,
  MemberRecord,
} from './group-types.js';
import { checkScreenName, claimScreenName, codePoints, validScreenName } from './screen-names.js';
import { peerGroupOf, qualified } from './remote-members.js';
import { requireRemoteGroup, viewOf } from './remote-state.js';

export interface NewGroupRequest {
  readonly name: string;
  readonly access: GroupAccessMode | undefined;
  readonly visibility: GroupVisibility | undefined;
  readonly durationSeconds: number | undefined;
  readonly screenName: string | undefined;
  readonly owner: string | undefined;
  readonly properties: Partial<GroupProperties>;
}

const textLimits = { name: 255, topic: 1024, welcome: 4096 };

/** Free text of a group (name, topic, welcome note): bounded, no control characters. */
export function checkText(value: string, part: keyof typeof textLimits): string {
  const trimmed = value.trim();
  if (codePoints(trimmed).length > textLimits[part] || /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(trimmed))
    throw new AppError('SVC0002', [part]);
  return trimmed;
}

/**
 * A screen name when none is given: the profile alias (the screen-name hook, filled by the accounts capability)
 * when it is a valid screen name, else the local part of the address, in private groups only: a public room
 * never derives a name from the address, which would show identity in the public domain (5.17).
 */
export async function defaultScreenName(
  ctx: Pick<GroupContext, 'screenNames' | 'options'>,
  work: Work,
  group: GroupRecord,
  account: Pick<Account, 'id' | 'address'>,
  given: string | undefined,
): Promise<string> {
  const maxChars = ctx.options.screenNameChars;
  if (given !== undefined) return checkScreenName(given, maxChars);
  for (const hook of ctx.screenNames) {
    const alias = await hook(work, account, group);
    if (alias !== undefined && validScreenName(alias, maxChars)) return alias.normalize('NFC');
  }
  if (group.visibility === 'public') throw new AppError('SVC0002', ['screenName (a public room needs one)']);
  const local = account.address.slice(0, account.address.indexOf('@')).replace(/[^\p{L}\p{N}._-]/gu, '');
  return checkScreenName(
    codePoints(local || 'member')
      .slice(0, maxChars)
      .join(''),
    maxChars,
  );
}

/** Membership limits of one account (POL5002). */
export async function checkMemberships(tx: Repositories, account: Account, max: number): Promise<void> {
  const count = await tx.groups.countMemberships(account.id);
  if (count >= max) throw new AppError('POL5002', [count, max]);
}

const idAlphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/**
 * 12 letters and digits (71 random bits): unguessable, as a private group's id is the capability to ask to join
 * it, and safe anywhere (a URL, a shell argument: no leading dash).
 */
function newGroupId(): string {
  // 248 = 4 x 62: bytes at or above it are dropped, so every character is equally likely.
  const out: string[] = [];
  while (out.length < 12) for (const byte of randomBytes(16)) if (byte < 248 && out.length < 12) out.push(idAlphabet[byte % 62]!);
  return out.join('');
}

/** A new open group with the defaults: closed and private unless asked, public rooms open (5.17). */
export function newGroupRecord(
  options: GroupOptions,
  now: number,
  fields: {
    readonly name: string;
    readonly owner: Account;
    readonly createdByOperator: boolean;
    readonly visibility: GroupVisibility;
    readonly access: GroupAccessMode | undefined;
    readonly properties: Partial<GroupProperties>;
    readonly durationSeconds: number | undefined;
  },
): GroupRecord {
  const { properties: p, visibility } = fields;
  return {
    id: newGroupId(),
    name: fields.name,
    ownerId: fields.owner.id,
    ownerAddress: fields.owner.address,
    createdByOperator: fields.createdByOperator,
    access: fields.access ?? (visibility === 'public' ? 'open' : 'closed'),
    visibility,
    topic: p.topic,
    welcome: p.welcome,
    maxMembers: p.maxMembers ?? options.membersPerGroup,
    privateMessages: p.privateMessages ?? true,
    membersMayInvite: p.membersMayInvite ?? visibility === 'private',
    historySeconds: p.historySeconds ?? options.historySeconds,
    expiresAt: fields.durationSeconds === undefined ? undefined : now + fields.durationSeconds * 1000,
    expiringNoticeSent: false,
    lastSeq: 0,
    createdAt: now,
    lastActivityAt: now,
    closedAt: undefined,
  };
}

/** POL5003: a user (not the operator) may have this many open groups of its own. */
export async function checkCreated(tx: Repositories, caller: Account, max: number): Promise<void> {
  const created = await tx.groups.countCreated(caller.id);
  if (created >= max) throw new AppError('POL5003', [created, max]);
}

export function groupService(ctx: GroupContext) {
  const { options } = ctx;
  const run = <T>(fn: (work: GroupWork) => Promise<T>) => ctx.work.run((w) => fn({ ...w, options }));

  function checkProperties(p: Partial<GroupProperties>): Partial<GroupProperties> {
    if (p.maxMembers !== undefined && (p.maxMembers < 2 || p.maxMembers > options.membersPerGroup))
      throw new AppError('POL5001', [`maxMembers ${p.maxMembers}`, options.membersPerGroup]);
    if (p.historySeconds !== undefined && p.historySeconds < 0) throw new AppError('SVC0002', ['historySeconds']);
    return {
      ...p,
      ...(p.topic !== undefined ? { topic: checkText(p.topic, 'topic') } : {}),
      ...(p.welcome !== undefined ? { welcome: checkText(p.welcome, 'welcome') } : {}),
      // MU-7: the operator sets the retention; a group can only lower it.
      ...(p.historySeconds !== undefined ? { historySeconds: Math.min(p.historySeconds, options.historySeconds) } : {}),
    };
  }

  function checkDuration(seconds: number): number {
    if (seconds < 60 || seconds > options.maxDurationSeconds) throw new AppError('POL5011', [seconds, 60, options.maxDurationSeconds]);
    return seconds;
  }

  async function view(tx: Repositories, group: GroupRecord, me: MemberRecord | undefined): Promise<GroupView> {
    return { group, me, memberCount: await tx.groups.countMembers(group.id) };
  }

  /** The owner named by the operator (an address), or the creating account itself. */
  async function ownerOf(tx: Repositories, account: Account | undefined, named: string | undefined): Promise<Account> {
    if (named === undefined) {
      if (account) return account;
      throw new AppError('SVC0002', ['owner (the operator creates groups for an account)']);
    }
    return accountNamed(tx, account, named, options.hostedDomains);
  }

  /** CreateGroup: the creator (or, for the operator, the named owner) becomes the owner. */
  async function create(caller: Caller, request: NewGroupRequest): Promise<GroupView> {
    const name = checkText(request.name, 'name');
    if (name === '') throw new AppError('SVC0002', ['name']);
    const visibility = request.visibility ?? 'private';
    const account = isLocalOperator(caller) ? undefined : caller;
    // 5.17: the operator publishes rooms; a consumer application (a game's lobby) may too.
    if (visibility === 'public' && account?.role === 'user') throw new AppError('POL1005', ['admin or consumer']);
    if (request.owner !== undefined) requireAccountRole(caller, 'admin');
    const properties = checkProperties(request.properties);
    const duration = request.durationSeconds === undefined ? undefined : checkDuration(request.durationSeconds);
    return run(async (work) => {
      const { tx, now } = work;
      const owner = await ownerOf(tx, account, request.owner);
      const byOperator = isOperator(caller);
      if (account && !byOperator) await checkCreated(tx, account, options.createdPerUser);
      const group = newGroupRecord(options, now, {
        name,
        owner,
        createdByOperator: byOperator,
        visibility,
        access: request.access ?? properties.access,
        properties,
        durationSeconds: duration,
      });
      await tx.groups.insert(group);
      // The operator creating a room for others, or a lobby, need not sit in it; a user's group starts with it.
      const joins = owner.id !== account?.id || !(byOperator || account.role === 'consumer') || request.screenName !== undefined;
      let me: MemberRecord | undefined;
      if (joins) {
        await checkMemberships(tx, owner, options.groupsPerUser);
        const screenName = await defaultScreenName(ctx, work, group, owner, request.screenName);
        me = {
          groupId: group.id,
          accountId: owner.id,
          address: owner.address,
          role: 'owner',
          screenName,
          muted: false,
          typingNotices: true,
          joinedAt: now,
          lastSentAt: undefined,
        };
        await claimScreenName(tx, group.id, screenName, options.screenNameChars);
        await tx.groups.addMember(me);
      }
      await sessionEvent(work, { kind: 'opened', groupId: group.id, party: { accountId: owner.id, address: owner.address } });
      return view(tx, group, owner.id === account?.id ? me : undefined);
    });
  }

  /** GetGroup: the group and its members (addresses in private groups, to members and the operator only). */
  async function get(caller: Account, groupId: string): Promise<{ view: GroupView; members: MemberRecord[] }> {
    const host = peerGroupOf(options, groupId);
    // A group of a peer domain: the last notified values, with the caller's own membership only (remote-state.ts).
    if (host)
      return run(async ({ tx }) => {
        const view = viewOf(await requireRemoteGroup(tx, caller, qualified(host)), caller);
        return { view, members: [view.me!] };
      });
    return run(async ({ tx }) => {
      const access = await visibleGroup(tx, caller, groupId);
      const { group, me } = access;
      const members = me || group.visibility === 'public' || isOperator(caller) ? await tx.groups.members(group.id) : [];
      return { view: await view(tx, group, me), members };
    });
  }

  /**
   * ListMyGroups: every open group the caller belongs to (5.12: a temporary group shows while it exists), then
   * those of peer domains.
   */
  async function listMine(caller: Account): Promise<GroupView[]> {
    return run(async ({ tx }) => {
      const groups = await tx.groups.groupsOf(caller.id);
      const views: GroupView[] = [];
      for (const group of groups) views.push(await view(tx, group, await tx.groups.member(group.id, caller.id)));
      // MU-4: beside them, the groups of peer domains the caller belongs to, with their qualified ids.
      for (const record of await tx.remoteGroups.list(caller.id)) views.push(viewOf(record, caller));
      return views;
    });
  }

  /** SetGroupProperties (PP-39, PP-41): owner and admins; every member hears of the change (PP-36). */
  async function setProperties(caller: Account, groupId: string, changes: Partial<GroupProperties>): Promise<GroupView> {
    const checked = checkProperties(changes);
    return run(async (work) => {
      const { tx, now } = work;
      const access = await visibleGroup(tx, caller, groupId);
      requireRole(caller, access, 'admin');
      await tx.groups.update(groupId, checked);
      const seq = await tx.groups.nextSeq(groupId, now);
      const changed = Object.entries(checked).flatMap(([name, value]) => (value === undefined ? [] : [{ name, value: String(value) }]));
      await tx.groups.appendHistory({
        groupId,
        seq,
        kind: 'event',
        messageId: undefined,
        senderId: caller.id,
        screenName: access.me?.screenName,
        privateTo: undefined,
        type: 'groupProperties',
        status: 'changed',
        contentType: undefined,
        content: undefined,
        at: now,
      });
      const group = (await tx.groups.find(groupId))!;
      const members = await tx.groups.members(groupId);
      await tell(work, members.map(partyOf), {
        type: 'groupProperties',
        status: 'changed',
        attributes: groupAttributes(group, access.me?.screenName ?? 'operator', [
          { name: 'groupSequence', value: String(seq) },
          ...changed,
        ]),
      });
      return view(tx, group, access.me);
    });
  }

  /** ListRooms (5.17): the room directory, searched by name or topic. */
  async function rooms(caller: Caller, query: string | undefined, offset: number, limit: number, includePrivate = false) {
    if (includePrivate) requireAccountRole(caller, 'admin');
    if (query !== undefined && query.length > 255) throw new AppError('SVC0002', ['query']);
    return run(async ({ tx }) => {
      if (!isOperator(caller) && !(await tx.groups.publicChatEnabled())) throw new AppError('POL5009');
      const found = await tx.groups.rooms(query?.trim() || undefined, offset, Math.min(limit, options.historyPage), includePrivate);
      const views: GroupView[] = [];
      for (const room of found.rooms)
        views.push(await view(tx, room, isLocalOperator(caller) ? undefined : await tx.groups.member(room.id, caller.id)));
      return { rooms: views, total: found.total };
    });
  }

  /** ExtendGroup (5.12): any member of a temporary group moves its end further. */
  async function extend(caller: Account, groupId: string, durationSeconds: number): Promise<GroupView> {
    const seconds = checkDuration(durationSeconds);
    return run(async (work) => {
      const { tx, now } = work;
      const access = await visibleGroup(tx, caller, groupId);
      if (!isOperator(caller)) requireMember(access);
      const { group } = access;
      if (group.expiresAt === undefined) throw new AppError('SVC5008', [groupId]);
      const expiresAt = Math.min(Math.max(group.expiresAt, now) + seconds * 1000, now + options.maxDurationSeconds * 1000);
      await tx.groups.update(groupId, { expiresAt, expiringNoticeSent: false, lastActivityAt: now });
      const members = await tx.groups.members(groupId);
      await tell(work, members.map(partyOf), {
        type: 'groupProperties',
        status: 'changed',
        attributes: groupAttributes(group, access.me?.screenName ?? 'operator', [{ name: 'expiresAt', value: isoTime(expiresAt) }]),
      });
      return view(tx, (await tx.groups.find(groupId))!, access.me);
    });
  }

  /** CloseGroup (PP-40): the owner, or the operator for any group (the kill switch for one room). */
  async function close(caller: Caller, groupId: string, reason: string | undefined): Promise<boolean> {
    const why = reason === undefined ? 'closed by its owner' : checkText(reason, 'topic');
    return run(async (work) => {
      const access = await visibleGroup(work.tx, caller, groupId);
      if (!isOperator(caller) && !atLeast(access.me, 'owner')) throw new AppError('POL5006', ['owner', groupId]);
      await closeGroup(work, access.group, isOperator(caller) && reason === undefined ? 'closed by the operator' : why);
      return true;
    });
  }

  /** SetPublicChat (5.17 "MUST be possible to switch off"): the operator's server-wide switch. */
  async function setPublicChat(caller: Caller, enabled: boolean): Promise<boolean> {
    requireAccountRole(caller, 'admin');
    return run(async ({ tx, now }) => {
      await tx.groups.setPublicChat(enabled, now);
      return enabled;
    });
  }

  return { create, get, listMine, setProperties, rooms, extend, close, setPublicChat };
}

/**
 * Closes a group: every member hears it, memberships and pending invitations go, and the row stays as a
 * tombstone for `tombstoneSeconds`, so the id is never reused (5.12).
 */
export async function closeGroup(work: GroupWork, group: GroupRecord, reason: string): Promise<void> {
  const { tx, now } = work;
  const members = await tx.groups.members(group.id);
  await tell(work, members.map(partyOf), { type: 'groupClosed', reason, attributes: groupAttributes(group) });
  await tx.groups.removeAllMembers(group.id);
  await tx.groups.update(group.id, { closedAt: now });
  const owner = group.ownerId !== null && group.ownerAddress ? { accountId: group.ownerId, address: group.ownerAddress } : undefined;
  await sessionEvent(work, { kind: 'closed', groupId: group.id, party: owner, reason });
}

/** Removes a member; the removed one hears why (kick, ban) along with the others; an emptied group closes. */
export async function removeMember(work: GroupWork, group: GroupRecord, member: MemberRecord, status: GroupMemberStatus, reason?: string) {
  const { tx } = work;
  await tx.groups.removeMember(group.id, member.accountId);
  const remaining = await tx.groups.members(group.id);
  const told = status === 'left' ? remaining : [...remaining, member];
  await memberEvent(work, group, member, status, told.map(partyOf), reason);
  // 5.12, 5.13: a conversation ends when every participant has left; the operator's groups stay.
  if (remaining.length === 0 && !group.createdByOperator) await closeGroup(work, group, 'everyone left');
  else if (member.role === 'owner' && remaining.length > 0) {
    // Ownership passes to the longest-standing admin, else the longest-standing member.
    const heir = remaining.find((m) => m.role === 'admin') ?? remaining[0]!;
    await tx.groups.updateMember(group.id, heir.accountId, { role: 'owner' });
    await tx.groups.update(group.id, { ownerId: heir.accountId });
    await memberEvent(work, group, heir, 'owner', remaining.map(partyOf));
  }
}

export type GroupService = ReturnType<typeof groupService>;
