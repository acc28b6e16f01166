// Every limit the operator can set (docs/operations.md "Limits"), what it counts and how. A limit is set
// system-wide, per domain, per role or per account (peer limits per peer domain); the most specific one wins.
// Windows are fixed and aligned to UTC (a minute, an hour, a day); the sending rate is a token bucket.
export type LimitScope = 'system' | 'domain' | 'role' | 'account' | 'peer';
export const limitScopes: readonly LimitScope[] = ['system', 'domain', 'role', 'account', 'peer'];

/** What a counted limit counts (MO-2: each traffic type apart). */
export type Counted = 'messages' | 'recipients' | 'received' | 'publications' | 'groupMessages' | 'peerIn' | 'peerOut';

export type LimitKind =
  | { readonly kind: 'size' }
  | { readonly kind: 'window'; readonly ms: number; readonly counts: Counted }
  | { readonly kind: 'rate' }
  | { readonly kind: 'burst' }
  | { readonly kind: 'types' }
  | { readonly kind: 'depth' }
  | { readonly kind: 'overflow' };

export type LimitName =
  | 'message.bytes'
  | 'messages.minute'
  | 'messages.hour'
  | 'messages.day'
  | 'recipients.hour'
  | 'recipients.day'
  | 'send.rate'
  | 'send.burst'
  | 'content.allow'
  | 'content.deny'
  | 'inbox.depth'
  | 'inbox.overflow'
  | 'receive.minute'
  | 'receive.hour'
  | 'presence.minute'
  | 'groups.minute'
  | 'peer.in.minute'
  | 'peer.out.minute';

const minute = 60_000;
const hour = 60 * minute;
const day = 24 * hour;

export const limitCatalog: ReadonlyMap<LimitName, LimitKind & { readonly help: string }> = new Map<LimitName, LimitKind & { help: string }>(
  [
    ['message.bytes', { kind: 'size', help: 'largest message content, in bytes' }],
    ['messages.minute', { kind: 'window', ms: minute, counts: 'messages', help: 'messages sent per minute' }],
    ['messages.hour', { kind: 'window', ms: hour, counts: 'messages', help: 'messages sent per hour' }],
    ['messages.day', { kind: 'window', ms: day, counts: 'messages', help: 'messages sent per day (UTC)' }],
    ['recipients.hour', { kind: 'window', ms: hour, counts: 'recipients', help: 'recipients addressed per hour' }],
    ['recipients.day', { kind: 'window', ms: day, counts: 'recipients', help: 'recipients addressed per day (UTC)' }],
    ['send.rate', { kind: 'rate', help: 'sending rate: messages per minute, refilled continuously (token bucket)' }],
    ['send.burst', { kind: 'burst', help: 'bucket size of send.rate: messages sent at once after a pause (default: send.rate)' }],
    ['content.allow', { kind: 'types', help: 'content types accepted, comma-separated (type/subtype or type/*); others refused' }],
    ['content.deny', { kind: 'types', help: 'content types refused, comma-separated (type/subtype or type/*)' }],
    ['inbox.depth', { kind: 'depth', help: 'messages an inbox holds' }],
    ['inbox.overflow', { kind: 'overflow', help: 'when the inbox is full: refuse (the new message, POL7005) or expire-oldest' }],
    ['receive.minute', { kind: 'window', ms: minute, counts: 'received', help: 'messages received per minute' }],
    ['receive.hour', { kind: 'window', ms: hour, counts: 'received', help: 'messages received per hour' }],
    ['presence.minute', { kind: 'window', ms: minute, counts: 'publications', help: 'presence publications per minute' }],
    ['groups.minute', { kind: 'window', ms: minute, counts: 'groupMessages', help: 'group messages sent per minute' }],
    ['peer.in.minute', { kind: 'window', ms: minute, counts: 'peerIn', help: 'messages accepted from a peer domain per minute' }],
    ['peer.out.minute', { kind: 'window', ms: minute, counts: 'peerOut', help: 'recipients sent to a peer domain per minute' }],
  ],
);

export const overflowPolicies = ['refuse', 'expire-oldest'] as const;
export type OverflowPolicy = (typeof overflowPolicies)[number];

export const isLimitName = (name: string): name is LimitName => limitCatalog.has(name as LimitName);

/** Peer limits apply to a peer domain (scope peer or system); the others to accounts (never scope peer). */
export const isPeerLimit = (name: LimitName) => name.startsWith('peer.');
