// Talking in a group: SendGroupMessage to every member in the group's one order (PP-29, PP-31, PP-32), private
// messages inside a group (PP-33, PP-34), the history (MU-7, PP2-45), and is-typing (PP-37, PP-44).
import { AppError } from '../../kernel/errors.js';
import type { RecipientRecord } from '../../kernel/ports.js';
import { noticeText, type Notification } from '../../kernel/notices.js';
import type { Account, NewMessage } from '../../kernel/types.js';
import { newMessageId, sendNotices, storeAndEnqueueAll } from '../inbox/index.js';
import { isOperator, requireMember, visibleGroup } from './group-access.js';
import type { GroupContext } from './group-context.js';
import { groupAttributes, type GroupWork, partyOf, shownAddress } from './group-events.js';
import { isoTime } from '../../kernel/time.js';
import { historyRecordOf } from './remote-history.js';
import { requireRemoteGroup } from './remote-state.js';
import {
  isRemote,
  localGroupId,
  messageToRemote,
  noticeToRemote,
  peerGroupOf,
  qualified,
  type QualifiedGroup,
  requestHost,
  splitParties,
} from './remote-members.js';
import { groupAddress, type GroupRecord, type HistoryRecord, type MemberRecord } from './group-types.js';
import { screenKey } from './screen-names.js';

export interface GroupMessageRequest {
  readonly contentType: string | undefined;
  readonly content: Buffer;
  readonly subject: string | undefined;
  readonly privateTo: string | undefined;
  readonly validitySeconds: number | undefined;
  readonly deliveryReport: boolean;
  readonly clientMessageId: string | undefined;
}

export interface GroupSendResult {
  readonly messageId: string;
  readonly groupSequence: number;
  readonly expiresAt: number;
  readonly recipients: number;
}

const sequenceOf = (n: Notification | undefined): number =>
  Number(n && 'attributes' in n ? (n.attributes.find((a) => a.name === 'groupSequence')?.value ?? 0) : 0);

/**
 * Who a copy names as its recipient: the address in a private group, the screen name in a public room, where
 * the sender's GetDeliveryStatus must not reveal who sits in it (5.17).
 */
const recipientOf = (group: GroupRecord, m: MemberRecord, now: number): RecipientRecord => ({
  address: group.visibility === 'private' ? m.address : m.screenName,
  accountId: m.accountId,
  status: 'queued',
  errorCode: undefined,
  errorText: undefined,
  updatedAt: now,
});

export function conversationService(ctx: GroupContext) {
  const { options } = ctx;
  const run = <T>(fn: (work: GroupWork) => Promise<T>) => ctx.work.run((w) => fn({ ...w, options }));

  function checkRequest(request: GroupMessageRequest): number {
    if (request.content.length > options.contentBytes) throw new AppError('POL1002', [request.content.length, options.contentBytes]);
    if (request.contentType !== undefined && (request.contentType.length === 0 || request.contentType.length > 255))
      throw new AppError('SVC0002', ['contentType']);
    if (request.subject !== undefined && request.subject.length > 1024) throw new AppError('SVC0002', ['subject']);
    if (request.clientMessageId !== undefined && (request.clientMessageId.length === 0 || request.clientMessageId.length > 128))
      throw new AppError('SVC0002', ['clientMessageId']);
    const validity = request.validitySeconds ?? options.defaultValiditySeconds;
    if (validity < 1) throw new AppError('SVC0002', ['validitySeconds']);
    return Math.min(validity, options.maxValiditySeconds);
  }

  /**
   * SendGroupMessage: one stored message, one copy per recipient, numbered in the group's order. Membership is
   * read after the group's order is taken (nextSeq locks the group's row), so a removal committed before is
   * seen and one committed after cannot overtake it: nothing sent after a removal reaches the removed member.
   */
  async function send(caller: Account, groupId: string, request: GroupMessageRequest): Promise<GroupSendResult> {
    const validity = checkRequest(request);
    const host = peerGroupOf(options, groupId);
    if (host) return run((work) => sendToHost(work, caller, host, request, validity));
    return run((work) => sendIn(work, caller, localGroupId(options, groupId), request, validity));
  }

  /**
   * A message to a group of a peer domain goes there (remote-groups.ts): queued now, numbered by the hosting
   * domain (groupSequence 0 here); a refusal comes back as a failed deliveryReport for this messageId.
   */
  async function sendToHost(work: GroupWork, caller: Account, host: QualifiedGroup, request: GroupMessageRequest, validity: number) {
    const messageId = newMessageId(work.now);
    const text = (name: string, value: string | undefined) => (value === undefined ? [] : [{ name, value }]);
    const attributes = [
      { name: 'messageId', value: messageId },
      ...text('contentType', request.contentType),
      ...text('subject', request.subject),
      ...text('privateTo', request.privateTo),
      { name: 'validitySeconds', value: String(validity) },
      ...text('clientMessageId', request.clientMessageId),
      // This gateway keeps a history copy: the host sends the message back as a history item (remote-history.ts).
      { name: 'historyCopy', value: 'true' },
    ];
    await requestHost(work, caller, host, 'groupSend', undefined, attributes, request.content);
    return { messageId, groupSequence: 0, expiresAt: work.now + validity * 1000, recipients: 0 };
  }

  /**
   * SendGroupMessage in the given unit of work (also a peer domain's member sending, remote-groups.ts, with
   * `historyCopy` when its gateway keeps a history copy).
   */
  async function sendIn(
    work: GroupWork,
    caller: Account,
    groupId: string,
    request: GroupMessageRequest,
    validity: number,
    historyCopy = false,
  ) {
    const { tx, now } = work;
    if (request.clientMessageId !== undefined) {
      // A retry with the same clientMessageId gets the first answer and stores nothing (as SendMessages).
      const earlier = await tx.messages.findByClientId(caller.id, request.clientMessageId);
      if (earlier)
        return {
          messageId: earlier.id,
          groupSequence: sequenceOf(earlier.notification),
          expiresAt: earlier.expiresAt,
          recipients: earlier.recipients.length,
        };
    }
    const access = await visibleGroup(tx, caller, groupId);
    const { group } = access;
    const me = requireMember(access);
    if (me.muted) throw new AppError('POL5010', [groupId]);
    for (const hook of ctx.sending ?? []) await hook(work, caller);
    if (options.messageIntervalMs > 0 && me.lastSentAt !== undefined && now - me.lastSentAt < options.messageIntervalMs)
      throw new AppError('POL5005', [groupId, options.messageIntervalMs]);
    const seq = await tx.groups.nextSeq(groupId, now);
    let recipients: MemberRecord[];
    if (request.privateTo !== undefined) {
      if (!group.privateMessages) throw new AppError('POL5008', [groupId]);
      const to = await tx.groups.memberByScreenName(groupId, screenKey(request.privateTo));
      if (!to || to.accountId === caller.id) throw new AppError('SVC5004', [request.privateTo, groupId]);
      recipients = [to];
    } else recipients = (await tx.groups.members(groupId)).filter((m) => m.accountId !== caller.id);
    const isPrivate = request.privateTo !== undefined;
    const message: NewMessage = {
      id: newMessageId(now),
      kind: 'message',
      senderAccountId: caller.id,
      senderAddress: caller.address,
      // 5.17: a public room shows screen names only; the sender's address stays on the server.
      hideSender: group.visibility === 'public',
      clientMessageId: request.clientMessageId,
      contentType: request.contentType ?? 'text/plain; charset=utf-8',
      content: request.content,
      subject: request.subject,
      priority: 'normal',
      // A report names the recipient's address: not in a public room.
      deliveryReport: request.deliveryReport && group.visibility === 'private',
      notification: {
        type: 'groupMessage',
        address: shownAddress(group, caller.address),
        status: isPrivate ? 'private' : 'group',
        attributes: groupAttributes(group, me.screenName, [{ name: 'groupSequence', value: String(seq) }]),
      },
      sentAt: now,
      expiresAt: now + validity * 1000,
      shownRecipients: [groupAddress(groupId)],
    };
    // Members in peer domains get their copies through their domains (remote-members.ts), in this unit of work.
    const { local, remote } = splitParties(options, recipients);
    const deliveries = [{ message, recipients: local.map((m) => recipientOf(group, m, now)) }];
    for (const hook of options.messageStoring ?? []) await hook(work, caller, deliveries);
    const woken = await storeAndEnqueueAll(tx, deliveries);
    work.wake(woken);
    for (const m of remote) await messageToRemote(work, partyOf(m), message);
    // A sender in a peer domain whose gateway keeps a history copy gets its own message back as a history item
    // only, so that copy is whole (remote-history.ts); never as an inbox copy. A gateway that does not ask
    // (an older imwsi) would write it into the inbox.
    if (historyCopy && isRemote(options, caller))
      await messageToRemote(work, partyOf(me), message, [{ name: 'history.at', value: isoTime(now) }]);
    await tx.groups.appendHistory({
      groupId,
      seq,
      kind: 'message',
      messageId: message.id,
      senderId: caller.id,
      screenName: me.screenName,
      privateTo: isPrivate ? recipients[0]!.accountId : undefined,
      type: undefined,
      status: undefined,
      contentType: message.contentType,
      content: message.content,
      at: now,
    });
    if (options.messageIntervalMs > 0) await tx.groups.updateMember(groupId, caller.id, { lastSentAt: now });
    return { messageId: message.id, groupSequence: seq, expiresAt: message.expiresAt, recipients: recipients.length };
  }

  /** GetGroupHistory: a page of what the member may read, newest or oldest first, from a groupSequence on. */
  async function history(
    caller: Account,
    groupId: string,
    order: 'newestFirst' | 'oldestFirst',
    from: number | undefined,
    maxEntries: number | undefined,
  ): Promise<{ entries: HistoryRecord[]; more: boolean }> {
    if (maxEntries !== undefined && maxEntries < 1) throw new AppError('SVC0002', ['maxEntries']);
    const limit = Math.min(maxEntries ?? options.historyPage, options.historyPage);
    const host = peerGroupOf(options, groupId);
    // A group of a peer domain: the copy its gateway kept of what it received (remote-history.ts).
    if (host)
      return run(async ({ tx }) => {
        const record = await requireRemoteGroup(tx, caller, qualified(host));
        const rows = await tx.remoteGroups.history(caller.id, record.groupId, order, from, limit + 1);
        return { entries: rows.slice(0, limit).map(historyRecordOf), more: rows.length > limit };
      });
    return run(async ({ tx }) => {
      const access = await visibleGroup(tx, caller, groupId);
      if (!isOperator(caller)) requireMember(access);
      const rows = await tx.groups.history(groupId, caller.id, order, from, limit + 1);
      return { entries: rows.slice(0, limit), more: rows.length > limit };
    });
  }

  /**
   * SetTyping (PP-37, PP-44): a short-lived notice to the other members, coalesced (at most one unread per
   * sender and group in each inbox: an unread one is rewritten in place) and refused both ways by the opt-out:
   * a member who opted out sends none and receives none.
   */
  async function typing(caller: Account, groupId: string, composing: boolean): Promise<boolean> {
    const host = peerGroupOf(options, groupId);
    if (host) return run((work) => typingToHost(work, caller, host, composing));
    return run((work) => typingIn(work, caller, localGroupId(options, groupId), composing));
  }

  /**
   * SetTyping in a group of a peer domain: the opt-out is honoured here first (sent=false, nothing goes), and
   * again by the host, which sends it on as the member's own signal.
   */
  async function typingToHost(work: GroupWork, caller: Account, host: QualifiedGroup, composing: boolean): Promise<boolean> {
    const record = await requireRemoteGroup(work.tx, caller, qualified(host));
    if (!record.me.typingNotices) return false;
    await requestHost(work, caller, host, 'groupTyping', composing ? 'composing' : 'idle', []);
    return true;
  }

  /** SetTyping in the given unit of work (also a peer domain's member typing, remote-groups.ts). */
  async function typingIn(work: GroupWork, caller: Account, groupId: string, composing: boolean): Promise<boolean> {
    const { tx, now } = work;
    const access = await visibleGroup(tx, caller, groupId);
    const me = requireMember(access);
    if (!me.typingNotices) return false;
    const others = (await tx.groups.members(groupId)).filter((m) => m.accountId !== caller.id && m.typingNotices);
    if (others.length === 0) return true;
    const notification: Notification = {
      type: 'groupTyping',
      status: composing ? 'composing' : 'idle',
      attributes: groupAttributes(access.group, me.screenName),
    };
    // Members in peer domains: a plain notice through their domain (not coalesced; it expires there too).
    const { local: to, remote } = splitParties(options, others);
    for (const m of remote) await noticeToRemote(work, partyOf(m), notification);
    if (to.length === 0) return true;
    const validUntil = now + options.typingSeconds * 1000;
    const unread = await tx.groups.unreadTyping(
      groupId,
      caller.id,
      to.map((m) => m.accountId),
      now,
    );
    if (unread.size > 0)
      await tx.groups.rewriteNotices(
        [...unread.values()],
        JSON.stringify(notification),
        Buffer.from(noticeText(notification), 'utf8'),
        now,
        validUntil,
      );
    const fresh = to
      .filter((m) => !unread.has(m.accountId))
      .map((m) => ({ to: { accountId: m.accountId, address: m.address }, notification, id: newMessageId(now) }));
    await sendNotices(tx, fresh, now, options.typingSeconds);
    await tx.groups.trackTyping(
      groupId,
      caller.id,
      fresh.map((n) => ({ recipientId: n.to.accountId, messageId: n.id })),
    );
    work.wake(to.map((m) => m.accountId));
    return true;
  }

  return { send, sendIn, checkRequest, history, typing, typingIn };
}

export type ConversationService = ReturnType<typeof conversationService>;
