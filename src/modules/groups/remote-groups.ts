// Group events across domains (docs/groups.md "Members in a peer domain"; the `social.group` hook). At the
// hosting domain: a peer domain's member's answer, message and leave, applied as its stand-in account, which
// needs an invitation or a membership like anyone. At a member's gateway: what the hosting domain sends goes
// into the member's inbox (remote-copies.ts), and a refusal of the member's request comes back as a notice.
import { AppError } from '../../kernel/errors.js';
import { parseAddress } from '../../kernel/addresses.js';
import type { Notification } from '../../kernel/notices.js';
import type { Work } from '../../platform/db/unit-of-work.js';
import { sendNotices } from '../inbox/index.js';
import type { GroupEventHandler, SocialEvent, SocialEventType } from '../presence/index.js';
import type { ConversationService, GroupMessageRequest } from './conversation-service.js';
import type { GroupOptions } from './group-context.js';
import { groupAttributes, type GroupWork, partyOf, tell } from './group-events.js';
import type { MembershipService } from './membership-service.js';
import { memberInbox } from './remote-copies.js';
import { historyToRemote } from './remote-history.js';
import { invalid, valueOf } from './remote-fields.js';
import { qualified, splitQualified } from './remote-members.js';

/** What a member's gateway sends the hosting domain, and what the hosting domain does with it. */
const requestTypes: readonly SocialEventType[] = ['groupAnswer', 'groupSend', 'groupLeave', 'groupJoin', 'groupTyping', 'groupOptions'];
/** Requests whose refusal nobody needs to read: a typing signal is short-lived, an opt-out is the member's own. */
const silentRequests: readonly SocialEventType[] = ['groupTyping', 'groupOptions'];

export function groupEventHandler(
  options: GroupOptions,
  membership: MembershipService,
  conversation: ConversationService,
): GroupEventHandler {
  const members = memberInbox(options);

  /** At the hosting domain: the member's request, applied as its stand-in account. */
  async function fromMember(work: GroupWork, event: SocialEvent): Promise<void> {
    const group = splitQualified(event.to);
    if (!group || !options.hostedDomains.includes(group.domain)) throw new AppError('SVC5001', [event.to]);
    const remote = options.remote;
    const from = parseAddress(event.from);
    if (!remote || from.kind !== 'im') throw new AppError('SVC8001', [group.domain]);
    const party = await remote.party(work, from.address, from.domain, false);
    if (!party.ok) throw new AppError(party.code, [from.domain]);
    const member = party.account;
    const number = (name: string) => {
      const v = valueOf(event.attributes, name);
      if (v !== undefined && !/^\d{1,9}$/.test(v)) throw invalid(event, `${name} must be a whole number`);
      return v === undefined ? undefined : Number(v);
    };
    const screenName = valueOf(event.attributes, 'screenName');
    const history = number('history') ?? 0;
    /** History on join (remote-history.ts): the entries the new member may read, sent after its joined notice. */
    const showHistory = async () => {
      const joined = await work.tx.groups.find(group.id);
      if (joined) await historyToRemote(work, partyOf({ accountId: member.id, address: member.address }), joined, history);
    };
    switch (event.type) {
      case 'groupAnswer':
        if (event.status !== 'accepted' && event.status !== 'declined') throw invalid(event, `status ${event.status ?? ''}`);
        if (await membership.answerIn(work, member, group.id, event.status === 'accepted', screenName)) await showHistory();
        return;
      case 'groupJoin': {
        // The answer a local caller reads in JoinGroup's response comes as a notice: granted now, or later by an
        // admin's decision on a closed group (groupJoinResult granted or refused, as for a local requester).
        if ((await membership.joinIn(work, member, group.id, screenName)).status !== 'joined') return;
        const joined = (await work.tx.groups.find(group.id))!;
        const me = await work.tx.groups.member(group.id, member.id);
        await tell(work, [partyOf({ accountId: member.id, address: member.address })], {
          type: 'groupJoinResult',
          status: 'granted',
          attributes: groupAttributes(joined, me?.screenName),
        });
        await showHistory();
        return;
      }
      case 'groupTyping':
        if (event.status !== 'composing' && event.status !== 'idle') throw invalid(event, `status ${event.status ?? ''}`);
        await conversation.typingIn(work, member, group.id, event.status === 'composing');
        return;
      case 'groupOptions': {
        const typing = valueOf(event.attributes, 'typingNotices');
        if (typing !== 'true' && typing !== 'false') throw invalid(event, 'typingNotices must be true or false');
        await membership.setOptionsIn(work, member, group.id, undefined, typing === 'true');
        return;
      }
      case 'groupLeave':
        await membership.leaveIn(work, member, group.id);
        return;
      default: {
        if (!event.content) throw invalid(event, 'a group message needs content');
        const request: GroupMessageRequest = {
          contentType: valueOf(event.attributes, 'contentType'),
          content: event.content,
          subject: valueOf(event.attributes, 'subject'),
          privateTo: valueOf(event.attributes, 'privateTo'),
          validitySeconds: number('validitySeconds'),
          deliveryReport: false,
          clientMessageId: valueOf(event.attributes, 'clientMessageId'),
        };
        const historyCopy = valueOf(event.attributes, 'historyCopy') === 'true';
        await conversation.sendIn(work, member, group.id, request, conversation.checkRequest(request), historyCopy);
      }
    }
  }

  return {
    async apply(work, event) {
      if (requestTypes.includes(event.type)) await fromMember({ ...work, options }, event);
      else await members.toMember(work, event);
    },
    /**
     * The hosting domain refused a local member's request (or could not be reached): the member reads why,
     * as a notice of the kind its request would have caused. An invitation the invitee's domain refused is
     * withdrawn and the inviter told; other refused notices and copies change nothing here.
     */
    async refused(work, event, code, text) {
      const reason = `${code}: ${text}`.slice(0, 1024);
      if (silentRequests.includes(event.type)) return;
      if (requestTypes.includes(event.type)) await refusedRequest(work, event, reason);
      else if (valueOf(event.attributes, 'notice.type') === 'groupInvitation')
        await invitationUndelivered({ ...work, options }, event, reason);
    },
  };

  /** The member's request was refused: it reads why, as a notice of the kind its request would have caused. */
  async function refusedRequest(work: Work, event: SocialEvent, reason: string): Promise<void> {
    const member = await work.tx.accounts.findByAddress(event.from);
    const group = splitQualified(event.to);
    if (!member || !group) return;
    const named = [
      { name: 'groupId', value: qualified(group) },
      { name: 'groupName', value: qualified(group) },
    ];
    const notification: Notification =
      event.type === 'groupSend'
        ? {
            type: 'deliveryReport',
            messageId: valueOf(event.attributes, 'messageId') ?? '',
            address: qualified(group),
            status: 'failed',
            reason,
          }
        : event.type === 'groupAnswer' || event.type === 'groupJoin'
          ? { type: 'groupJoinResult', status: 'refused', attributes: [...named, { name: 'reason', value: reason }] }
          : { type: 'groupClosed', reason, attributes: named };
    await sendNotices(
      work.tx,
      [{ to: { accountId: member.id, address: member.address }, notification }],
      work.now,
      options.noticeValiditySeconds,
    );
    work.wake([member.id]);
  }

  /**
   * An invitation the invitee's domain refused (no such user there, or no groups across domains): the
   * invitation is withdrawn and the inviter hears `groupInvitationAnswer` `declined` with the `reason`.
   */
  async function invitationUndelivered(work: GroupWork, event: SocialEvent, reason: string): Promise<void> {
    const { tx } = work;
    const groupId = valueOf(event.attributes, 'groupId') ?? '';
    const [group, invitee] = [await tx.groups.find(groupId), await tx.accounts.findByAddress(event.to)];
    const invitation = group && invitee ? await tx.groups.invitation(groupId, invitee.id, 'invitation') : undefined;
    if (!group || !invitee || !invitation) return;
    await tx.groups.removeInvitations(groupId, invitee.id);
    const inviter = invitation.inviterId === null ? undefined : await tx.groups.member(groupId, invitation.inviterId);
    if (inviter)
      await tell(work, [partyOf(inviter)], {
        type: 'groupInvitationAnswer',
        address: invitee.address,
        status: 'declined',
        attributes: groupAttributes(group, undefined, [{ name: 'reason', value: reason }]),
      });
  }
}
