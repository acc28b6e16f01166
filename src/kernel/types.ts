// Domain types: what the services work with. Row shapes live in storage/, XML shapes in soap/.
import type { Notification } from './notices.js';

export type Role = 'user' | 'consumer' | 'admin';
export const roles: readonly Role[] = ['user', 'consumer', 'admin'];

/** pending: provisioned, not registered yet (5.18); suspended: by the operator (docs/accounts.md). */
export type AccountState = 'pending' | 'active' | 'suspended';
export const accountStates: readonly AccountState[] = ['pending', 'active', 'suspended'];

/** The policy class of anonymous guest accounts (GS-3; docs/accounts.md): confined to what a guest may do. */
export const guestPolicyClass = 'guest';

export interface Account {
  readonly id: number;
  /** user@domain, lower-cased. */
  readonly address: string;
  readonly msisdn: string | null;
  readonly role: Role;
  readonly createdAt: number;
  readonly state: AccountState;
  /** While suspended: messages to the account are refused rather than stored (the operator's choice). */
  readonly refusesMessages: boolean;
  /** The operator's policy class (for example `minor`); null is the general class. Confines search. */
  readonly policyClass: string | null;
}

/** What authentication needs: the slow hash (PasswordText) and the sealed secret (PasswordDigest). */
export interface AccountCredentials {
  readonly account: Account;
  readonly passwordHash: string;
  readonly sealedSecret: string;
  /** PEM; when set, the account's requests must be signed with the matching key. */
  readonly signingCertificate: string | null;
  /** Whether the nonce given with the lookup is recorded as used (read in the same statement; false without one). */
  readonly nonceSeen: boolean;
}

export type Priority = 'low' | 'normal' | 'high' | 'urgent';
export const priorities: readonly Priority[] = ['low', 'normal', 'high', 'urgent'];

/** A message as a sender submits it (WSI-8/9/10: 1..n of these per request, each with 1..n recipients). */
export interface OutboundMessage {
  readonly recipients: readonly string[];
  readonly contentType: string;
  readonly content: Buffer;
  readonly subject: string | undefined;
  readonly priority: Priority;
  readonly validitySeconds: number | undefined;
  readonly deliveryReport: boolean;
  readonly hideSender: boolean;
  readonly clientMessageId: string | undefined;
  /** Set only by a peer domain forwarding a message: the original sender, in a domain the peer owns. */
  readonly originator?: string | undefined;
  /** One of the sender's own aliases, shown to recipients instead of the sender's address (docs/accounts.md). */
  readonly sendAs?: string | undefined;
}

/** `unavailable`: refused because the recipient set "reject while unavailable" (use case 5.6). */
export type RecipientState = 'queued' | 'retrieved' | 'delivered' | 'forwarded' | 'expired' | 'failed' | 'unavailable';

export interface RecipientOutcome {
  readonly address: string;
  readonly status: RecipientState;
  readonly errorCode: string | undefined;
  readonly errorText: string | undefined;
  readonly updatedAt: number;
}

export interface SendResult {
  readonly messageId: string;
  readonly clientMessageId: string | undefined;
  readonly expiresAt: number;
  readonly recipients: readonly RecipientOutcome[];
}

// A system notice carried by an inbox message (WSI-24: the consumer always polls; no callbacks): a union by
// `type`, defined with its text in the notice registry.
export type { Notification } from './notices.js';

export type MessageKind = 'message' | 'notification';

/** A message to store: the sender's, or a notice the system writes. */
export interface NewMessage {
  readonly id: string;
  readonly kind: MessageKind;
  readonly senderAccountId: number | null;
  readonly senderAddress: string | null;
  readonly hideSender: boolean;
  readonly clientMessageId: string | undefined;
  readonly contentType: string;
  readonly content: Buffer;
  readonly subject: string | undefined;
  readonly priority: Priority;
  readonly deliveryReport: boolean;
  readonly notification: Notification | undefined;
  readonly sentAt: number;
  readonly expiresAt: number;
  /**
   * What each copy shows as its recipients, when not the recipients themselves: a group message names its
   * group (`group:<id>`), so a 1,000-member group's copies stay small and a public room shows no addresses.
   */
  readonly shownRecipients?: readonly string[] | undefined;
}

export interface StoredMessage extends NewMessage {
  readonly recipients: readonly RecipientOutcome[];
}

/** A message as the inbox owner sees it. */
export interface InboxMessage {
  readonly messageId: string;
  readonly sequenceNumber: number;
  readonly kind: MessageKind;
  /** Absent when the sender hid itself or for system notices. */
  readonly sender: string | undefined;
  readonly recipients: readonly string[];
  readonly contentType: string;
  readonly content: Buffer;
  readonly subject: string | undefined;
  readonly priority: Priority;
  readonly sentAt: number;
  readonly receivedAt: number;
  readonly expiresAt: number;
  readonly clientMessageId: string | undefined;
  readonly redelivered: boolean;
  readonly deliveryCount: number;
  readonly notification: Notification | undefined;
  /** The sender's username in the inbox owner's directory (consumers only, Appendix B). */
  readonly senderUsername?: string | undefined;
  /** The username named by sub-addressing (consumer+name@domain). */
  readonly targetUsername?: string | undefined;
  /** The tag a filter of the recipient or the operator gave it (docs/operations.md). */
  readonly tag?: string | undefined;
}

export interface InboxBatch {
  readonly messages: readonly InboxMessage[];
  /** Messages still available after this batch. */
  readonly pending: number;
  readonly ackToken: string | undefined;
  readonly leaseExpiresAt: number | undefined;
}

/** A route to a peer domain and the local account that peer uses to send to us (docs/federation.md). */
export interface PeerRoute {
  readonly domain: string;
  /** Base URL of the peer's InstantMessaging endpoint; absent for an inbound-only peer. */
  readonly endpointUrl: string | undefined;
  readonly remoteUsername: string | undefined;
  readonly sealedPassword: string | undefined;
  /** The local account the peer authenticates as; it may speak for this domain only. */
  readonly inboundAccountId: number | null;
  readonly inboundAccount: string | undefined;
  readonly createdAt: number;
}

/** One of a consumer's usernames and the IM address it stands for. */
export interface DirectoryEntry {
  readonly username: string;
  readonly address: string;
}
