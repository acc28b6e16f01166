// Hand-built SOAP envelopes for tests that must control every byte (replays, malformed input, raw faults).
import { type HeaderOptions, usernameTokenHeader as buildHeader } from '../../src/platform/auth/username-token-header.js';
import { password } from './gateway.js';

export const imNamespace = 'http://imwsi.org/wsi/InstantMessaging/v1';
const soap11 = 'http://schemas.xmlsoap.org/soap/envelope/';
const soap12 = 'http://www.w3.org/2003/05/soap-envelope';
export interface TokenOptions extends Omit<HeaderOptions, 'password'> {
  readonly secret?: string;
}

export function usernameTokenHeader(options: TokenOptions): string {
  return buildHeader({ ...options, password: options.secret ?? password(options.user) });
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
