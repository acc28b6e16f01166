// At a member's gateway, what a hosting domain sends for a local member of its group (docs/groups.md
// "Members in a peer domain"): a notice or a message becomes the inbox entry a local group would write, with
// the group id qualified `<groupId>@<hosting domain>`; the group's record and history copy are kept beside
// (remote-state.ts, remote-history.ts). Peer input: only group notice types with their
// statuses pass (SVC8002 otherwise); the peer trust check (social-inbound.ts) has made sure the group is
// named in the calling peer's own domain.
import { AppError } from '../../kernel/errors.js';
import { parseUtcDateTime } from '../../kernel/time.js';
import { parseAddress } from '../../kernel/addresses.js';
import type { Notification } from '../../kernel/notices.js';
import type { NameValue } from '../../kernel/social-types.js';
import type { Account, NewMessage } from '../../kernel/types.js';
import type { Work } from '../../platform/db/unit-of-work.js';
import { newMessageId, sendNotices, storeAndEnqueueAll } from '../inbox/index.js';
import type { SocialEvent } from '../presence/index.js';
import type { GroupOptions } from './group-context.js';
import { groupAddress } from './group-types.js';
import { invalid } from './remote-fields.js';
import { isHistoryItem, keepHistory } from './remote-history.js';
import { type QualifiedGroup, qualified, splitQualified } from './remote-members.js';
import { keepState } from './remote-state.js';

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

/** The prefixes of the fields that travel beside a notice's own attributes (remote-state.ts, remote-history.ts). */
const fieldPrefixes = ['notice.', 'message.', 'group.', 'member.', 'history.'];

/** The event's attributes split: the `notice.*`, `message.*`, `group.*`, `member.*` and `history.*` fields, and the notice's own with the id qualified. */
function readAttributes(event: SocialEvent, group: QualifiedGroup) {
  const fields = new Map<string, string>();
  const own: NameValue[] = [];
  for (const a of event.attributes) {
    if (fieldPrefixes.some((prefix) => a.name.startsWith(prefix))) fields.set(a.name, a.value);
    else if (a.name !== 'groupId') own.push(a);
  }
  return { fields, attributes: [{ name: 'groupId', value: qualified(group) }, ...own] };
}

/** At a member's gateway: what a hosting domain sends for a local member. */
export function memberInbox(options: GroupOptions) {
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
    if (isHistoryItem(fields)) {
      // A history item (history on join): into the copy only, with its own time.
      const at = parseUtcDateTime(fields.get('history.at') ?? '');
      if (at === undefined) throw invalid(event, 'history.at must be a time');
      if (event.type === 'groupMessage' && !messageStatuses.includes(event.status ?? ''))
        throw invalid(event, `status ${event.status ?? ''}`);
      await keepHistory(work.tx, event, target, group, fields, attributes, Math.min(at, work.now));
      return;
    }
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
      await keepState(work.tx, event, target, qualified(group), fields, work.now);
      await keepHistory(work.tx, event, target, group, fields, attributes, work.now);
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
    await keepHistory(work.tx, event, target, group, fields, attributes, work.now);
  }

  return { toMember };
}
