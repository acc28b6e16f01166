// Membership, the durable fact (MU-2, MU-4, MU-6, PP-27, PP-28, PP-30, PP2-41, PP2-42, PP2-44): invite and
// answer, join (open, or closed with an invitation or an admin's approval), leave, moderation (kick, ban,
// unban, mute, admin), and a member's own options. Each call is one unit of work: the change, its history
// entry and every notice it causes commit together.
import { AppError } from '../../kernel/errors.js';
import type { Repositories } from '../../kernel/ports.js';
import type { Account } from '../../kernel/types.js';
import { type Caller, requireRole as requireAccountRole } from '../../kernel/require-role.js';
import { requireTarget, targetResolver } from '../addressing/index.js';
import { atLeast, type GroupAccess, isOperator, joinableGroup, requireMember, requireRole, visibleGroup } from './group-access.js';
import type { GroupContext } from './group-context.js';
import { groupAttributes, type GroupWork, memberEvent, partyOf, shownAddress, tell } from './group-events.js';
import { checkCreated, checkMemberships, checkText, defaultScreenName, newGroupRecord, removeMember } from './group-service.js';
import type { GroupRecord, GroupView, MemberRecord } from './group-types.js';
import { checkScreenName, claimScreenName, screenKey } from './screen-names.js';
import { localGroupId, peerGroupOf, qualified, type QualifiedGroup, requestHost } from './remote-members.js';
import { requireRemoteGroup } from './remote-state.js';

export type ModerationAction = 'kick' | 'ban' | 'unban' | 'mute' | 'unmute' | 'grantAdmin' | 'revokeAdmin';
export const moderationActions: readonly ModerationAction[] = ['kick', 'ban', 'unban', 'mute', 'unmute', 'grantAdmin', 'revokeAdmin'];

export interface InviteResult {
  readonly address: string;
  readonly status: 'invited' | 'failed';
  readonly errorCode?: string;
  readonly errorText?: string;
}

const listPrefix = 'list:';

export function membershipService(ctx: GroupContext) {
  const { options } = ctx;
  const run = <T>(fn: (work: GroupWork) => Promise<T>) => ctx.work.run((w) => fn({ ...w, options }));

  async function view(tx: Repositories, groupId: string, me: MemberRecord | undefined): Promise<GroupView> {
    return { group: (await tx.groups.find(groupId))!, me, memberCount: await tx.groups.countMembers(groupId) };
  }

  /**
   * A ban, the operator's ban everywhere (public rooms), or a room-admission handler (minors' protection in
   * public rooms; guests outside them) refuses the account.
   */
  async function admit(work: GroupWork, group: GroupRecord, account: Account): Promise<void> {
    if (await work.tx.groups.ban(group.id, account.id)) throw new AppError('POL5007', [account.address, group.id]);
    if (group.visibility === 'public' && (await work.tx.groups.chatBanned(account.id))) throw new AppError('POL5013');
    for (const hook of ctx.roomAdmission) {
      const refusal = await hook(work, account, group);
      if (refusal) throw new AppError(refusal.code, refusal.variables);
    }
  }

  /** Adds the account under its screen name within the limits, and tells every member (MU-6). */
  async function addMember(
    work: GroupWork,
    group: GroupRecord,
    account: Pick<Account, 'id' | 'address'>,
    screenName: string,
  ): Promise<MemberRecord> {
    const { tx, now } = work;
    const count = await tx.groups.countMembers(group.id);
    const max = Math.min(group.maxMembers, options.membersPerGroup);
    if (count >= max) throw new AppError('POL5001', [group.id, max]);
    await checkMemberships(tx, account as Account, options.groupsPerUser);
    await claimScreenName(tx, group.id, screenName, options.screenNameChars);
    const member: MemberRecord = {
      groupId: group.id,
      accountId: account.id,
      address: account.address,
      role: 'member',
      screenName,
      muted: false,
      typingNotices: true,
      joinedAt: now,
      lastSentAt: undefined,
    };
    await tx.groups.addMember(member);
    await tx.groups.removeInvitations(group.id, account.id);
    await memberEvent(work, group, member, 'joined', (await tx.groups.members(group.id)).map(partyOf));
    return member;
  }

  /** Members and `list:<name>` entries of the caller's own contact lists (5.9), in order, without repeats. */
  async function expandInvitees(tx: Repositories, caller: Account, invitees: readonly string[]): Promise<string[]> {
    const out: string[] = [];
    for (const raw of invitees) {
      const text = raw.trim();
      if (!text.toLowerCase().startsWith(listPrefix)) {
        out.push(text);
        continue;
      }
      // The contacts module's lists, read for the addresses a `list:` invitation names (the same read as
      // SendMessages' list expansion), inside this unit of work.
      const list = await tx.contacts.findList(caller.id, text.slice(listPrefix.length).trim());
      if (!list) throw new AppError('SVC3001', [text.slice(listPrefix.length).trim()]);
      for (const entry of await tx.contacts.entries([list.id])) out.push(entry.address);
    }
    return [...new Set(out)];
  }

  /** Invites each address (per-address outcome), in the caller's unit of work. */
  async function inviteAll(work: GroupWork, caller: Account, access: GroupAccess, invitees: readonly string[]): Promise<InviteResult[]> {
    const { tx, now } = work;
    const { group } = access;
    const addresses = await expandInvitees(tx, caller, invitees);
    if (addresses.length > options.invitesPerRequest) throw new AppError('POL0003', ['invitee', options.invitesPerRequest]);
    // A user of a peer domain takes part as its stand-in account (remote-members.ts), when groups cross domains.
    const remote = options.remote;
    const resolve = targetResolver(
      tx,
      caller,
      options.hostedDomains,
      remote &&
        (async (address, domain) => {
          const party = await remote.party(work, address, domain, true);
          if (party.ok) return { ok: true, address: party.account.address, account: party.account };
          return { ok: false, address, code: party.code, text: party.text, variables: [domain] };
        }),
    );
    const results: InviteResult[] = [];
    for (const raw of addresses) {
      const target = await resolve(raw);
      if (!target.ok) {
        results.push({ address: target.address, status: 'failed', errorCode: target.code, errorText: target.text });
        continue;
      }
      const account = target.account;
      try {
        if (await tx.groups.member(group.id, account.id)) throw new AppError('SVC5010', [account.address, group.id]);
        await admit(work, group, account);
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        results.push({ address: account.address, status: 'failed', errorCode: error.code, errorText: error.message });
        continue;
      }
      await tx.groups.saveInvitation({
        groupId: group.id,
        accountId: account.id,
        kind: 'invitation',
        inviterId: caller.id,
        screenName: undefined,
        createdAt: now,
      });
      await tell(work, [{ accountId: account.id, address: account.address }], {
        type: 'groupInvitation',
        address: shownAddress(group, caller.address),
        status: 'pending',
        attributes: groupAttributes(group, access.me?.screenName ?? 'operator'),
      });
      results.push({ address: account.address, status: 'invited' });
    }
    return results;
  }

  /** InviteToGroup (MU-2, PP-30, PP2-41): admins, or any member where the group allows it. */
  async function invite(caller: Account, groupId: string, invitees: readonly string[]): Promise<InviteResult[]> {
    if (invitees.length === 0) throw new AppError('SVC0002', ['invitee']);
    return run(async (work) => {
      const access = await visibleGroup(work.tx, caller, groupId);
      if (!isOperator(caller)) requireMember(access);
      if (!access.group.membersMayInvite) requireRole(caller, access, 'admin');
      return inviteAll(work, caller, access, invitees);
    });
  }

  /**
   * ConvertConversation (5.13, PP-40, PP2-43): a one-to-one exchange becomes a private group. Both parties
   * are members at once (the caller owns it), the recent exchange is its history, and the third parties are
   * invited. Only a conversation that happened can be converted, so nobody is put in a group by a stranger.
   */
  async function convert(
    caller: Account,
    peer: string,
    invitees: readonly string[],
    name: string | undefined,
    screenName: string | undefined,
  ) {
    if (invitees.length === 0) throw new AppError('SVC0002', ['invitee']);
    const title = name === undefined ? undefined : checkText(name, 'name');
    return run(async (work) => {
      const { tx, now } = work;
      const other = await requireTarget(targetResolver(tx, caller, options.hostedDomains), peer);
      const exchange = await tx.groups.conversationBetween(caller.id, other.id, options.historyPage);
      if (exchange.length === 0) throw new AppError('SVC5011', [other.address]);
      await checkCreated(tx, caller, options.createdPerUser);
      const local = (a: Account) => a.address.slice(0, a.address.indexOf('@'));
      const group = newGroupRecord(options, now, {
        name: title || `${local(caller)} & ${local(other)}`,
        owner: caller,
        createdByOperator: false,
        visibility: 'private',
        access: 'closed',
        properties: {},
        durationSeconds: undefined,
      });
      await tx.groups.insert(group);
      const names = new Map<number, string>();
      for (const [account, role, given] of [
        [caller, 'owner', screenName],
        [other, 'member', undefined],
      ] as const) {
        await checkMemberships(tx, account, options.groupsPerUser);
        const chosen = await defaultScreenName(ctx, work, group, account, given);
        await claimScreenName(tx, group.id, chosen, options.screenNameChars);
        await tx.groups.addMember({
          groupId: group.id,
          accountId: account.id,
          role,
          screenName: chosen,
          muted: false,
          typingNotices: true,
          joinedAt: now,
        });
        names.set(account.id, chosen);
      }
      // The conversation so far, in its order, as the group's first history.
      for (const m of exchange) {
        await tx.groups.appendHistory({
          groupId: group.id,
          seq: await tx.groups.nextSeq(group.id, now),
          kind: 'message',
          messageId: undefined,
          senderId: m.senderId,
          screenName: names.get(m.senderId),
          privateTo: undefined,
          type: undefined,
          status: undefined,
          contentType: m.contentType,
          content: m.content,
          at: m.sentAt,
        });
      }
      const members = await tx.groups.members(group.id);
      await memberEvent(work, group, members.find((m) => m.accountId === other.id)!, 'joined', members.map(partyOf));
      const me = members.find((m) => m.accountId === caller.id)!;
      const results = await inviteAll(work, caller, { group, me }, invitees);
      return { view: await view(tx, group.id, me), results };
    });
  }

  /** A join's screen name and `history=N` for the hosting domain of a peer domain's group. */
  const joinAttributes = (screenName: string | undefined, history: number | undefined) => [
    ...(screenName === undefined ? [] : [{ name: 'screenName', value: screenName }]),
    ...(history ? [{ name: 'history', value: String(Math.min(history, options.historyPage)) }] : []),
  ];

  /**
   * AnswerInvitation: accept (join under a screen name) or decline; the inviter is told the answer. `history`
   * (shown on join) matters here for a group of a peer domain only: its host sends those entries across.
   */
  async function answer(
    caller: Account,
    groupId: string,
    accept: boolean,
    screenName: string | undefined,
    history?: number,
  ): Promise<GroupView | undefined> {
    const host = peerGroupOf(options, groupId);
    // A group of a peer domain: the answer goes there (remote-groups.ts); a refusal comes back as a notice.
    if (host) {
      const attributes = joinAttributes(screenName, accept ? history : undefined);
      await run((work) => requestHost(work, caller, host, 'groupAnswer', accept ? 'accepted' : 'declined', attributes));
      return undefined;
    }
    return run((work) => answerIn(work, caller, localGroupId(options, groupId), accept, screenName));
  }

  /** AnswerInvitation in the given unit of work (also a peer domain's member answering, remote-groups.ts). */
  async function answerIn(
    work: GroupWork,
    caller: Account,
    groupId: string,
    accept: boolean,
    screenName: string | undefined,
  ): Promise<GroupView | undefined> {
    const { tx } = work;
    const group = await tx.groups.find(groupId);
    const invitation = group && group.closedAt === undefined ? await tx.groups.invitation(groupId, caller.id, 'invitation') : undefined;
    if (!group || group.closedAt !== undefined) throw new AppError('SVC5001', [groupId]);
    if (!invitation) throw new AppError('SVC5005', [groupId]);
    let joined: MemberRecord | undefined;
    if (accept) {
      await admit(work, group, caller);
      joined = await addMember(work, group, caller, await defaultScreenName(ctx, work, group, caller, screenName));
    } else await tx.groups.removeInvitations(groupId, caller.id);
    const inviter = invitation.inviterId === null ? undefined : await tx.groups.member(groupId, invitation.inviterId);
    if (inviter)
      await tell(work, [partyOf(inviter)], {
        type: 'groupInvitationAnswer',
        address: caller.address,
        status: accept ? 'accepted' : 'declined',
        attributes: groupAttributes(group, joined?.screenName),
      });
    return joined ? view(tx, groupId, joined) : undefined;
  }

  /** JoinGroup (PP-27): an open group at once; a closed one with an invitation, or by an admin's approval. */
  async function join(
    caller: Account,
    groupId: string,
    screenName: string | undefined,
    history?: number,
  ): Promise<{ status: 'joined' | 'requested'; view?: GroupView }> {
    const host = peerGroupOf(options, groupId);
    if (host) return run((work) => joinHost(work, caller, host, screenName, history));
    return run((work) => joinIn(work, caller, localGroupId(options, groupId), screenName));
  }

  /**
   * JoinGroup of a group of a peer domain: the request goes to its host, which judges it as for a local
   * account; answered `requested` at once. The outcome comes back as notices: `groupJoinResult` granted (and
   * the member's own `groupMember` joined) or refused with the reason (remote-groups.ts).
   */
  async function joinHost(work: GroupWork, caller: Account, host: QualifiedGroup, screenName: string | undefined, history?: number) {
    if (await work.tx.remoteGroups.find(caller.id, qualified(host))) throw new AppError('SVC5007', [qualified(host)]);
    await requestHost(work, caller, host, 'groupJoin', undefined, joinAttributes(screenName, history));
    return { status: 'requested' as const };
  }

  /** JoinGroup in the given unit of work (also a peer domain's member joining, remote-groups.ts). */
  async function joinIn(
    work: GroupWork,
    caller: Account,
    groupId: string,
    screenName: string | undefined,
  ): Promise<{ status: 'joined' | 'requested'; view?: GroupView }> {
    const { tx, now } = work;
    const access = await joinableGroup(tx, caller, groupId);
    const { group } = access;
    if (access.me) throw new AppError('SVC5007', [groupId]);
    await admit(work, group, caller);
    const name = await defaultScreenName(ctx, work, group, caller, screenName);
    const invited = await tx.groups.invitation(groupId, caller.id, 'invitation');
    if (group.access === 'open' || invited) {
      const me = await addMember(work, group, caller, name);
      return { status: 'joined', view: await view(tx, groupId, me) };
    }
    // A closed group: the admins decide. The name must be free now; approval claims it.
    await claimScreenName(tx, groupId, name, options.screenNameChars);
    await tx.groups.saveInvitation({ groupId, accountId: caller.id, kind: 'request', inviterId: null, screenName: name, createdAt: now });
    const admins = (await tx.groups.members(groupId)).filter((m) => atLeast(m, 'admin'));
    await tell(work, admins.map(partyOf), {
      type: 'groupJoinRequest',
      address: shownAddress(group, caller.address),
      status: 'pending',
      attributes: groupAttributes(group, name),
    });
    return { status: 'requested' };
  }

  /** DecideJoinRequest: an admin approves or refuses a request to join a closed group; the requester hears. */
  async function decide(caller: Account, groupId: string, screenName: string, approve: boolean): Promise<'joined' | 'refused'> {
    return run(async (work) => {
      const { tx } = work;
      const access = await visibleGroup(tx, caller, groupId);
      requireRole(caller, access, 'admin');
      const { group } = access;
      const request = await tx.groups.invitationByScreenName(groupId, screenKey(screenName), 'request');
      if (!request) throw new AppError('SVC5006', [screenName, groupId]);
      const requester = { id: request.accountId, address: request.address };
      if (approve) await addMember(work, group, requester, request.screenName ?? screenName);
      else await tx.groups.removeInvitations(groupId, request.accountId);
      await tell(work, [{ accountId: requester.id, address: requester.address }], {
        type: 'groupJoinResult',
        status: approve ? 'granted' : 'refused',
        attributes: groupAttributes(group, request.screenName),
      });
      return approve ? 'joined' : 'refused';
    });
  }

  /** LeaveGroup (PP-28): the others hear it; the last one out closes a user's group. */
  async function leave(caller: Account, groupId: string): Promise<boolean> {
    const host = peerGroupOf(options, groupId);
    // Gone from its gateway's list at once, as a local leave is (the host does not tell the leaver).
    if (host)
      return run(async (work) => {
        await requestHost(work, caller, host, 'groupLeave', undefined, []);
        await work.tx.remoteGroups.remove(caller.id, qualified(host));
        return true;
      });
    return run((work) => leaveIn(work, caller, localGroupId(options, groupId)));
  }

  /** LeaveGroup in the given unit of work (also a peer domain's member leaving, remote-groups.ts). */
  async function leaveIn(work: GroupWork, caller: Account, groupId: string): Promise<boolean> {
    const access = await visibleGroup(work.tx, caller, groupId);
    await removeMember(work, access.group, requireMember(access), 'left');
    return true;
  }

  /** ModerateMember (5.17): kick, ban, unban, mute and unmute (admins); grant and revoke admin (the owner). */
  async function moderate(caller: Account, groupId: string, screenName: string, action: ModerationAction, reason: string | undefined) {
    return run(async (work) => {
      const { tx, now } = work;
      const access = await visibleGroup(tx, caller, groupId);
      const { group } = access;
      requireRole(caller, access, action === 'grantAdmin' || action === 'revokeAdmin' ? 'owner' : 'admin');
      const key = screenKey(screenName);
      if (action === 'unban') {
        const ban = await tx.groups.banByScreenName(groupId, key);
        if (!ban) throw new AppError('SVC5004', [screenName, groupId]);
        await tx.groups.removeBan(groupId, ban.accountId);
        return 'unbanned';
      }
      const target = await tx.groups.memberByScreenName(groupId, key);
      if (!target) throw new AppError('SVC5004', [screenName, groupId]);
      if (target.role === 'owner') throw new AppError('SVC5009', [groupId, action]);
      // An admin acts on members; only the owner (or the operator) acts on another admin.
      if (target.role === 'admin' && !isOperator(caller) && !atLeast(access.me, 'owner')) throw new AppError('POL5006', ['owner', groupId]);
      const members = async () => (await tx.groups.members(groupId)).map(partyOf);
      switch (action) {
        case 'kick':
          await removeMember(work, group, target, 'kicked', reason);
          return 'kicked';
        case 'ban':
          await tx.groups.saveBan({ groupId, accountId: target.accountId, screenKey: key, reason, bannedAt: now });
          await tx.groups.removeInvitations(groupId, target.accountId);
          await removeMember(work, group, target, 'banned', reason);
          return 'banned';
        case 'mute':
        case 'unmute':
          await tx.groups.updateMember(groupId, target.accountId, { muted: action === 'mute' });
          await memberEvent(work, group, target, action === 'mute' ? 'muted' : 'unmuted', await members(), reason);
          return action === 'mute' ? 'muted' : 'unmuted';
        case 'grantAdmin':
        case 'revokeAdmin': {
          const role = action === 'grantAdmin' ? 'admin' : 'member';
          await tx.groups.updateMember(groupId, target.accountId, { role });
          await memberEvent(work, group, target, role, await members());
          return role;
        }
      }
    });
  }

  /**
   * The operator removes (kick) or bans an account from every group it is in, at once (issue 13: "kick or
   * ban a user everywhere"), in one unit of work; each group hears it as a kick or ban. A group the account
   * owns is left alone (`owner`): close it instead.
   */
  async function removeEverywhere(caller: Caller, account: Account, ban: boolean, reason: string | undefined) {
    requireAccountRole(caller, 'admin');
    const why = reason === undefined ? undefined : checkText(reason, 'topic');
    return run(async (work) => {
      const { tx, now } = work;
      const outcomes: { groupId: string; outcome: 'kicked' | 'banned' | 'owner' }[] = [];
      for (const group of await tx.groups.groupsOf(account.id)) {
        const member = await tx.groups.member(group.id, account.id);
        if (!member) continue;
        if (member.role === 'owner') {
          outcomes.push({ groupId: group.id, outcome: 'owner' });
          continue;
        }
        if (ban) {
          const key = screenKey(member.screenName);
          await tx.groups.saveBan({ groupId: group.id, accountId: account.id, screenKey: key, reason: why, bannedAt: now });
          await tx.groups.removeInvitations(group.id, account.id);
        }
        await removeMember(work, group, member, ban ? 'banned' : 'kicked', why);
        outcomes.push({ groupId: group.id, outcome: ban ? 'banned' : 'kicked' });
      }
      return outcomes;
    });
  }

  /** SetMemberOptions: the caller's screen name, and its typing-notice opt-out (PP-44), in one group. */
  async function setOptions(
    caller: Account,
    groupId: string,
    screenName: string | undefined,
    typingNotices: boolean | undefined,
  ): Promise<MemberRecord> {
    const host = peerGroupOf(options, groupId);
    if (host) return run((work) => setHostOptions(work, caller, host, screenName, typingNotices));
    return run((work) => setOptionsIn(work, caller, localGroupId(options, groupId), screenName, typingNotices));
  }

  /**
   * SetMemberOptions of a group of a peer domain: the typing opt-out goes to the host (which stops sending and
   * taking the member's typing notices there) and is kept here at once, so SetTyping here honours it too. A
   * new screen name there is not offered (SVC0002): only the host could refuse a taken one.
   */
  async function setHostOptions(
    work: GroupWork,
    caller: Account,
    host: QualifiedGroup,
    screenName: string | undefined,
    typingNotices: boolean | undefined,
  ): Promise<MemberRecord> {
    const record = await requireRemoteGroup(work.tx, caller, qualified(host));
    if (screenName !== undefined && screenName !== record.me.screenName)
      throw new AppError('SVC0002', ['screenName (a group of a peer domain keeps the screen name it was joined with)']);
    // Sent even when the record already says so: the record may show a value the host notified before it
    // applied an earlier change, and applying it twice changes nothing there.
    if (typingNotices !== undefined) {
      await requestHost(work, caller, host, 'groupOptions', undefined, [{ name: 'typingNotices', value: String(typingNotices) }]);
      await work.tx.remoteGroups.setTypingNotices(caller.id, record.groupId, typingNotices);
    }
    return { ...record.me, address: caller.address, typingNotices: typingNotices ?? record.me.typingNotices, lastSentAt: undefined };
  }

  /** SetMemberOptions in the given unit of work (also a peer domain's member's opt-out, remote-groups.ts). */
  async function setOptionsIn(
    { tx }: GroupWork,
    caller: Account,
    groupId: string,
    screenName: string | undefined,
    typingNotices: boolean | undefined,
  ): Promise<MemberRecord> {
    const me = requireMember(await visibleGroup(tx, caller, groupId));
    let name = me.screenName;
    if (screenName !== undefined) {
      name = checkScreenName(screenName, options.screenNameChars);
      if (screenKey(name) !== screenKey(me.screenName)) await claimScreenName(tx, groupId, name, options.screenNameChars);
    }
    await tx.groups.updateMember(groupId, caller.id, { screenName: name, typingNotices: typingNotices ?? me.typingNotices });
    return (await tx.groups.member(groupId, caller.id))!;
  }

  return { invite, convert, answer, answerIn, join, joinIn, decide, leave, leaveIn, moderate, setOptions, setOptionsIn, removeEverywhere };
}

export type MembershipService = ReturnType<typeof membershipService>;
