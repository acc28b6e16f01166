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

/** A system notice carried by an inbox message, discriminated by `type`. */
export type Notification =
  | DeliveryReportNotice
  | PresenceNotice
  | SubscriptionRequestNotice
  | AuthorizationRequestNotice
  | SubscriptionUpdateNotice
  | AuthorizationResultNotice
  | ContactAddedNotice
  | AttemptedContactNotice;

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
};

/** The sentence a notice's message carries. */
export function noticeText(notice: Notification): string {
  // The registry pairs each type with its own spec; TypeScript cannot follow `notices[notice.type]` to it.
  const text = notices[notice.type].text as (n: Notification) => string;
  return text(notice);
}
