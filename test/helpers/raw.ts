// Hand-built SOAP envelopes for tests that must control every byte (replays, malformed input, raw faults).
import { randomBytes } from 'node:crypto';
import { passwordDigest } from '../../src/security/username-token.js';
import { password } from './gateway.js';

export const imNamespace = 'http://imwsi.org/wsi/InstantMessaging/v1';
const soap11 = 'http://schemas.xmlsoap.org/soap/envelope/';
const soap12 = 'http://www.w3.org/2003/05/soap-envelope';
const wsse = 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd';
const wsu = 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd';
const tokenProfile = 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-username-token-profile-1.0';

export interface TokenOptions {
  readonly user: string;
  readonly secret?: string;
  readonly type?: 'digest' | 'text';
  readonly nonce?: Buffer;
  readonly created?: string;
}

export function usernameTokenHeader(options: TokenOptions): string {
  const secret = options.secret ?? password(options.user);
  const nonce = options.nonce ?? randomBytes(16);
  const created = options.created ?? new Date().toISOString();
  const digest = (options.type ?? 'digest') === 'digest';
  const value = digest ? passwordDigest(nonce, created, secret) : secret;
  return (
    `<wsse:Security xmlns:wsse="${wsse}" xmlns:wsu="${wsu}"><wsse:UsernameToken>` +
    `<wsse:Username>${options.user}</wsse:Username>` +
    `<wsse:Password Type="${tokenProfile}#${digest ? 'PasswordDigest' : 'PasswordText'}">${value}</wsse:Password>` +
    `<wsse:Nonce EncodingType="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-soap-message-security-1.0#Base64Binary">${nonce.toString('base64')}</wsse:Nonce>` +
    `<wsu:Created>${created}</wsu:Created></wsse:UsernameToken></wsse:Security>`
  );
}

/** A full envelope: `body` is the operation element's inner XML, in the InstantMessaging namespace. */
export function envelope(operation: string, body: string, token?: TokenOptions, version: '1.1' | '1.2' = '1.1'): string {
  const header = token ? `<soap:Header>${usernameTokenHeader(token)}</soap:Header>` : '';
  return (
    `<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="${version === '1.1' ? soap11 : soap12}" xmlns:im="${imNamespace}">` +
    `${header}<soap:Body><im:${operation}>${body}</im:${operation}></soap:Body></soap:Envelope>`
  );
}

export interface RawResponse {
  readonly status: number;
  readonly body: string;
  readonly contentType: string;
}

export async function post(url: string, xml: string | Uint8Array, headers: Record<string, string> = {}): Promise<RawResponse> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'text/xml; charset=utf-8', ...headers },
    body: xml as string,
  });
  return { status: response.status, body: await response.text(), contentType: response.headers.get('content-type') ?? '' };
}

/** The Parlay X messageId of a fault body, or undefined. */
export const faultCode = (body: string): string | undefined => /<(?:\w+:)?messageId>([^<]+)</.exec(body)?.[1];
