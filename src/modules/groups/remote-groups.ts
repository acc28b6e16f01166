// Group events across domains (docs/groups.md "Members in a peer domain"; the `social.group` hook). At a
// member's gateway: a hosting domain's notice or message becomes the inbox entry a local member would read,
// with the group id qualified `<groupId>@<hosting domain>`; the member's answer, message and leave go to the
// hosting domain as events, and a refusal comes back as a notice. At the hosting domain: those events are
// applied as the member's stand-in account, which needs an invitation or a membership like anyone.
import { AppError } from '../../kernel/errors.js';
import { parseAddress } from '../../kernel/addresses.js';
import type { Notification } from '../../kernel/notices.js';
import type { NameValue } from '../../kernel/social-types.js';
import type { Account, NewMessage } from '../../kernel/types.js';
import type { Work } from '../../platform/db/unit-of-work.js';
import { newMessageId, sendNotices, storeAndEnqueueAll } from '../inbox/index.js';
import { type GroupEventHandler, type SocialEvent, type SocialEventType } from '../presence/index.js';
import type { ConversationService, GroupMessageRequest } from './conversation-service.js';
import type { GroupOptions } from './group-context.js';
import type { GroupWork } from './group-events.js';
import { groupAddress } from './group-types.js';
import type { MembershipService } from './membership-service.js';
import { type QualifiedGroup, qualified, splitQualified } from './remote-members.js';

/** The statuses each notice type a hosting domain may send takes (anything else is refused, SVC8002). */
const noticeStatuses: Readonly<Record<string, readonly (string | undefined)[]>> = {
  groupInvitation: ['pending'],
  groupInvitationAnswer: ['accepted', 'declined'],
  groupJoinRequest: ['pending'],
  groupJoinResult: ['granted', 'refused'],
  groupMember: ['joined', 'left', 'kicked', 'banned', 'muted', 'unmuted', 'admin', 'member', 'owner'],
  groupProperties: ['changed'],
  groupTyping: ['composing', 'idle'],
  groupExpiring: ['expiring'],
  groupClosed: [undefined],
};
const messageStatuses = ['group', 'private'];

const invalid = (event: SocialEvent, why: string) => new AppError('SVC8002', [event.type, why]);
const valueOf = (attributes: readonly NameValue[], name: string) => attributes.find((a) => a.name === name)?.value;

/** The event's attributes split: the `notice.*` and `message.*` fields, and the notice's own with the id qualified. */
function readAttributes(event: SocialEvent, group: QualifiedGroup) {
  const fields = new Map<string, string>();
  const own: NameValue[] = [];
  for (const a of event.attributes) {
    if (a.name.startsWith('notice.') || a.name.startsWith('message.')) fields.set(a.name, a.value);
    else if (a.name !== 'groupId') own.push(a);
  }
  return { fields, attributes: [{ name: 'groupId', value: qualified(group) }, ...own] };
}

/** At a member's gateway: what a hosting domain sends for a local member. */
function memberInbox(options: GroupOptions) {
  /** The local member an event from a hosting domain is for. */
  async function memberHere(work: Work, event: SocialEvent): Promise<Account> {
    const to = parseAddress(event.to);
    if (to.kind !== 'im' || !options.hostedDomains.includes(to.domain)) throw new AppError('SVC2002', [event.to]);
    const account = await work.tx.accounts.findByAddress(to.address);
    if (!account) throw new AppError('SVC2002', [to.address]);
    return account;
  }

  /** A hosting domain's notice or message into a local member's inbox, as a local group's copy looks. */
  async function toMember(work: Work, event: SocialEvent): Promise<void> {
    const group = splitQualified(event.from);
    if (!group) throw invalid(event, 'from must be <groupId>@<domain>');
    const target = await memberHere(work, event);
    const { fields, attributes } = readAttributes(event, group);
    const address = fields.get('notice.address');
    const to = [{ accountId: target.id, address: target.address }];
    if (event.type === 'groupNotice') {
      const type = fields.get('notice.type') ?? '';
      const statuses = noticeStatuses[type];
      if (!statuses?.includes(event.status)) throw invalid(event, `notice ${type} with status ${event.status ?? ''}`);
      const notification = (
        type === 'groupClosed'
          ? { type, reason: fields.get('notice.reason') ?? '', attributes }
          : { type, status: event.status, ...(address !== undefined ? { address } : {}), attributes }
      ) as Notification;
      const validity = type === 'groupTyping' ? options.typingSeconds : options.noticeValiditySeconds;
      await sendNotices(work.tx, [{ to: to[0]!, notification }], work.now, validity);
      work.wake([target.id]);
      return;
    }
    if (!event.content || !messageStatuses.includes(event.status ?? ''))
      throw invalid(event, 'a group message needs content and its status');
    const contentType = fields.get('message.contentType') ?? 'text/plain; charset=utf-8';
    const subject = fields.get('message.subject');
    if (contentType.length === 0 || contentType.length > 255) throw invalid(event, 'contentType');
    const validity = Math.min(Number(fields.get('message.validitySeconds')) || options.defaultValiditySeconds, options.maxValiditySeconds);
    const message: NewMessage = {
      id: newMessageId(work.now),
      kind: 'message',
      senderAccountId: null,
      // The sender's address only when the hosting domain showed it (a private group); a room shows none.
      senderAddress: address ?? null,
      hideSender: address === undefined,
      clientMessageId: undefined,
      contentType,
      content: event.content,
      subject,
      priority: 'normal',
      deliveryReport: false,
      notification: { type: 'groupMessage', status: event.status as 'group' | 'private', address, attributes },
      sentAt: work.now,
      expiresAt: work.now + Math.max(1, validity) * 1000,
      shownRecipients: [groupAddress(qualified(group))],
    };
    const recipient = {
      address: target.address,
      accountId: target.id,
      status: 'queued' as const,
      errorCode: undefined,
      errorText: undefined,
    };
    work.wake(await storeAndEnqueueAll(work.tx, [{ message, recipients: [{ ...recipient, updatedAt: work.now }] }]));
  }

  return { toMember };
}

/** What a member's gateway sends the hosting domain, and what the hosting domain does with it. */
const requestTypes: readonly SocialEventType[] = ['groupAnswer', 'groupSend', 'groupLeave'];

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
    switch (event.type) {
      case 'groupAnswer':
        if (event.status !== 'accepted' && event.status !== 'declined') throw invalid(event, `status ${event.status ?? ''}`);
        await membership.answerIn(work, member, group.id, event.status === 'accepted', valueOf(event.attributes, 'screenName'));
        return;
      case 'groupLeave':
        await membership.leaveIn(work, member, group.id);
        return;
      default: {
        if (!event.content) throw invalid(event, 'a group message needs content');
        const number = (name: string) => {
          const v = valueOf(event.attributes, name);
          if (v !== undefined && !/^\d{1,9}$/.test(v)) throw invalid(event, `${name} must be a whole number`);
          return v === undefined ? undefined : Number(v);
        };
        const request: GroupMessageRequest = {
          contentType: valueOf(event.attributes, 'contentType'),
          content: event.content,
          subject: valueOf(event.attributes, 'subject'),
          privateTo: valueOf(event.attributes, 'privateTo'),
          validitySeconds: number('validitySeconds'),
          deliveryReport: false,
          clientMessageId: valueOf(event.attributes, 'clientMessageId'),
        };
        await conversation.sendIn(work, member, group.id, request, conversation.checkRequest(request));
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
     * as a notice of the kind its request would have caused. Refused notices for a member of a group hosted
     * here change nothing (the peer judged its user unknown or the event unreadable).
     */
    async refused(work, event, code, text) {
      if (!requestTypes.includes(event.type)) return;
      const member = await work.tx.accounts.findByAddress(event.from);
      const group = splitQualified(event.to);
      if (!member || !group) return;
      const reason = `${code}: ${text}`.slice(0, 1024);
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
          : event.type === 'groupAnswer'
            ? { type: 'groupJoinResult', status: 'refused', attributes: [...named, { name: 'reason', value: reason }] }
            : { type: 'groupClosed', reason, attributes: named };
      await sendNotices(
        work.tx,
        [{ to: { accountId: member.id, address: member.address }, notification }],
        work.now,
        options.noticeValiditySeconds,
      );
      work.wake([member.id]);
    },
  };
}
