// Builds a WS-Security UsernameToken header the way zeep and node soap send it: used by `imwsi wsse`
// (so curl users can call the gateway) and by tests that must control every byte.
import { randomBytes } from 'node:crypto';
import { passwordDigest } from './username-token.js';

const wsse = 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd';
const wsu = 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd';
const tokenProfile = 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-username-token-profile-1.0';
const base64Encoding = 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-soap-message-security-1.0#Base64Binary';

export interface HeaderOptions {
  readonly user: string;
  readonly password: string;
  readonly type?: 'digest' | 'text';
  readonly nonce?: Buffer;
  readonly created?: string;
}

export function usernameTokenHeader(options: HeaderOptions): string {
  const nonce = options.nonce ?? randomBytes(16);
  const created = options.created ?? new Date().toISOString();
  const digest = (options.type ?? 'digest') === 'digest';
  const value = digest ? passwordDigest(nonce, created, options.password) : options.password;
  return (
    `<wsse:Security xmlns:wsse="${wsse}" xmlns:wsu="${wsu}"><wsse:UsernameToken>` +
    `<wsse:Username>${options.user}</wsse:Username>` +
    `<wsse:Password Type="${tokenProfile}#${digest ? 'PasswordDigest' : 'PasswordText'}">${value}</wsse:Password>` +
    `<wsse:Nonce EncodingType="${base64Encoding}">${nonce.toString('base64')}</wsse:Nonce>` +
    `<wsu:Created>${created}</wsu:Created></wsse:UsernameToken></wsse:Security>`
  );
}
