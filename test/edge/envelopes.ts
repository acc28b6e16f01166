// Envelope building blocks for the hostile-input corpus: every part of a SOAP request can be replaced or have
// something slipped in before or after it, and UsernameTokens can be built field by field.
import { randomBytes } from 'node:crypto';
import { passwordDigest } from '../../src/platform/auth/username-token.js';
import { password } from '../helpers/gateway.js';
import { usernameTokenHeader } from '../helpers/raw.js';

export const ns = {
  soap11: 'http://schemas.xmlsoap.org/soap/envelope/',
  soap12: 'http://www.w3.org/2003/05/soap-envelope',
  enc11: 'http://schemas.xmlsoap.org/soap/encoding/',
  enc12: 'http://www.w3.org/2003/05/soap-encoding',
  wsse: 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd',
  wsu: 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd',
  xsi: 'http://www.w3.org/2001/XMLSchema-instance',
  wsa: 'http://www.w3.org/2005/08/addressing',
  actorNext: 'http://schemas.xmlsoap.org/soap/actor/next',
  roleNext: 'http://www.w3.org/2003/05/soap-envelope/role/next',
  roleUltimate: 'http://www.w3.org/2003/05/soap-envelope/role/ultimateReceiver',
  roleNone: 'http://www.w3.org/2003/05/soap-envelope/role/none',
} as const;

export const services = {
  InstantMessaging: 'http://imwsi.org/wsi/InstantMessaging/v1',
  Presence: 'http://imwsi.org/wsi/Presence/v1',
  Directory: 'http://imwsi.org/wsi/Directory/v1',
  ContactLists: 'http://imwsi.org/wsi/ContactLists/v1',
  Administration: 'http://imwsi.org/wsi/Administration/v1',
} as const;
export type Service = keyof typeof services;
export type Version = '1.1' | '1.2';

export const pathOf = (service: Service = 'InstantMessaging', version: Version = '1.1') =>
  `/wsi/${service}${version === '1.2' ? '/soap12' : ''}`;

export const sender = 'alice@example.com';
export const recipient = 'bob@example.com';

/** A fresh UsernameToken header (PasswordDigest, new nonce, Created now) for `user`. */
export const token = (user = sender, extra: { secret?: string; created?: string; type?: 'digest' | 'text' } = {}) =>
  usernameTokenHeader({ user, ...extra });

/** The same token with attributes on the wsse:Security element (actor, role, mustUnderstand...). */
export const tokenWith = (attributes: string, user = sender) => token(user).replace('<wsse:Security ', `<wsse:Security ${attributes} `);

export interface TokenFields {
  readonly username?: string;
  readonly password?: string | undefined;
  readonly passwordType?: string | null;
  readonly nonce?: string;
  readonly created?: string;
  /** Fields to leave out. */
  readonly omit?: readonly ('username' | 'password' | 'nonce' | 'created')[];
  /** XML slipped into the UsernameToken after its fields. */
  readonly extra?: string;
  /** XML slipped into the Security header after the UsernameToken. */
  readonly after?: string;
}

/** A UsernameToken built field by field: by default a valid digest token for alice. */
export function tokenFields(fields: TokenFields = {}): string {
  const nonceBytes = randomBytes(16);
  const created = fields.created ?? new Date().toISOString();
  const user = fields.username ?? sender;
  const secret = password(sender);
  const nonce = fields.nonce ?? nonceBytes.toString('base64');
  const digest = fields.password ?? passwordDigest(Buffer.from(nonce, 'base64'), created, secret);
  const type =
    fields.passwordType === undefined
      ? 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-username-token-profile-1.0#PasswordDigest'
      : fields.passwordType;
  const omit = new Set(fields.omit ?? []);
  return (
    `<wsse:Security xmlns:wsse="${ns.wsse}" xmlns:wsu="${ns.wsu}"><wsse:UsernameToken>` +
    (omit.has('username') ? '' : `<wsse:Username>${user}</wsse:Username>`) +
    (omit.has('password') ? '' : `<wsse:Password${type === null ? '' : ` Type="${type}"`}>${digest}</wsse:Password>`) +
    (omit.has('nonce') ? '' : `<wsse:Nonce>${nonce}</wsse:Nonce>`) +
    (omit.has('created') ? '' : `<wsu:Created>${created}</wsu:Created>`) +
    (fields.extra ?? '') +
    `</wsse:UsernameToken>${fields.after ?? ''}</wsse:Security>`
  );
}

export interface EnvelopeParts {
  readonly version?: Version;
  readonly service?: Service;
  /** Before the Envelope; the XML declaration by default. */
  readonly prolog?: string;
  readonly envelopeTag?: string;
  readonly envelopeAttributes?: string;
  readonly beforeHeader?: string;
  /** The whole Header element; null leaves it out. Default: a Header holding `security`. */
  readonly header?: string | null;
  readonly headerAttributes?: string;
  /** The Security header; default a fresh token of `user`. */
  readonly security?: string;
  readonly beforeSecurity?: string;
  readonly afterSecurity?: string;
  readonly betweenHeaderAndBody?: string;
  readonly bodyTag?: string;
  readonly bodyAttributes?: string;
  readonly beforeOperation?: string;
  /** The operation element's local name (prefix `im`, the service namespace). */
  readonly operation?: string;
  readonly operationAttributes?: string;
  /** Replaces the whole operation element. */
  readonly operationElement?: string;
  readonly inner?: string;
  readonly afterOperation?: string;
  readonly afterBody?: string;
  readonly epilog?: string;
  readonly user?: string;
}

/** A complete envelope; every part is a default unless given. The default is a valid GetMessages of alice. */
export function soapEnvelope(p: EnvelopeParts = {}): string {
  const version = p.version ?? '1.1';
  const service = services[p.service ?? 'InstantMessaging'];
  const soapNs = version === '1.1' ? ns.soap11 : ns.soap12;
  const envelopeTag = p.envelopeTag ?? 'soap:Envelope';
  const bodyTag = p.bodyTag ?? 'soap:Body';
  const security = p.security ?? token(p.user);
  const header =
    p.header === null
      ? ''
      : (p.header ??
        `<soap:Header${p.headerAttributes ? ' ' + p.headerAttributes : ''}>${p.beforeSecurity ?? ''}${security}${p.afterSecurity ?? ''}</soap:Header>`);
  const operation = p.operation ?? 'GetMessages';
  const inner = p.inner ?? (operation === 'GetMessages' ? '<im:maxMessages>1</im:maxMessages>' : '');
  const operationElement =
    p.operationElement ?? `<im:${operation}${p.operationAttributes ? ' ' + p.operationAttributes : ''}>${inner}</im:${operation}>`;
  return (
    (p.prolog ?? '<?xml version="1.0" encoding="utf-8"?>') +
    `<${envelopeTag} xmlns:soap="${soapNs}" xmlns:im="${service}"${p.envelopeAttributes ? ' ' + p.envelopeAttributes : ''}>` +
    (p.beforeHeader ?? '') +
    header +
    (p.betweenHeaderAndBody ?? '') +
    `<${bodyTag}${p.bodyAttributes ? ' ' + p.bodyAttributes : ''}>` +
    (p.beforeOperation ?? '') +
    operationElement +
    (p.afterOperation ?? '') +
    `</${bodyTag}>` +
    (p.afterBody ?? '') +
    `</${envelopeTag}>` +
    (p.epilog ?? '')
  );
}

/** A valid one-message SendMessages body (operation inner XML); `extra` goes into the message. */
export const message = (extra = '', to = recipient) =>
  `<im:message><im:recipient>${to}</im:recipient><im:content>aGk=</im:content>${extra}</im:message>`;

/** A valid SendMessages of alice to bob with `extra` inside the message. */
export const sendMessages = (extra = '', parts: EnvelopeParts = {}) =>
  soapEnvelope({ operation: 'SendMessages', inner: message(extra), ...parts });

/** Text as UTF-16 bytes, little or big endian, with or without a byte order mark. */
export function utf16(text: string, order: 'le' | 'be', bom: boolean): Buffer {
  const le = Buffer.from((bom ? '\uFEFF' : '') + text, 'utf16le');
  if (order === 'le') return le;
  const be = Buffer.alloc(le.length);
  for (let i = 0; i + 1 < le.length; i += 2) {
    be[i] = le[i + 1]!;
    be[i + 1] = le[i]!;
  }
  return be;
}

/** The envelope's XML declaration replaced (or removed with ''). */
export const withDeclaration = (xml: string, declaration: string) => xml.replace('<?xml version="1.0" encoding="utf-8"?>', declaration);

/** Bytes of `xml` with `bytes` inserted in place of the first `marker`. */
export function withBytes(xml: string, marker: string, bytes: readonly number[]): Buffer {
  const at = xml.indexOf(marker);
  if (at < 0) throw new Error(`marker ${marker} not found`);
  return Buffer.concat([Buffer.from(xml.slice(0, at), 'utf8'), Buffer.from(bytes), Buffer.from(xml.slice(at + marker.length), 'utf8')]);
}
