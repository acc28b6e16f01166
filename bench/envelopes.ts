// SOAP 1.1 request envelopes for the load generator, built as strings (no SOAP client in the hot loop).
// Every envelope carries a WS-Security UsernameToken with a fresh random nonce and its PasswordDigest,
// exactly as node soap's WSSecurity sends it, so the server pays the full authentication cost per request.
import { usernameTokenHeader } from '../src/platform/auth/username-token-header.js';

export const serviceNamespace = 'http://imwsi.org/wsi/InstantMessaging/v1';
export interface Credentials {
  readonly address: string;
  readonly password: string;
}

/** A fresh nonce and digest per request: the server pays the full authentication cost every time. */
const securityHeader = (who: Credentials): string =>
  `<soap:Header>${usernameTokenHeader({ user: who.address, password: who.password })}</soap:Header>`;

function envelope(who: Credentials, body: string): string {
  return (
    `<?xml version="1.0" encoding="utf-8"?>` +
    `<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/" xmlns:im="${serviceNamespace}">` +
    `${securityHeader(who)}<soap:Body>${body}</soap:Body></soap:Envelope>`
  );
}

export interface OutgoingMessage {
  readonly recipient: string;
  /** Sent as base64Binary content, text/plain. */
  readonly text: string;
}

export function sendMessages(who: Credentials, messages: readonly OutgoingMessage[]): string {
  const items = messages.map(
    (m) =>
      `<im:message><im:recipient>${m.recipient}</im:recipient>` +
      `<im:content>${Buffer.from(m.text, 'utf8').toString('base64')}</im:content></im:message>`,
  );
  return envelope(who, `<im:SendMessages>${items.join('')}</im:SendMessages>`);
}

export interface GetOptions {
  readonly maxMessages?: number;
  readonly waitSeconds?: number;
  readonly ackToken?: string | undefined;
}

export function getMessages(who: Credentials, options: GetOptions): string {
  // Schema order: maxMessages, waitSeconds, ackToken.
  const parts = [
    options.maxMessages !== undefined ? `<im:maxMessages>${options.maxMessages}</im:maxMessages>` : '',
    options.waitSeconds !== undefined ? `<im:waitSeconds>${options.waitSeconds}</im:waitSeconds>` : '',
    options.ackToken ? `<im:ackToken>${options.ackToken}</im:ackToken>` : '',
  ];
  return envelope(who, `<im:GetMessages>${parts.join('')}</im:GetMessages>`);
}

/** What the load generator needs from a GetMessages response, read with regexes (prefix-agnostic). */
export interface GetSummary {
  readonly count: number;
  readonly ackToken: string | undefined;
  readonly contents: string[];
}

const sequenceTag = /<(?:[\w-]+:)?sequenceNumber>/g;
const ackTokenTag = /<(?:[\w-]+:)?ackToken>([^<]*)</;
const contentTag = /<(?:[\w-]+:)?content>([^<]*)</g;

export function readGetResponse(xml: string, withContents = false): GetSummary {
  const count = xml.match(sequenceTag)?.length ?? 0;
  const ackToken = count > 0 ? ackTokenTag.exec(xml)?.[1] : undefined;
  const contents = withContents ? [...xml.matchAll(contentTag)].map((m) => Buffer.from(m[1]!, 'base64').toString('utf8')) : [];
  return { count, ackToken, contents };
}

/** The fault code (SVCnnnn / POLnnnn) of a fault response, for error reports. */
export function faultCode(xml: string): string {
  return /<(?:[\w-]+:)?messageId>([^<]+)</.exec(xml)?.[1] ?? /<faultstring>([^<]*)</.exec(xml)?.[1] ?? 'unknown fault';
}
