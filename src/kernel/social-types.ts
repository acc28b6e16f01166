// Presence, authorization and contact-list types shared by the presence, contacts and privacy modules and the
// storage ports (GU-4, GU-5, PP2-27). Row shapes live in the knex/ folders, XML in each module's soap.ts.

export const availabilities = ['available', 'away', 'busy', 'invisible', 'offline'] as const;
/** What a user publishes. Watchers never see `invisible`: it reads as offline to everyone but the user. */
export type Availability = (typeof availabilities)[number];

/** WSI-4: further attributes as name/value pairs; also PP2-22 alternative contact information. */
export interface NameValue {
  readonly name: string;
  readonly value: string;
}

export interface PublishedPresence {
  readonly availability: Availability;
  readonly statusText: string | undefined;
  /** Client/device information, e.g. "mobile; ExampleIM 2.1". */
  readonly device: string | undefined;
  /** Communication capabilities: the media (MIME types or words like "text", "voice") the user accepts. */
  readonly capabilities: readonly string[];
  readonly attributes: readonly NameValue[];
}

export interface PresenceRecord {
  readonly accountId: number;
  readonly published: PublishedPresence | undefined;
  readonly publishedAt: number | undefined;
  readonly lastActiveAt: number | undefined;
  /** The activity state last announced to watchers. */
  readonly online: boolean;
}

/** Presence as one reader sees it, activity already folded in. */
export interface PresenceView extends PublishedPresence {
  readonly lastActiveAt: number | undefined;
}

export type AuthorizationState = 'pending' | 'granted' | 'refused';
/** Which operation asked: SubscribePresence, or AddContact. It picks the notice types of request and answer. */
export type RequestOrigin = 'subscribe' | 'contact';

export interface SubscriptionRecord {
  readonly presentityId: number;
  readonly watcherId: number;
  readonly state: AuthorizationState;
  /** The watcher wants presence notifications (SubscribePresence / AddContact; UnsubscribePresence clears it). */
  readonly subscribed: boolean;
  readonly origin: RequestOrigin;
  /** Use case 5.1 step 24: the watcher invited the presentity to add it back. */
  readonly addBackInvited: boolean;
  readonly requestedAt: number;
  readonly updatedAt: number;
}

/** A subscription with the address of the other party, for listings. */
export interface SubscriptionWithParty extends SubscriptionRecord {
  readonly partyAddress: string;
}

export type MessageAcceptance = 'anyone' | 'contacts';
export const messageAcceptances: readonly MessageAcceptance[] = ['anyone', 'contacts'];

/** GU-5: privacy is opt-in. */
export interface UserSettings {
  /** The user's own alias: the default nickname when someone adds the user (5.19). */
  readonly alias: string | undefined;
  /** Watchers need the user's approval before they see presence (default true). */
  readonly requireAuthorization: boolean;
  readonly acceptMessagesFrom: MessageAcceptance;
  /** Use case 5.6 alternative flow: refuse messages while published availability is away, busy or offline. */
  readonly rejectWhileUnavailable: boolean;
  /** Tell the user of refused attempts (blocked, not a contact, unavailable) with an attemptedContact notice. */
  readonly notifyAttemptedContacts: boolean;
}

export const defaultSettings: UserSettings = {
  alias: undefined,
  requireAuthorization: true,
  acceptMessagesFrom: 'anyone',
  rejectWhileUnavailable: false,
  notifyAttemptedContacts: false,
};

export interface ContactListRecord {
  readonly id: number;
  readonly ownerId: number;
  readonly name: string;
  readonly createdAt: number;
}

export interface ContactEntryRecord {
  readonly id: number;
  readonly listId: number;
  readonly accountId: number;
  readonly address: string;
  /** The contact's alias the owner added them by: what the owner sees instead of `address`. */
  readonly alias?: string | null | undefined;
  readonly nickname: string;
  readonly alternatives: readonly NameValue[];
  readonly createdAt: number;
  readonly updatedAt: number;
}

export type ContactStatus = 'pending' | 'authorized' | 'refused';

/** A contact as its list owner sees it: status from the presentity's authorization, presence when authorized. */
export interface ContactEntry {
  readonly nickname: string;
  readonly address: string;
  readonly status: ContactStatus;
  readonly presence: PresenceView | undefined;
  readonly alternatives: readonly NameValue[];
}

export interface ContactList {
  readonly name: string;
  readonly entries: readonly ContactEntry[];
}

export interface BlockList {
  readonly users: readonly string[];
  readonly lists: readonly string[];
  /** Whole peer domains blocked. */
  readonly domains: readonly string[];
}
