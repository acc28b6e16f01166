// The notice registry, beside the fault registry (errors.ts): every notification the gateway writes into an
// inbox (WSI-24: the consumer polls, so reports, presence and authorization travel as inbox messages of
// kind=notification). Each type is defined here once: its fields (the union below) and its text (the
// sentence the message carries as content). README's "Notifications" table lists them all; the
// test test/unit/notices.test.ts keeps the two in step.
import type { Availability, NameValue } from './social-types.js';

/** PP2-31, 33, 34: what became of one recipient of a message whose sender asked for reports. */
export type ReportStatus = 'delivered' | 'expired' | 'failed';

/** Why a message was refused (use case 5.6): a block, "contacts only", or "reject while unavailable". */
export type AttemptReason = 'blocked' | 'notContact' | 'unavailable';

/** The reason a report carries when a message expired in a local inbox before it was acknowledged. */
export const unacknowledgedExpiry = 'validity period ended before acknowledgement';

/** To the sender: one recipient's outcome, from a local inbox or a peer domain (5.14). */
interface DeliveryReportNotice {
  readonly type: 'deliveryReport';
  /** The reported message. */
  readonly messageId: string;
  /** The recipient it was sent to. */
  readonly address: string;
  readonly status: ReportStatus;
  readonly reason?: string | undefined;
}

/** To a watcher: the presentity's presence as that watcher sees it; details as name/value attributes. */
export interface PresenceNotice {
  readonly type: 'presence';
  readonly address: string;
  readonly status: Availability;
  readonly attributes: readonly NameValue[];
}

/** To a presentity: the watcher at `address` asks for its presence (SubscribePresence, or AddContact). */
interface RequestNotice<T extends string> {
  readonly type: T;
  readonly address: string;
  readonly status: 'pending';
  readonly attributes: readonly NameValue[];
}
type SubscriptionRequestNotice = RequestNotice<'subscriptionRequest'>;
type AuthorizationRequestNotice = RequestNotice<'authorizationRequest'>;

/** To a watcher: the presentity at `address` answered its request. */
interface AnswerNotice<T extends string> {
  readonly type: T;
  readonly address: string;
  readonly status: 'granted' | 'refused';
  readonly attributes: readonly NameValue[];
}
type SubscriptionUpdateNotice = AnswerNotice<'subscriptionUpdate'>;
type AuthorizationResultNotice = AnswerNotice<'authorizationResult'>;

/** To a contact that needs no authorization: the user at `address` added it (use case 5.19). */
interface ContactAddedNotice {
  readonly type: 'contactAdded';
  readonly address: string;
  readonly attributes: readonly NameValue[];
}

/** To a recipient that asked to be told: a message was refused; `address` is absent for a hidden sender. */
interface AttemptedContactNotice {
  readonly type: 'attemptedContact';
  readonly address?: string;
  readonly reason: AttemptReason;
}

/**
 * Group notices (docs/groups.md). Each names its group in the attributes `groupId` and `groupName`, and the
 * member concerned by `screenName`; `address` is present in private groups only (a public room never shows
 * an address, use case 5.17).
 */
interface GroupNotice<T extends string, S extends string | undefined = undefined> {
  readonly type: T;
  readonly address?: string | undefined;
  readonly status: S;
  readonly attributes: readonly NameValue[];
}
/** On every copy of a group message (a kind=message inbox entry whose content is the sender's): its group. */
type GroupMessageNotice = GroupNotice<'groupMessage', 'group' | 'private'>;
type GroupInvitationNotice = GroupNotice<'groupInvitation', 'pending'>;
/** To the inviter, who named the invitee by address: the answer. */
interface GroupInvitationAnswerNotice extends GroupNotice<'groupInvitationAnswer', 'accepted' | 'declined'> {
  readonly address: string;
}
type GroupJoinRequestNotice = GroupNotice<'groupJoinRequest', 'pending'>;
type GroupJoinResultNotice = GroupNotice<'groupJoinResult', 'granted' | 'refused'>;
/** MU-6, PP2-44: a member joined, left, was removed or changed role; to the other members. */
export type GroupMemberStatus = 'joined' | 'left' | 'kicked' | 'banned' | 'muted' | 'unmuted' | 'admin' | 'member' | 'owner';
type GroupMemberNotice = GroupNotice<'groupMember', GroupMemberStatus>;
type GroupPropertiesNotice = GroupNotice<'groupProperties', 'changed'>;
type GroupTypingNotice = GroupNotice<'groupTyping', 'composing' | 'idle'>;
type GroupExpiringNotice = GroupNotice<'groupExpiring', 'expiring'>;
interface GroupClosedNotice {
  readonly type: 'groupClosed';
  readonly reason: string;
  readonly attributes: readonly NameValue[];
}

/** A system notice carried by an inbox message, discriminated by `type`. */
export type Notification =
  | DeliveryReportNotice
  | PresenceNotice
  | SubscriptionRequestNotice
  | AuthorizationRequestNotice
  | SubscriptionUpdateNotice
  | AuthorizationResultNotice
  | ContactAddedNotice
  | AttemptedContactNotice
  | GroupMessageNotice
  | GroupInvitationNotice
  | GroupInvitationAnswerNotice
  | GroupJoinRequestNotice
  | GroupJoinResultNotice
  | GroupMemberNotice
  | GroupPropertiesNotice
  | GroupTypingNotice
  | GroupExpiringNotice
  | GroupClosedNotice;

export type NotificationType = Notification['type'];

type NoticeOf<T extends NotificationType> = Extract<Notification, { readonly type: T }>;

/** The notification element as the wire carries it (WSDL `Notification`): what a peer's inbox may hold, any type. */
export interface NotificationElement {
  readonly type: string;
  readonly messageId?: string | undefined;
  readonly address?: string | undefined;
  readonly status?: string | undefined;
  readonly reason?: string | undefined;
  readonly attributes?: readonly NameValue[] | undefined;
}

/** A field of the notification element besides `type`, by its WSDL name (`attributes` go out as `attribute`s). */
type WireField<N> = Exclude<keyof N, 'type' | 'attributes'> | ('attributes' extends keyof N ? 'attribute' : never);

interface NoticeSpec<N extends Notification> {
  /** The element's fields besides `type`, in WSDL order; `?` marks one that may be absent. */
  readonly fields: readonly (WireField<N> | `${WireField<N> & string}?`)[];
  /** The message's content: a sentence for people (clients act on the fields). */
  readonly text: (notice: N) => string;
}

const attribute = (notice: { readonly attributes: readonly NameValue[] }, name: string) =>
  notice.attributes.find((a) => a.name === name)?.value;

const group = (notice: { readonly attributes: readonly NameValue[] }, name: string) => attribute(notice, name) ?? '';

const memberText: { readonly [S in GroupMemberStatus]: string } = {
  joined: 'joined',
  left: 'left',
  kicked: 'was removed from',
  banned: 'was banned from',
  muted: 'was muted in',
  unmuted: 'may speak again in',
  admin: 'is now an admin of',
  member: 'is now a member (no longer an admin) of',
  owner: 'is now the owner of',
};

const requestText = (n: SubscriptionRequestNotice | AuthorizationRequestNotice) =>
  n.type === 'authorizationRequest'
    ? `${n.address} would like to add you to a contact list. Is this OK?`
    : `${n.address} asks to see your presence.`;

const answerText = (n: SubscriptionUpdateNotice | AuthorizationResultNotice) =>
  n.status === 'granted' ? `${n.address} approved your request.` : `${n.address} declined your request.`;

/** The registry: every notice type, once. */
export const notices: { readonly [T in NotificationType]: NoticeSpec<NoticeOf<T>> } = {
  deliveryReport: {
    fields: ['messageId', 'address', 'status', 'reason?'],
    text: (n) =>
      n.status === 'delivered'
        ? `Your message ${n.messageId} was delivered to ${n.address}.`
        : n.status === 'expired' && n.reason === unacknowledgedExpiry
          ? `Your message ${n.messageId} to ${n.address} expired undelivered.`
          : `Your message ${n.messageId} to ${n.address} was not delivered (${n.status}${n.reason ? `: ${n.reason}` : ''}).`,
  },
  presence: {
    fields: ['address', 'status', 'attribute?'],
    text: (n) => {
      const statusText = attribute(n, 'statusText');
      return `${n.address} is ${n.status}${statusText ? `: ${statusText}` : ''}`;
    },
  },
  subscriptionRequest: { fields: ['address', 'status', 'attribute?'], text: requestText },
  authorizationRequest: { fields: ['address', 'status', 'attribute?'], text: requestText },
  subscriptionUpdate: { fields: ['address', 'status', 'attribute?'], text: answerText },
  authorizationResult: { fields: ['address', 'status', 'attribute?'], text: answerText },
  contactAdded: {
    fields: ['address', 'attribute?'],
    text: (n) => `${n.address} added you to a contact list.`,
  },
  attemptedContact: {
    fields: ['address?', 'reason'],
    text: (n) => `Attempted contact from ${n.address ?? 'someone'} (${n.reason}).`,
  },
  groupMessage: {
    fields: ['address?', 'status', 'attribute'],
    text: (n) => `${group(n, 'screenName')} wrote in ${group(n, 'groupName')}.`,
  },
  groupInvitation: {
    fields: ['address?', 'status', 'attribute'],
    text: (n) => `${group(n, 'screenName')} invites you to ${group(n, 'groupName')}.`,
  },
  groupInvitationAnswer: {
    fields: ['address', 'status', 'attribute'],
    text: (n) => `${n.address} ${n.status} your invitation to ${group(n, 'groupName')}.`,
  },
  groupJoinRequest: {
    fields: ['address?', 'status', 'attribute'],
    text: (n) => `${group(n, 'screenName')} asks to join ${group(n, 'groupName')}.`,
  },
  groupJoinResult: {
    fields: ['status', 'attribute'],
    text: (n) => `Your request to join ${group(n, 'groupName')} was ${n.status === 'granted' ? 'approved' : 'declined'}.`,
  },
  groupMember: {
    fields: ['address?', 'status', 'attribute'],
    text: (n) => `${group(n, 'screenName')} ${memberText[n.status]} ${group(n, 'groupName')}.`,
  },
  groupProperties: {
    fields: ['status', 'attribute'],
    text: (n) => `${group(n, 'screenName')} changed the settings of ${group(n, 'groupName')}.`,
  },
  groupTyping: {
    fields: ['status', 'attribute'],
    text: (n) => `${group(n, 'screenName')} ${n.status === 'composing' ? 'is typing' : 'stopped typing'} in ${group(n, 'groupName')}.`,
  },
  groupExpiring: {
    fields: ['status', 'attribute'],
    text: (n) => `${group(n, 'groupName')} ends at ${group(n, 'expiresAt')} unless it is extended.`,
  },
  groupClosed: {
    fields: ['reason', 'attribute'],
    text: (n) => `${group(n, 'groupName')} was closed (${n.reason}).`,
  },
};

/** The sentence a notice's message carries. */
export function noticeText(notice: Notification): string {
  // The registry pairs each type with its own spec; TypeScript cannot follow `notices[notice.type]` to it.
  const text = notices[notice.type].text as (n: Notification) => string;
  return text(notice);
}
