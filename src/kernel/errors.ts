// The one error type and the code registry. Every fault a client can see is listed here, once.
// Codes follow the Parlay X / OneAPI convention: SVCnnnn -> ServiceException, POLnnnn -> PolicyException.

export type FaultType = 'ServiceException' | 'PolicyException';

export interface CodeInfo {
  readonly type: FaultType;
  /** Parlay X style text, %1.. filled from variables. */
  readonly text: string;
  /** True when the same request may succeed if retried later. */
  readonly retryable: boolean;
  /** Who is at fault: the SOAP fault code is soap:Client or soap:Server. */
  readonly party: 'client' | 'server';
}

const svc = (text: string, party: 'client' | 'server' = 'client', retryable = false): CodeInfo => ({
  type: 'ServiceException',
  text,
  retryable,
  party,
});
const pol = (text: string): CodeInfo => ({ type: 'PolicyException', text, retryable: false, party: 'client' });

export const codes = {
  // Standard Parlay X codes.
  SVC0001: svc('A service error occurred. Error code is %1', 'server', true),
  SVC0002: svc('Invalid input value for message part %1'),
  SVC0004: svc('No valid addresses provided in message part %1'),
  POL0003: pol('Too many addresses specified in message part %1; the limit is %2'),

  // Request envelope problems, detected before dispatch.
  SVC1001: svc('The request body is empty'),
  SVC1002: svc('The request is not well-formed XML: %1'),
  SVC1003: svc('DOCTYPE and entity declarations are not accepted'),
  SVC1004: svc('The request nests elements deeper than %1 levels'),
  SVC1005: svc('Unknown operation %1; this endpoint offers %2'),
  SVC1006: svc('The request is not a SOAP %1 envelope'),
  SVC1007: svc('Element name %1 is not accepted'),
  SVC1008: svc('Operation %1 must be in namespace %2, not %3'),
  SVC1009: svc('Character encoding %1 is not accepted: send UTF-8 or UTF-16 (WS-I Basic Profile 1.1)'),
  SVC1010: svc('SOAP encoding (%1) is not accepted: this service is document/literal'),
  SVC1011: svc('Header %1 is addressed to this endpoint with mustUnderstand, but it is not understood'),
  SVC1012: svc('The name %1 is longer than %2 characters'),
  SVC1013: svc('The envelope breaks the SOAP processing rules: %1'),
  SVC1014: svc('Exactly one wsse:Security header addressed to this endpoint is accepted'),
  SVC1015: svc('Content-Encoding %1 is not accepted: send identity, gzip or deflate'),
  SVC1016: svc('An element carries more than %1 attributes'),

  // Authentication (WS-Security UsernameToken, OMA WSF).
  SVC1101: svc('Authentication required: send a WS-Security UsernameToken header'),
  SVC1102: svc('Invalid username or password'),
  SVC1103: svc('The nonce was already used; send a fresh nonce with every request'),
  SVC1104: svc('The Created timestamp %1 is outside the accepted window of %2 seconds'),
  SVC1105: svc('PasswordText is accepted only over TLS; use PasswordDigest'),
  SVC1106: svc('The UsernameToken is malformed: %1'),
  SVC1107: svc('This account requires an X.509 signature over Body and Timestamp'),
  SVC1108: svc('The message signature is not accepted: %1'),
  SVC1109: svc('The signed wsu:Timestamp is not accepted: %1'),

  // Messaging.
  SVC2001: svc('Unknown message id %1'),
  SVC2002: svc('Unknown recipient %1'),
  SVC2003: svc('Malformed address %1'),
  SVC2004: svc('No route to domain %1'),
  SVC2006: svc('Usernames (%1) can only be used by a consumer application with a directory'),

  // Presence and contact lists (README "Presence and contact lists").
  SVC3001: svc('Unknown contact list %1'),
  SVC3002: svc('A contact list named %1 already exists'),
  SVC3003: svc('The nickname %1 is already used in list %2'),
  SVC3004: svc('No contact with nickname %1 in list %2'),
  SVC3005: svc('%1 is already in list %2 as %3'),
  SVC3006: svc('No open authorization request from %1'),
  SVC3007: svc('No received message %1 with a visible sender'),
  SVC3008: svc('%1 is your own address'),
  SVC3009: svc('Give exactly one of %1'),
  SVC3010: svc('%1 is not a peer domain: give a domain name such as b.example, not one this gateway hosts'),
  // Per recipient in SendMessages. POL3001 is the one answer for a block and for "only from contacts",
  // so a sender cannot tell that it was blocked (PP2-23).
  POL3001: pol('The recipient %1 does not accept this message'),
  POL3002: pol('The recipient %1 is unavailable'),
  POL3003: pol('You have blocked %1'),
  POL3004: pol('List %1 is full: the limit is %2 contacts'),

  // Policy limits.
  POL1001: pol('Too many messages in one request: %1; the limit is %2'),
  POL1002: pol('Message content is %1 bytes; the limit is %2'),
  POL1003: pol('The request is %1 bytes; the limit is %2'),
  POL1004: pol('Access to inbox %1 is not allowed: a caller reads only its own inbox'),
  POL1005: pol('This operation needs the %1 role'),
  POL1006: pol('The request reaches no operation element within its first %1 characters (the header, read before authentication)'),
  POL1007: pol('Too many %1 elements in one request; the limit is %2'),
  POL1008: pol('Too many failed logins: retry after %1 seconds'),
  POL1009: pol('Element %1 holds more than %2 characters'),

  // Federation: peer domains, the consumer directory (docs/federation.md).
  SVC4001: svc('Unknown username %1 in the directory of %2'),
  SVC4002: svc('Unknown peer domain %1'),
  SVC4003: svc('Domain %1 is hosted here and cannot be routed to a peer'),
  SVC4004: svc('Invalid peer endpoint %1: an http or https URL is required'),
  SVC4005: svc('Peer domain %1 refused the message: %2'),
  SVC4006: svc('Invalid directory entry %1: %2'),
  POL4001: pol('Account %1 may not send on behalf of %2: it is not the peer account of domain %3'),
  POL4002: pol('Too many directory entries in one request: %1; the limit is %2'),

  // Groups and chat rooms (docs/groups.md). SVC5001 is also the answer to a non-member about a private group,
  // so a group's existence is never revealed to outsiders.
  SVC5001: svc('Unknown group %1'),
  // PP-43, 5.17: a taken screen name comes back with free suggestions derived from it.
  SVC5002: svc('The screen name %1 is taken in this group; free: %2'),
  SVC5003: svc('You are not a member of group %1: join it first'),
  SVC5004: svc('No member with screen name %1 in group %2'),
  SVC5005: svc('No pending invitation to group %1'),
  SVC5006: svc('No pending join request from %1 in group %2'),
  SVC5007: svc('You are already a member of group %1'),
  SVC5008: svc('Group %1 is not temporary: only a temporary group can be extended'),
  SVC5009: svc('The owner of group %1 cannot be %2: hand ownership over first'),
  SVC5010: svc('%1 is already a member of group %2'),
  SVC5011: svc('No conversation with %1 to turn into a group: exchange a message first'),
  SVC5012: svc('%1 is not banned from public chat'),
  POL5001: pol('Group %1 is full: the limit is %2 members'),
  POL5002: pol('You are a member of %1 groups; the limit is %2'),
  POL5003: pol('You created %1 groups that are still open; the limit is %2'),
  POL5004: pol('Screen name %1 is not accepted: %2'),
  POL5005: pol('Too many messages to group %1: send at most one every %2 ms'),
  POL5006: pol('This needs the %1 role in group %2'),
  POL5007: pol('%1 is banned from group %2'),
  POL5008: pol('Private messages are not allowed in group %1'),
  POL5009: pol('Public chat is switched off on this server'),
  POL5010: pol('You are muted in group %1'),
  POL5011: pol('Group duration %1 seconds is not accepted: between %2 and %3'),
  POL5012: pol('The public room %1 is not open to accounts under the minor age'),
  POL5013: pol('You are banned from public chat rooms'),
  // Federation of social events: presence, subscriptions, contact authorization (docs/federation.md).
  SVC8001: svc('Peer domain %1 does not support presence, subscriptions, contact authorization or groups across domains'),
  SVC8002: svc('Invalid social event %1: %2'),
  // Accounts and identity: registration, states, profiles, aliases, search (docs/accounts.md).
  SVC6001: svc('Registration token %1 is unknown, expired or used up'),
  SVC6002: svc('The address %1 is taken or held: choose another'),
  SVC6003: svc('The old password is wrong'),
  SVC6004: svc('Unknown or foreign alias %1'),
  SVC6005: svc('Invalid profile field %1: %2'),
  POL6001: pol('Account %1 is suspended by the operator'),
  POL6002: pol('Self-registration is %1 here: ask the operator for an account'),
  POL6003: pol('Too many registrations: retry after %1 seconds'),
  POL6004: pol('Account %1 is already registered'),
  POL6005: pol('Account %1 is provisioned but not registered: call Register with its credentials first'),
  POL6006: pol('The recipient %1 does not accept messages now'),
  POL6007: pol('Searching with %1 is not allowed'),
  POL6008: pol('Too many aliases: the limit is %1'),
  POL6009: pol('%1 is not one of your aliases: send as one that ListAliases shows'),
  POL6010: pol('A guest account may not use %1: register an account of your own'),
  POL6011: pol('The recipient %1 takes messages from a guest only once they have it in a contact list'),
  // Policy: limits, filters, switches (docs/operations.md). POL7001 carries the limit, the use and the reset time.
  POL7001: pol('Limit %1 reached: %2 used of %3; it resets at %4'),
  POL7002: pol('Message content is %1 bytes; the limit %2 allows %3'),
  POL7003: pol('Content type %1 is not accepted (%2)'),
  POL7004: pol('Sending too fast: limit %1 allows %2 a minute with a burst of %3; retry at %4'),
  POL7005: pol('The inbox of %1 is full: %2 messages, the limit; the message was not kept'),
  POL7006: pol('The recipient %1 receives too many messages: limit %2 of %3; it resets at %4'),
  POL7007: pol('The recipient %1 does not accept this message: a filter refused it'),
  POL7008: pol('Message submission is switched off by the operator for %1: try again later'),
  POL7009: pol('Too many inbox filters: the limit is %1; remove one first'),
  SVC7001: svc('Unknown limit %1: one of %2'),
  SVC7002: svc('Invalid value %1 for limit %2: %3'),
  SVC7003: svc('Invalid filter: %1'),
  SVC7004: svc('No filter %1 of yours: see the filter list'),
  SVC7005: svc('Invalid switch: %1'),
  SVC7006: svc('Invalid scope: %1'),
  // Usage records, prepaid charging and administration (docs/operations.md "Usage records", "Prepaid", "Administration").
  POL9001: pol('Not enough prepaid balance: this request costs %1 and the balance of %2 is %3; top it up and send again'),
  SVC9001: svc('Invalid usage export range: %1'),
  SVC9002: svc('No account %1: check the address with SearchAccounts or `imwsi accounts search`'),
  SVC9003: svc('Invalid tariff: %1'),
} as const satisfies Record<string, CodeInfo>;

export type ErrorCode = keyof typeof codes;

/** Variables come from requests: a fault or a log line carries at most this much of each (README "The SOAP edge"). */
export const maxVariableChars = 200;

/** The text cut to `max` characters (whole code points) with an ellipsis when it was longer. */
export function truncate(text: string, max = maxVariableChars): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max);
  // Do not end on half of a surrogate pair: that would make the fault invalid UTF-8.
  return (/[\uD800-\uDBFF]$/.test(cut) ? cut.slice(0, -1) : cut) + '…';
}

/** The one error class. `variables` fill the %n placeholders, truncated; `cause` is logged, never sent. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly variables: readonly string[];

  constructor(code: ErrorCode, variables: readonly (string | number)[] = [], options?: { cause?: unknown }) {
    const bounded = variables.map((v) => truncate(String(v)));
    super(formatText(codes[code].text, bounded), options);
    this.name = 'AppError';
    this.code = code;
    this.variables = bounded;
  }

  get info(): CodeInfo {
    return codes[this.code];
  }
}

export function formatText(text: string, variables: readonly string[]): string {
  return text.replace(/%(\d+)/g, (whole, n: string) => variables[Number(n) - 1] ?? whole);
}

/** Any thrown value as an AppError; unknown errors become SVC0001 and keep the original as cause. */
export function toAppError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  return new AppError('SVC0001', ['internal'], { cause: error });
}
