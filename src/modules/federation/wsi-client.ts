// A client for another provider's IM WSI (an imwsi peer, or any endpoint that speaks this WSDL), built by
// node soap from the peer's served WSDL, with a WS-Security UsernameToken (PasswordDigest). Used by the
// forwarder (5.14) and the relay (Appendix B). Failures come back as WsiCallError: a fault with its code,
// or a transport problem (retryable).
import type * as Soap from 'soap';
import { codes, type ErrorCode } from '../../kernel/errors.js';
import type { NotificationElement } from '../../kernel/notices.js';

let soapLibrary: Promise<typeof Soap> | undefined;

/**
 * node soap, loaded once on first use rather than with the module: every CLI command composes the modules, and
 * node soap is a third of what a command loads (README "The imwsi command", call times). A process that
 * hardens the built-in prototypes (serve, relay) loads it first: node soap assigns to prototypes as it loads.
 */
export function loadSoapLibrary(): Promise<typeof Soap> {
  return (soapLibrary ??= import('soap'));
}

export interface WsiCredentials {
  /** The InstantMessaging endpoint, e.g. http://b2.example:8080/wsi/InstantMessaging */
  readonly endpoint: string;
  readonly username: string;
  readonly password: string;
}

export interface WsiOutboundMessage {
  readonly recipient: readonly string[];
  readonly contentType: string;
  /** base64 */
  readonly content: string;
  readonly subject?: string | undefined;
  readonly priority?: string | undefined;
  readonly validitySeconds?: number | undefined;
  readonly deliveryReport?: boolean | undefined;
  readonly hideSender?: boolean | undefined;
  readonly clientMessageId?: string | undefined;
  readonly originator?: string | undefined;
}

export interface WsiRecipientResult {
  readonly address: string;
  readonly status: string;
  readonly errorCode: string | undefined;
  readonly errorText: string | undefined;
}

export interface WsiSendResult {
  readonly messageId: string;
  readonly recipients: readonly WsiRecipientResult[];
}

export interface WsiInboxMessage {
  readonly messageId: string;
  readonly sequenceNumber: number;
  /** 1 the first time it is handed out; more once a lease ran out unacknowledged (absent from a peer: 1). */
  readonly deliveryCount: number;
  readonly kind: string;
  readonly sender: string | undefined;
  readonly contentType: string;
  readonly content: string;
  readonly subject: string | undefined;
  readonly priority: string | undefined;
  readonly expiresAt: number;
  /** As the peer sent it: a peer (imwsi or not) may send types this gateway does not know. */
  readonly notification: NotificationElement | undefined;
  readonly senderUsername: string | undefined;
  readonly targetUsername: string | undefined;
}

export interface WsiBatch {
  readonly messages: readonly WsiInboxMessage[];
  readonly ackToken: string | undefined;
  readonly pending: number;
}

/** A failed call: `code` is the peer's fault code, or undefined for a transport failure. */
export class WsiCallError extends Error {
  constructor(
    message: string,
    readonly code: string | undefined,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'WsiCallError';
  }

  /** Worth retrying: no answer, an HTTP error without a fault, or a fault the peer marks retryable. */
  get retryable(): boolean {
    if (this.code === undefined) return true;
    const info = (codes as Record<string, (typeof codes)[ErrorCode] | undefined>)[this.code];
    // Authentication problems are a configuration matter at one side: keep the messages and retry.
    return info === undefined ? this.code.startsWith('SVC0001') : info.retryable || this.code.startsWith('SVC11');
  }
}

type Obj = Record<string, unknown>;
const list = (value: unknown): Obj[] =>
  value === undefined || value === null ? [] : Array.isArray(value) ? (value as Obj[]) : [value as Obj];
// Values node soap parsed: text, numbers, booleans or dates; anything else is not a usable string.
const str = (value: unknown): string | undefined => {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  if (value instanceof Date) return value.toString();
  return undefined;
};

function toCallError(operation: string, error: unknown): WsiCallError {
  const e = error as { root?: Obj; body?: unknown; message?: string; response?: { status?: number } };
  const fault = ((e.root?.Envelope as Obj | undefined)?.Body as Obj | undefined)?.Fault as Obj | undefined;
  const detail = (fault?.detail ?? fault?.Detail) as Obj | undefined;
  const exception = (detail?.ServiceException ?? detail?.PolicyException) as Obj | undefined;
  let code = str(exception?.messageId);
  if (!code && typeof e.body === 'string') code = /<(?:\w+:)?messageId>([A-Z]{3}\d{4})</.exec(e.body)?.[1];
  const text = code ? `${code}: ${str(exception?.text) ?? e.message ?? ''}` : `${operation} failed: ${e.message ?? String(error)}`;
  return new WsiCallError(text, code, { cause: error });
}

function toInboxMessage(m: Obj): WsiInboxMessage {
  const n = m.notification as Obj | undefined;
  return {
    messageId: String(m.messageId),
    sequenceNumber: Number(m.sequenceNumber),
    deliveryCount: Number(m.deliveryCount ?? 1) || 1,
    kind: String(m.kind),
    sender: str(m.sender),
    contentType: String(m.contentType),
    content: str(m.content) ?? '',
    subject: str(m.subject),
    priority: str(m.priority),
    expiresAt: Date.parse(String(m.expiresAt instanceof Date ? m.expiresAt.toISOString() : m.expiresAt)),
    notification: n
      ? { type: String(n.type), messageId: str(n.messageId), address: str(n.address), status: str(n.status), reason: str(n.reason) }
      : undefined,
    senderUsername: str(m.senderUsername),
    targetUsername: str(m.targetUsername),
  };
}

/** One social event on the wire (wsdl/Federation.wsdl). */
export interface WsiSocialEvent {
  readonly eventId: string;
  readonly type: string;
  readonly from: string;
  readonly to: string;
  readonly status: string | undefined;
  readonly attributes: readonly { readonly name: string; readonly value: string }[];
  /** A group message's bytes (sent base64, after the attributes). */
  readonly content?: Buffer | undefined;
}

export interface WsiSocialResult {
  readonly eventId: string;
  readonly status: string;
  readonly errorCode: string | undefined;
  readonly errorText: string | undefined;
}

/** A peer without the Federation service (an older imwsi, another vendor's WSI): its WSDL is not there (404). */
const lacksService = (error: unknown): boolean => {
  const e = error as { message?: string; response?: { status?: number } };
  return e.response?.status === 404 || /Code: 404\b/.test(e.message ?? '');
};

export interface WsiClient {
  sendMessages(messages: readonly WsiOutboundMessage[]): Promise<WsiSendResult[]>;
  getMessages(request: { maxMessages?: number; waitSeconds?: number; ackToken?: string }): Promise<WsiBatch>;
  ackMessages(ackToken: string | undefined, sequenceNumbers: readonly number[]): Promise<number>;
  /** GetDeliveryStatus: recipient address -> status. */
  deliveryStatus(messageId: string): Promise<Record<string, string>>;
  /** All entries of the caller's directory at this provider (GetDirectoryEntries, paged). */
  directoryEntries(): Promise<{ username: string; address: string }[]>;
  /** DeliverSocialEvents at the peer's Federation service; SVC8001 when the peer has none. */
  deliverSocialEvents(events: readonly WsiSocialEvent[]): Promise<WsiSocialResult[]>;
}

type AsyncMethod = (args: object, options?: object) => Promise<[Obj | null]>;

async function soapClient(url: string, credentials: WsiCredentials, name: string): Promise<Record<string, AsyncMethod>> {
  const soap = await loadSoapLibrary();
  let client: Soap.Client;
  try {
    // Calls go to the configured URL, whatever soap:address the served WSDL names (proxies, NAT).
    client = await soap.createClientAsync(`${url}?wsdl`, {}, url);
  } catch (error) {
    // Say whose WSDL it was: "im WSDL failed: connect ECONNREFUSED" left operators guessing.
    throw toCallError(`reading the peer's ${name} WSDL at ${url}?wsdl`, error);
  }
  client.setSecurity(
    new soap.WSSecurity(credentials.username, credentials.password, { passwordType: 'PasswordDigest', hasTimeStamp: false }),
  );
  return client;
}

/** Creates the client lazily, so a peer that is down at start-up is retried rather than fatal. */
export function wsiClient(credentials: WsiCredentials, options: { timeoutMs?: number } = {}): WsiClient {
  const timeout = options.timeoutMs ?? 30_000;
  const endpoint = credentials.endpoint.replace(/\/+$/, '');
  const directoryEndpoint = endpoint.replace(/\/InstantMessaging$/, '/Directory');
  const federationEndpoint = endpoint.replace(/\/InstantMessaging$/, '/Federation');
  const clients = new Map<string, Promise<Record<string, AsyncMethod>>>();

  async function call(service: string, url: string, operation: string, args: object, extraMs = 0): Promise<Obj> {
    let client = clients.get(service);
    if (!client) {
      client = soapClient(url, credentials, service);
      clients.set(service, client);
      client.catch(() => clients.delete(service));
    }
    let methods: Record<string, AsyncMethod>;
    try {
      methods = await client;
    } catch (error) {
      if (service === 'federation' && lacksService((error as WsiCallError).cause))
        throw new WsiCallError(`${operation}: no Federation service at ${url}`, 'SVC8001');
      throw error;
    }
    const method = methods[`${operation}Async`];
    if (!method)
      throw new WsiCallError(
        `${operation}: the peer's ${service} service has no such operation`,
        service === 'federation' ? 'SVC8001' : undefined,
      );
    try {
      const [result] = await method(args, { timeout: timeout + extraMs });
      return result ?? {};
    } catch (error) {
      throw toCallError(operation, error);
    }
  }

  return {
    async sendMessages(messages) {
      const result = await call('im', endpoint, 'SendMessages', {
        message: messages.map((m) => ({
          recipient: m.recipient,
          contentType: m.contentType,
          content: m.content,
          ...(m.subject !== undefined ? { subject: m.subject } : {}),
          ...(m.priority !== undefined ? { priority: m.priority } : {}),
          ...(m.validitySeconds !== undefined ? { validitySeconds: m.validitySeconds } : {}),
          ...(m.deliveryReport !== undefined ? { deliveryReport: m.deliveryReport } : {}),
          ...(m.hideSender !== undefined ? { hideSender: m.hideSender } : {}),
          ...(m.clientMessageId !== undefined ? { clientMessageId: m.clientMessageId } : {}),
          ...(m.originator !== undefined ? { originator: m.originator } : {}),
        })),
      });
      return list(result.result).map((r) => ({
        messageId: String(r.messageId),
        recipients: list(r.recipientResult).map((x) => ({
          address: String(x.address),
          status: String(x.status),
          errorCode: str(x.errorCode),
          errorText: str(x.errorText),
        })),
      }));
    },
    async getMessages(request) {
      const result = await call(
        'im',
        endpoint,
        'GetMessages',
        {
          ...(request.maxMessages !== undefined ? { maxMessages: request.maxMessages } : {}),
          ...(request.waitSeconds !== undefined ? { waitSeconds: request.waitSeconds } : {}),
          ...(request.ackToken !== undefined ? { ackToken: request.ackToken } : {}),
        },
        (request.waitSeconds ?? 0) * 1000,
      );
      return { messages: list(result.message).map(toInboxMessage), ackToken: str(result.ackToken), pending: Number(result.pending ?? 0) };
    },
    async ackMessages(ackToken, sequenceNumbers) {
      const result = await call('im', endpoint, 'AckMessages', {
        ...(ackToken !== undefined ? { ackToken } : {}),
        ...(sequenceNumbers.length > 0 ? { sequenceNumber: sequenceNumbers } : {}),
      });
      return Number(result.acknowledged ?? 0);
    },
    async deliveryStatus(messageId) {
      const result = await call('im', endpoint, 'GetDeliveryStatus', { messageId });
      return Object.fromEntries(list(result.status).map((s) => [String(s.address), String(s.status)]));
    },
    async deliverSocialEvents(events) {
      const result = await call('federation', federationEndpoint, 'DeliverSocialEvents', {
        event: events.map((e) => ({
          eventId: e.eventId,
          type: e.type,
          from: e.from,
          to: e.to,
          ...(e.status !== undefined ? { status: e.status } : {}),
          ...(e.attributes.length > 0 ? { attribute: e.attributes.map((a) => ({ name: a.name, value: a.value })) } : {}),
          ...(e.content ? { content: e.content.toString('base64') } : {}),
        })),
      });
      return list(result.result).map((r) => ({
        eventId: String(r.eventId),
        status: String(r.status),
        errorCode: str(r.errorCode),
        errorText: str(r.errorText),
      }));
    },
    async directoryEntries() {
      const entries: { username: string; address: string }[] = [];
      let startAfter: string | undefined;
      do {
        const page = await call('directory', directoryEndpoint, 'GetDirectoryEntries', startAfter ? { startAfter } : {});
        entries.push(...list(page.entry).map((e) => ({ username: String(e.username), address: String(e.address) })));
        startAfter = str(page.nextStartAfter);
      } while (startAfter);
      return entries;
    },
  };
}
