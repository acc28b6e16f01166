// fast-check arbitraries for the envelope parser fuzz test (issue 7). A case is a SOAP request for one of the five
// services, built from the WSDL's schema model (so the arguments are the elements the parser really decodes),
// then, most of the time, mutated: elements inserted, deleted, duplicated, renamed (hostile names included),
// attributes added (SOAP encoding, xsi:nil, mustUnderstand, actor/role, Object.prototype names), raw markup
// spliced in (CDATA, comments, PIs, DOCTYPE, entity and character references, surrogates, long text),
// namespace tricks, a hostile prolog or epilog, and at the end text-level edits (truncation, UTF-8 bit flips).
// Every case also carries the chunking in which it is fed to RequestParser.write.
//
// Unmutated requests on the default limits carry the exact result the parser must return (`expected`).
import fc from 'fast-check';
import { envelopeNamespace, type SoapVersion } from '../../src/platform/soap/faults.js';
import { listLimits } from '../../src/platform/soap/list-limits.js';
import { configWith } from '../../src/platform/config.js';
import { parserLimitsOf } from '../../src/platform/soap/parser-limits.js';
import type { EndpointRules, ParserLimits } from '../../src/platform/soap/request-parser.js';
import { wsseNamespace, wsuNamespace } from '../../src/platform/soap/request-parser.js';
import { readWsdl } from '../../src/platform/soap/wsdl-file.js';
import { type ElementDecl, readServiceSchema, type ServiceSchema } from '../../src/platform/soap/wsdl-schema.js';

// ---------------------------------------------------------------------------------------------------------
// Endpoints: the five services, both SOAP versions, two sets of limits.

export const serviceNames = ['InstantMessaging', 'Presence', 'ContactLists', 'Directory', 'Administration'] as const;
export type ServiceName = (typeof serviceNames)[number];
export const versions: readonly SoapVersion[] = ['1.1', '1.2'];
/** `default`: the gateway's defaults (src/config.ts). `tight`: the smallest values the configuration accepts. */
export type Profile = 'default' | 'tight';
export const profiles: readonly Profile[] = ['default', 'tight'];

export interface Endpoint {
  readonly service: ServiceName;
  readonly version: SoapVersion;
  readonly profile: Profile;
}

export interface Service {
  readonly name: ServiceName;
  readonly schema: ServiceSchema;
  readonly namespace: string;
  readonly operations: readonly string[];
  /** Every element name the schema declares anywhere (requests, responses, fault details). */
  readonly elementNames: readonly string[];
}

function allElementNames(schema: ServiceSchema): string[] {
  const names = new Set<string>();
  const seen = new Set<unknown>();
  const walk = (decl: ElementDecl) => {
    names.add(decl.name);
    if (decl.type.kind !== 'complex' || seen.has(decl.type)) return;
    seen.add(decl.type);
    for (const child of decl.type.sequence) walk(child);
  };
  for (const decl of schema.elements.values()) walk(decl);
  return [...names].sort();
}

export const services: ReadonlyMap<ServiceName, Service> = new Map(
  serviceNames.map((name) => {
    const wsdl = readWsdl(name);
    const schema = readServiceSchema(wsdl.text);
    return [
      name,
      { name, schema, namespace: schema.namespace, operations: wsdl.operations, elementNames: allElementNames(schema) },
    ] as const;
  }),
);
export const serviceOf = (name: ServiceName): Service => services.get(name)!;

/** The parser limits of each profile, as src/gateway.ts builds them from the configuration. */
export const profileLimits: Readonly<Record<Profile, ParserLimits>> = {
  // What the gateway runs with its default configuration.
  default: parserLimitsOf(configWith({})),
  tight: {
    maxDepth: 8,
    maxNameChars: 32,
    maxAttributes: 4,
    preAuthChars: 4096,
    maxStringChars: 256,
    maxBinaryChars: Math.ceil(1 / 3) * 4 * 1.1 + 1024,
    lists: listLimits({
      messagesPerRequest: 2,
      recipientsPerMessage: 2,
      maxMessagesPerGet: 2,
      presentitiesPerRequest: 2,
      directoryEntriesPerRequest: 2,
      itemsPerList: 1,
    }),
  },
};

const rulesCache = new Map<string, EndpointRules>();
/** The EndpointRules of an endpoint, as src/soap/mount.ts builds them. */
export function endpointRules({ service, version, profile }: Endpoint): EndpointRules {
  const key = `${service} ${version} ${profile}`;
  let rules = rulesCache.get(key);
  if (!rules) {
    const s = serviceOf(service);
    rules = { version, schema: s.schema, operations: new Set(s.operations), limits: profileLimits[profile] };
    rulesCache.set(key, rules);
  }
  return rules;
}

export const allEndpoints: readonly Endpoint[] = serviceNames.flatMap((service) =>
  versions.flatMap((version) => profiles.map((profile) => ({ service, version, profile }))),
);

export const endpointLabel = (e: Endpoint): string => `${e.service}/${e.version}/${e.profile}`;

// ---------------------------------------------------------------------------------------------------------
// The document model: elements with literal qualified names and attributes, text (escaped when written) and
// raw markup (written as is).

export interface XmlElement {
  readonly kind: 'element';
  name: string;
  attributes: [string, string][];
  children: XmlNode[];
  /** An element of the service namespace whose prefix is chosen when the document is assembled. */
  readonly service?: boolean;
}
export interface XmlText {
  readonly kind: 'text';
  readonly text: string;
}
export interface XmlRaw {
  readonly kind: 'raw';
  readonly xml: string;
}
export type XmlNode = XmlElement | XmlText | XmlRaw;

const element = (name: string, attributes: [string, string][] = [], children: XmlNode[] = [], service = false): XmlElement =>
  service ? { kind: 'element', name, attributes, children, service } : { kind: 'element', name, attributes, children };
const text = (value: string): XmlText => ({ kind: 'text', text: value });
const raw = (xml: string): XmlRaw => ({ kind: 'raw', xml });

const escapeText = (value: string) => value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\r/g, '&#xD;');
const escapeAttribute = (value: string) =>
  value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/"/g, '&quot;')
    .replace(/\t/g, '&#x9;')
    .replace(/\n/g, '&#xA;')
    .replace(/\r/g, '&#xD;');

export function writeNode(node: XmlNode): string {
  if (node.kind === 'text') return escapeText(node.text);
  if (node.kind === 'raw') return node.xml;
  const attributes = node.attributes.map(([name, value]) => ` ${name}="${escapeAttribute(value)}"`).join('');
  if (node.children.length === 0) return `<${node.name}${attributes}/>`;
  return `<${node.name}${attributes}>${node.children.map(writeNode).join('')}</${node.name}>`;
}

function cloneNode<T extends XmlNode>(node: T): T {
  if (node.kind !== 'element') return node;
  return { ...node, attributes: node.attributes.map(([n, v]) => [n, v] as [string, string]), children: node.children.map(cloneNode) } as T;
}

export interface RequestDocument {
  readonly prolog: string;
  readonly root: XmlElement;
  readonly epilog: string;
  /** '' when the namespace is the default namespace at that point. */
  readonly envPrefix: string;
  readonly svcPrefix: string;
}

// ---------------------------------------------------------------------------------------------------------
// Text values.

/** A character XML 1.0 can carry, mostly ASCII, sometimes markup-significant, sometimes astral. */
const xmlChar: fc.Arbitrary<string> = fc.oneof(
  { weight: 12, arbitrary: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)) },
  { weight: 3, arbitrary: fc.constantFrom('<', '>', '&', '"', "'", ';', ']]>', '\n', '\t', '\r', ' ') },
  { weight: 2, arbitrary: fc.integer({ min: 0xa0, max: 0xd7ff }).map((c) => String.fromCharCode(c)) },
  { weight: 1, arbitrary: fc.integer({ min: 0xe000, max: 0xfffd }).map((c) => String.fromCharCode(c)) },
  { weight: 1, arbitrary: fc.integer({ min: 0x10000, max: 0x10ffff }).map((c) => String.fromCodePoint(c)) },
);
const xmlString = (maxLength: number) => fc.string({ unit: xmlChar, maxLength });

const localPart = fc.stringMatching(/^[a-z][a-z0-9._-]{0,11}$/);
const address = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.tuple(localPart, fc.constantFrom('example.com', 'example.org', 'peer.example.net')).map(([u, d]) => `${u}@${d}`),
  },
  { weight: 1, arbitrary: fc.constantFrom('tel:+15551234567', 'sip:bob@example.com', 'im:alice@example.com', 'bob', '@', '') },
);
const base64 = fc.uint8Array({ maxLength: 48 }).map((bytes) => Buffer.from(bytes).toString('base64'));
const dateTime = fc.integer({ min: Date.UTC(1999, 0, 1), max: Date.UTC(2040, 0, 1) }).map((ms) => new Date(ms).toISOString());

const addressElements = new Set([
  'recipient',
  'presentity',
  'contact',
  'watcher',
  'user',
  'requester',
  'address',
  'originator',
  'inbox',
  'domain',
]);

function valueArbitrary(decl: ElementDecl): fc.Arbitrary<string> {
  const base = decl.type.kind === 'simple' ? decl.type.base : 'string';
  switch (base) {
    case 'int':
    case 'long':
      return fc.oneof(
        { weight: 5, arbitrary: fc.integer({ min: -5, max: 100_000 }).map(String) },
        { weight: 1, arbitrary: fc.constantFrom('0', '-0', '+7', '2147483648', '99999999999999999999', ' 12 ', '1e3') },
      );
    case 'boolean':
      return fc.constantFrom('true', 'false', '1', '0');
    case 'base64Binary':
      return base64;
    case 'dateTime':
      return dateTime;
    default:
      break;
  }
  if (addressElements.has(decl.name)) return address;
  if (decl.name === 'contentType') return fc.constantFrom('text/plain; charset=utf-8', 'text/html', 'application/octet-stream');
  if (decl.name === 'priority') return fc.constantFrom('Low', 'Normal', 'High');
  if (decl.name === 'availability') return fc.constantFrom('available', 'away', 'busy', 'offline');
  if (decl.name === 'acceptMessagesFrom') return fc.constantFrom('anyone', 'contacts');
  if (decl.name === 'endpoint') return fc.constantFrom('https://peer.example.net/wsi/InstantMessaging', 'http://127.0.0.1:8080/wsi');
  return xmlString(40);
}

/** How a text value is written: all these mean the same value. */
type TextStyle = 'plain' | 'cdata' | 'charref' | 'comment' | 'quotes';
const textStyle = fc.constantFrom<TextStyle>('plain', 'plain', 'plain', 'cdata', 'charref', 'comment', 'quotes');

function encodeText(value: string, style: TextStyle): XmlNode[] {
  if (value === '') return [];
  switch (style) {
    case 'cdata':
      // CDATA keeps '\r' as it is, and the parser then normalizes it: write those as plain text.
      return value.includes(']]>') || value.includes('\r') ? [text(value)] : [raw(`<![CDATA[${value}]]>`)];
    case 'charref':
      return [raw([...value].map((c) => `&#x${c.codePointAt(0)!.toString(16)};`).join(''))];
    case 'comment': {
      const chars = [...value];
      const half = Math.floor(chars.length / 2);
      return [text(chars.slice(0, half).join('')), raw('<!-- split -->'), text(chars.slice(half).join(''))];
    }
    case 'quotes':
      return [raw(escapeText(value).replace(/"/g, '&quot;').replace(/'/g, '&apos;'))];
    default:
      return [text(value)];
  }
}

// ---------------------------------------------------------------------------------------------------------
// Valid requests from the schema.

interface Generated {
  readonly node: XmlElement;
  /** What the parser must return for this element: a string, or an object of children (lists as arrays). */
  readonly value: unknown;
}

const elementCache = new WeakMap<ElementDecl, fc.Arbitrary<Generated>>();

function elementArbitrary(decl: ElementDecl): fc.Arbitrary<Generated> {
  const cached = elementCache.get(decl);
  if (cached) return cached;
  let arbitrary: fc.Arbitrary<Generated>;
  const type = decl.type;
  if (type.kind === 'simple') {
    arbitrary = fc
      .tuple(valueArbitrary(decl), textStyle)
      .map(([value, style]) => ({ node: element(decl.name, [], encodeText(value, style), true), value }));
  } else {
    const lists = type.sequence.map((child) =>
      fc.array(elementArbitrary(child), {
        minLength: child.minOccurs,
        maxLength: child.maxOccurs > 1 ? Math.max(child.minOccurs, 3) : 1,
      }),
    );
    arbitrary = fc.tuple(fc.tuple(...lists), fc.constantFrom('compact', 'compact', 'pretty', 'comments')).map(([children, layout]) => {
      const value: Record<string, unknown> = {};
      const nodes: XmlNode[] = [];
      type.sequence.forEach((child, index) => {
        const items = children[index]!;
        if (items.length === 0) return;
        value[child.name] = child.maxOccurs > 1 ? items.map((item) => item.value) : items[0]!.value;
        for (const item of items) {
          if (layout === 'pretty') nodes.push(text('\n  '));
          if (layout === 'comments') nodes.push(raw('<!-- - -->'));
          nodes.push(item.node);
        }
      });
      if (layout === 'pretty' && nodes.length) nodes.push(text('\n'));
      return { node: element(decl.name, [], nodes, true), value };
    });
  }
  elementCache.set(decl, arbitrary);
  return arbitrary;
}

/** The result the parser must return for an unmutated request (default limits). */
export interface ExpectedResult {
  readonly operation: string;
  readonly args: unknown;
  readonly usernameToken: Readonly<Record<string, string>> | undefined;
  readonly signed: boolean;
}

const passwordTypes = [
  'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-username-token-profile-1.0#PasswordDigest',
  'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-username-token-profile-1.0#PasswordText',
];
const base64EncodingType = 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-soap-message-security-1.0#Base64Binary';
const dsigNamespace = 'http://www.w3.org/2000/09/xmldsig#';
const xsiNamespace = 'http://www.w3.org/2001/XMLSchema-instance';
const nextActor: Record<SoapVersion, readonly string[]> = {
  '1.1': ['http://schemas.xmlsoap.org/soap/actor/next'],
  '1.2': ['http://www.w3.org/2003/05/soap-envelope/role/next', 'http://www.w3.org/2003/05/soap-envelope/role/ultimateReceiver'],
};
const actorName: Record<SoapVersion, string> = { '1.1': 'actor', '1.2': 'role' };
const otherVersion = (v: SoapVersion): SoapVersion => (v === '1.1' ? '1.2' : '1.1');

/** SOAP envelope attributes (mustUnderstand, actor, role) for an element, whatever the prefixes. */
function envAttributes(envPrefix: string, version: SoapVersion, pairs: readonly (readonly [string, string])[]): [string, string][] {
  if (pairs.length === 0) return [];
  if (envPrefix) return pairs.map(([local, value]) => [`${envPrefix}:${local}`, value]);
  return [['xmlns:se', envelopeNamespace[version]], ...pairs.map(([local, value]) => [`se:${local}`, value] as [string, string])];
}

interface TokenModel {
  readonly username: string | undefined;
  readonly password: { readonly value: string; readonly type: string | undefined } | undefined;
  readonly nonce: { readonly value: string; readonly encoding: string | undefined } | undefined;
  readonly created: { readonly value: string; readonly wsse: boolean } | undefined;
}

const tokenModel: fc.Arbitrary<TokenModel> = fc.record({
  username: fc.option(address, { nil: undefined, freq: 8 }),
  password: fc.option(
    fc.record({ value: fc.oneof(base64, xmlString(24)), type: fc.option(fc.constantFrom(...passwordTypes), { nil: undefined }) }),
    {
      nil: undefined,
      freq: 6,
    },
  ),
  nonce: fc.option(fc.record({ value: base64, encoding: fc.option(fc.constant(base64EncodingType), { nil: undefined }) }), {
    nil: undefined,
  }),
  created: fc.option(fc.record({ value: dateTime, wsse: fc.boolean() }), { nil: undefined }),
});

interface HeaderModel {
  readonly security:
    | {
        readonly token: TokenModel | undefined;
        readonly timestamp: boolean;
        readonly signature: boolean;
        readonly mustUnderstand: boolean;
        readonly actor: number | undefined;
      }
    | undefined;
  /** Header blocks for someone else, or optional: ignored. */
  readonly foreign: readonly { readonly mustUnderstand: 'absent' | '0' | 'elsewhere'; readonly before: boolean }[];
}

const headerModel: fc.Arbitrary<HeaderModel | undefined> = fc.option(
  fc.record({
    security: fc.option(
      fc.record({
        token: fc.option(tokenModel, { nil: undefined, freq: 8 }),
        timestamp: fc.boolean(),
        signature: fc.boolean(),
        mustUnderstand: fc.boolean(),
        actor: fc.option(fc.nat({ max: 1 }), { nil: undefined }),
      }),
      { nil: undefined, freq: 6 },
    ),
    foreign: fc.array(
      fc.record({ mustUnderstand: fc.constantFrom<'absent' | '0' | 'elsewhere'>('absent', '0', 'elsewhere'), before: fc.boolean() }),
      {
        maxLength: 2,
      },
    ),
  }),
  { nil: undefined, freq: 6 },
);

function headerNodes(
  model: HeaderModel,
  version: SoapVersion,
  envPrefix: string,
): { nodes: XmlNode[]; token: Record<string, string> | undefined; signed: boolean } {
  const foreign = (mu: 'absent' | '0' | 'elsewhere', n: number): XmlElement => {
    const pairs: [string, string][] = [];
    if (mu === '0') pairs.push(['mustUnderstand', version === '1.1' ? '0' : 'false']);
    if (mu === 'elsewhere') pairs.push(['mustUnderstand', '1'], [actorName[version], 'urn:example:some-other-node']);
    return element(
      't:Trace',
      [['xmlns:t', 'urn:example:trace'], ...envAttributes(envPrefix, version, pairs)],
      [element('t:hop', [], [text(String(n))]), element('t:note', [], [raw('<![CDATA[<?xml version="1.0"?><a/>]]>')])],
    );
  };
  const nodes: XmlNode[] = model.foreign.filter((f) => f.before).map((f, i) => foreign(f.mustUnderstand, i));
  let token: Record<string, string> | undefined;
  let signed = false;
  const s = model.security;
  if (s) {
    const attributes: [string, string][] = [
      ['xmlns:wsse', wsseNamespace],
      ['xmlns:wsu', wsuNamespace],
    ];
    const pairs: [string, string][] = [];
    if (s.mustUnderstand) pairs.push(['mustUnderstand', version === '1.1' ? '1' : 'true']);
    if (s.actor !== undefined) pairs.push([actorName[version], nextActor[version][s.actor % nextActor[version].length]!]);
    attributes.push(...envAttributes(envPrefix, version, pairs));
    const children: XmlNode[] = [];
    if (s.timestamp)
      children.push(
        element(
          'wsu:Timestamp',
          [['wsu:Id', 'TS-1']],
          [element('wsu:Created', [], [text('2026-01-01T00:00:00Z')]), element('wsu:Expires', [], [text('2026-01-01T00:05:00Z')])],
        ),
      );
    const t = s.token;
    if (t) {
      token = {};
      const fields: XmlNode[] = [];
      if (t.username !== undefined) {
        fields.push(element('wsse:Username', [], encodeText(t.username, 'plain')));
        token['username'] = t.username;
      }
      if (t.password) {
        fields.push(element('wsse:Password', t.password.type ? [['Type', t.password.type]] : [], encodeText(t.password.value, 'plain')));
        token['password'] = t.password.value;
        if (t.password.type !== undefined) token['passwordType'] = t.password.type;
      }
      if (t.nonce) {
        fields.push(
          element('wsse:Nonce', t.nonce.encoding ? [['EncodingType', t.nonce.encoding]] : [], encodeText(t.nonce.value, 'cdata')),
        );
        token['nonce'] = t.nonce.value;
        if (t.nonce.encoding !== undefined) token['nonceEncoding'] = t.nonce.encoding;
      }
      if (t.created) {
        fields.push(element(t.created.wsse ? 'wsse:Created' : 'wsu:Created', [], [text(t.created.value)]));
        token['created'] = t.created.value;
      }
      children.push(element('wsse:UsernameToken', [['wsu:Id', 'UT-1']], fields));
    }
    if (s.signature) {
      signed = true;
      children.push(
        element(
          'ds:Signature',
          [['xmlns:ds', dsigNamespace]],
          [element('ds:SignedInfo', [], [element('ds:Reference', [['URI', '#Body-1']])]), element('ds:SignatureValue', [], [text('AAAA')])],
        ),
      );
    }
    nodes.push(element('wsse:Security', attributes, children));
  }
  nodes.push(...model.foreign.filter((f) => !f.before).map((f, i) => foreign(f.mustUnderstand, i + 10)));
  return { nodes, token, signed };
}

type ServiceStyle = 'prefix-on-envelope' | 'prefix-on-operation' | 'default-on-operation' | 'prefix-per-element';

/** Gives the service's elements their prefix; `declare`: each element declares it itself. */
function qualifyServiceElements(node: XmlNode, prefix: string, declare: string | undefined): XmlNode {
  if (node.kind !== 'element') return node;
  const children = node.children.map((c) => qualifyServiceElements(c, prefix, declare));
  if (!node.service) return { ...node, children };
  const attributes: [string, string][] =
    declare === undefined ? node.attributes : [[prefix ? `xmlns:${prefix}` : 'xmlns', declare], ...node.attributes];
  return { ...node, name: prefix ? `${prefix}:${node.name}` : node.name, attributes, children };
}

export interface ValidRequest {
  readonly document: RequestDocument;
  readonly expected: ExpectedResult;
}

const envPrefixes = ['soap', 'soapenv', 'SOAP-ENV', 's', 'env', 'e', ''];
const svcPrefixes = ['im', 'tns', 'ns1', 'm', 'wsi'];

/** A request for one of the service's operations that the parser must accept on the default limits. */
export function validRequest(serviceName: ServiceName, version: SoapVersion): fc.Arbitrary<ValidRequest> {
  const service = serviceOf(serviceName);
  const operations = service.operations.map((op) => elementArbitrary(service.schema.elements.get(op)!));
  return fc
    .record({
      operation: fc.oneof(...operations),
      header: headerModel,
      emptyHeader: fc.boolean(),
      envPrefix: fc.constantFrom(...envPrefixes),
      svcPrefix: fc.constantFrom(...svcPrefixes),
      style: fc.constantFrom<ServiceStyle>('prefix-on-envelope', 'prefix-on-operation', 'default-on-operation', 'prefix-per-element'),
      pretty: fc.boolean(),
    })
    .map(({ operation, header, emptyHeader, envPrefix, svcPrefix, style, pretty }) => {
      const ns = service.namespace;
      const env = (local: string) => (envPrefix ? `${envPrefix}:${local}` : local);
      const svcPrefix2 = style === 'default-on-operation' ? '' : svcPrefix;
      let op = qualifyServiceElements(operation.node, svcPrefix2, style === 'prefix-per-element' ? ns : undefined) as XmlElement;
      if (style === 'prefix-on-operation') op = { ...op, attributes: [[`xmlns:${svcPrefix}`, ns], ...op.attributes] };
      else if (style === 'default-on-operation') op = { ...op, attributes: [['xmlns', ns], ...op.attributes] };
      const envelopeAttributes: [string, string][] = [[envPrefix ? `xmlns:${envPrefix}` : 'xmlns', envelopeNamespace[version]]];
      if (style === 'prefix-on-envelope') envelopeAttributes.push([`xmlns:${svcPrefix}`, ns]);
      const children: XmlNode[] = [];
      let token: Record<string, string> | undefined;
      let signed = false;
      if (header) {
        const h = headerNodes(header, version, envPrefix);
        token = h.token;
        signed = h.signed;
        children.push(element(env('Header'), [], h.nodes));
      } else if (emptyHeader) {
        children.push(element(env('Header')));
      }
      children.push(element(env('Body'), [], [op]));
      const laidOut = pretty ? children.flatMap((c) => [text('\n'), c]).concat(text('\n')) : children;
      const root = element(env('Envelope'), envelopeAttributes, laidOut);
      const document: RequestDocument = {
        prolog: '<?xml version="1.0" encoding="utf-8"?>',
        root,
        epilog: '',
        envPrefix,
        svcPrefix: svcPrefix2,
      };
      const expected: ExpectedResult = { operation: operation.node.name, args: operation.value, usernameToken: token, signed };
      return { document, expected };
    });
}

// ---------------------------------------------------------------------------------------------------------
// Hostile material.

/** Every Object.prototype property name, and the other names prototype pollution goes through. */
export const hostileNames: readonly string[] = [
  ...new Set([
    ...Object.getOwnPropertyNames(Object.prototype),
    '__proto__',
    'prototype',
    'constructor',
    'length',
    'push',
    'call',
    'apply',
    'bind',
    'caller',
    'arguments',
    'then',
    'toJSON',
  ]),
];

const charRefs = [
  '&#65;',
  '&#x41;',
  '&#x1;',
  '&#0;',
  '&#x0;',
  '&#x8;',
  '&#xB;',
  '&#x1F;',
  '&#9;',
  '&#xA;',
  '&#xD;',
  '&#x85;',
  '&#x2028;',
  '&#xD800;',
  '&#xDBFF;&#xDC00;',
  '&#xDFFF;',
  '&#xFFFE;',
  '&#xFFFF;',
  '&#xFFFD;',
  '&#x10000;',
  '&#x10FFFF;',
  '&#x110000;',
  '&#99999999999999999999;',
  '&#x-1;',
  '&#xG;',
  '&#;',
  '&#x;',
  '&#65',
  '&#x41',
  '&#X41;',
  '&#x0041;',
  '&#00000065;',
];
const entityRefs = [
  '&amp;',
  '&lt;',
  '&gt;',
  '&quot;',
  '&apos;',
  '&nbsp;',
  '&lol;',
  '&;',
  '& ',
  '&',
  '&amp',
  '&__proto__;',
  '&constructor;',
  '&toString;',
  '&hasOwnProperty;',
  '&valueOf;',
  '&prototype;',
  '&xxe;',
  '&%;',
  '&#',
];
const markupPieces = [
  '<',
  '>',
  ']]>',
  '</',
  '<!',
  '<?',
  '<![CDATA[',
  '"',
  "'",
  '=',
  ':',
  '<!-->',
  '<!-- -- -->',
  '<!---->',
  '<!-- x --->',
  '<?xml version="1.0"?>',
  '<?xml version="1.1"?>',
  '<?xml-stylesheet href="x.xsl"?>',
  '<?pi data?>',
  '<?__proto__ x?>',
  '<? ?>',
  '<!DOCTYPE x>',
  '<!DOCTYPE x [<!ENTITY e "v">]>',
  '<!ENTITY e "v">',
  '<![IGNORE[ x ]]>',
  '<!ATTLIST x>',
  '<x:y xmlns:x="urn:y"/>',
  '<a/>',
  '</a>',
  '<a>',
  '<:a/>',
  '<a:/>',
  '<a:b:c/>',
  '<1a/>',
  '<a b/>',
  '<a b="1" b="2"/>',
  "<a b='x\"'/>",
  '<a xmlns:p=""/>',
  '<p:a xmlns:p="urn:p"></q:a>',
  '<a\u0000/>',
  '<a\t\r\n/>',
];
const oddText = [
  ' ',
  '\n',
  '\t',
  '\r',
  '\r\n',
  '\u0000',
  '\u0001',
  '\u0008',
  '\u000B',
  '\u001F',
  '\u007F',
  '\u0085',
  '\u00A0',
  '\u2028',
  '\uFEFF',
  '\uFFFE',
  '\uFFFF',
  '\uFFFD',
  '\uD83D\uDE00',
  '\uDBFF\uDFFF',
  '\uD800',
  '\uDC00',
  '\uDC00\uD800',
  'x',
  'text',
];

const cdata = fc
  .oneof(
    fc.constantFrom(
      '<?xml version="1.0" encoding="utf-8"?><soap:Envelope/>',
      '<?xml version="1.1"?>&#x1;',
      ']]',
      ']',
      '',
      '<![CDATA[',
      '&amp;',
      '<im:message/>',
    ),
    xmlString(30),
  )
  .map((inner) => `<![CDATA[${inner}]]>`);

const longText = fc
  .tuple(fc.integer({ min: 200, max: 5000 }), fc.constantFrom('a', ' ', '\n', '&amp;', '<!---->', '\uD83D\uDE00', '&#x41;', 'é'))
  .map(([n, unit]) => unit.repeat(Math.ceil(n / unit.length)));

/** A piece of markup or text spliced in raw: anything the issue lists, well-formed or not. */
export const fragment: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: cdata },
  { weight: 2, arbitrary: fc.constantFrom('<!-- comment -->', '<!-- <im:message/> -->', '<!---->', '<!-- \uD83D\uDE00 -->') },
  { weight: 3, arbitrary: fc.constantFrom(...charRefs) },
  { weight: 3, arbitrary: fc.constantFrom(...entityRefs) },
  { weight: 3, arbitrary: fc.constantFrom(...markupPieces) },
  { weight: 3, arbitrary: fc.constantFrom(...oddText) },
  { weight: 1, arbitrary: longText },
  { weight: 2, arbitrary: xmlString(20) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 12 }) },
  { weight: 1, arbitrary: fc.integer({ min: 0, max: 0x11_0000 }).map((c) => `&#x${c.toString(16)};`) },
);

// ---------------------------------------------------------------------------------------------------------
// Mutations of the document tree. `at` picks an element (pre-order, modulo their number), `position` a place
// among its children. Names are resolved against the document's prefixes when the mutation is applied.

/** How a name is qualified: the service or envelope prefix in use, none, an unbound prefix, or declared here. */
export type Qualify =
  | 'svc'
  | 'env'
  | 'none'
  | 'unbound'
  | 'declare-svc'
  | 'declare-env'
  | 'declare-other-env'
  | 'declare-foreign'
  | 'declare-other-service';

export type NodeSpec =
  | { readonly kind: 'named'; readonly q: Qualify; readonly local: string; readonly content: string | undefined }
  | { readonly kind: 'security'; readonly token: string; readonly attributes: readonly [string, string][] }
  | { readonly kind: 'foreign'; readonly attributes: readonly [string, string][] }
  | { readonly kind: 'deep'; readonly q: Qualify; readonly local: string; readonly depth: number };

export type Mutation =
  | { readonly kind: 'delete'; readonly at: number }
  | { readonly kind: 'duplicate'; readonly at: number; readonly times: number }
  | { readonly kind: 'insert'; readonly at: number; readonly position: number; readonly node: NodeSpec }
  | { readonly kind: 'rename'; readonly at: number; readonly q: Qualify; readonly local: string }
  | { readonly kind: 'attributes'; readonly at: number; readonly attributes: readonly [string, string][] }
  | { readonly kind: 'fragment'; readonly at: number; readonly position: number; readonly xml: string }
  | { readonly kind: 'setText'; readonly at: number; readonly xml: string }
  | {
      readonly kind: 'namespace';
      readonly at: number;
      readonly prefix: 'svc' | 'env' | 'default' | 'xml' | 'xmlns' | 'hostile';
      readonly uri: string;
    }
  | { readonly kind: 'wrap'; readonly at: number; readonly q: Qualify; readonly local: string }
  | { readonly kind: 'move'; readonly at: number; readonly to: number; readonly position: number };

const otherServiceNamespaces = serviceNames.map((n) => serviceOf(n).namespace);

function namespaceUris(version: SoapVersion): fc.Arbitrary<string> {
  return fc.constantFrom(
    ...otherServiceNamespaces,
    envelopeNamespace[version],
    envelopeNamespace[otherVersion(version)],
    'urn:example:other',
    '',
    wsseNamespace,
    xsiNamespace,
    'http://www.w3.org/XML/1998/namespace',
    'http://www.w3.org/2000/xmlns/',
    'http://schemas.xmlsoap.org/soap/encoding/',
    'HTTP://IMWSI.ORG/WSI/InstantMessaging/v1',
    `${serviceOf('InstantMessaging').namespace}/`,
    ' http://imwsi.org/wsi/InstantMessaging/v1',
  );
}

/** Attributes the issue names, and some more. `$env:` and `$svc:` name the document's prefixes. */
function attributeSets(version: SoapVersion): fc.Arbitrary<[string, string][]> {
  const env = envelopeNamespace[version];
  const other = envelopeNamespace[otherVersion(version)];
  const actor = actorName[version];
  const one = (name: string, value: fc.Arbitrary<string>) => value.map((v) => [[name, v]] as [string, string][]);
  return fc.oneof(
    one('id', fc.constantFrom('__proto__', 'id1', 'constructor', '')),
    one('href', fc.constantFrom('#id1', '#__proto__', 'http://example.com/x', '')),
    fc.constantFrom<[string, string][]>(
      [
        ['xmlns:soapenc', 'http://schemas.xmlsoap.org/soap/encoding/'],
        ['soapenc:arrayType', 'xsd:string[2]'],
      ],
      [
        ['xmlns:enc', 'http://www.w3.org/2003/05/soap-encoding'],
        ['enc:itemType', 'xsd:string'],
      ],
      [
        ['xmlns:enc', 'http://www.w3.org/2003/05/soap-encoding'],
        ['enc:id', 'x'],
      ],
      [['$env:encodingStyle', 'http://schemas.xmlsoap.org/soap/encoding/']],
      [['encodingStyle', '']],
      [
        ['xmlns:xsi', xsiNamespace],
        ['xsi:type', 'xsd:string'],
      ],
      [
        ['xmlns:xsi', 'urn:not-xsi'],
        ['xsi:nil', 'true'],
      ],
      [['wsu:Id', 'x']],
      [['xml:lang', 'en']],
      [['xml:space', 'preserve']],
      [['xmlns', '']],
      [
        ['a', '1'],
        ['a', '2'],
      ],
      [
        ['xmlns:p', ''],
        ['p:x', '1'],
      ],
      [['Type', passwordTypes[1]!]],
      [['EncodingType', base64EncodingType]],
    ),
    fc.constantFrom('true', '1', ' true ', 'false', '0', 'TRUE', '').map(
      (v) =>
        [
          ['xmlns:xsi', xsiNamespace],
          ['xsi:nil', v],
        ] as [string, string][],
    ),
    fc.constantFrom('1', 'true', ' 1 ', '0', 'false', 'yes', '').map((v) => [['$env:mustUnderstand', v]] as [string, string][]),
    fc
      .constantFrom(...nextActor[version], 'urn:example:other', '', ` ${nextActor[version][0]} `, nextActor[otherVersion(version)][0]!)
      .map((v) => [[`$env:${actor}`, v]] as [string, string][]),
    fc.constantFrom<[string, string][]>(
      [['$env:relay', 'true']],
      [
        ['xmlns:o', other],
        ['o:mustUnderstand', '1'],
      ],
      [
        ['xmlns:o', env],
        ['o:mustUnderstand', '1'],
        ['o:actor', 'urn:x'],
        ['o:role', 'urn:x'],
      ],
      [['mustUnderstand', '1']],
    ),
    fc.constantFrom(...hostileNames).chain((name) =>
      fc.constantFrom<[string, string][]>(
        [[name, 'polluted']],
        [[`xmlns:${name}`, 'urn:polluted']],
        [
          ['xmlns:h', 'urn:h'],
          [`h:${name}`, 'polluted'],
        ],
        [[`$svc:${name}`, 'polluted']],
      ),
    ),
    fc.integer({ min: 3, max: 40 }).map((n) => Array.from({ length: n }, (_, i) => [`a${i}`, String(i)] as [string, string])),
    fc.integer({ min: 20, max: 400 }).map((n) => [[`a${'n'.repeat(n)}`, 'x']] as [string, string][]),
    fc.integer({ min: 100, max: 5000 }).map((n) => [['t', 'v'.repeat(n)]] as [string, string][]),
    xmlString(10).map((v) => [['x', v]] as [string, string][]),
  );
}

const qualify: fc.Arbitrary<Qualify> = fc.constantFrom<Qualify>(
  'svc',
  'svc',
  'svc',
  'env',
  'none',
  'unbound',
  'declare-svc',
  'declare-env',
  'declare-other-env',
  'declare-foreign',
  'declare-other-service',
);

function localNames(service: Service): fc.Arbitrary<string> {
  const allOperations = serviceNames.flatMap((n) => serviceOf(n).operations);
  return fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom(...service.elementNames) },
    { weight: 2, arbitrary: fc.constantFrom(...service.operations) },
    { weight: 1, arbitrary: fc.constantFrom(...allOperations) },
    { weight: 3, arbitrary: fc.constantFrom(...hostileNames) },
    {
      weight: 2,
      arbitrary: fc.constantFrom('Envelope', 'Header', 'Body', 'Fault', 'Security', 'UsernameToken', 'Username', 'Password', 'Signature'),
    },
    { weight: 1, arbitrary: fc.integer({ min: 20, max: 400 }).map((n) => `n${'x'.repeat(n)}`) },
    { weight: 1, arbitrary: fc.stringMatching(/^[A-Za-z_][\w.-]{0,8}$/) },
  );
}

function nodeSpecs(service: Service, version: SoapVersion): fc.Arbitrary<NodeSpec> {
  const actor = actorName[version];
  return fc.oneof(
    {
      weight: 6,
      arbitrary: fc.record({
        kind: fc.constant('named' as const),
        q: qualify,
        local: localNames(service),
        content: fc.option(fc.oneof(fragment, xmlString(12).map(escapeText)), { nil: undefined }),
      }),
    },
    {
      weight: 2,
      arbitrary: fc.record({
        kind: fc.constant('security' as const),
        token: fc.constantFrom(
          '<wsse:UsernameToken><wsse:Username>mallory@example.com</wsse:Username><wsse:Password>x</wsse:Password></wsse:UsernameToken>',
          '<wsse:UsernameToken><wsse:Username>a</wsse:Username><wsse:Username>b</wsse:Username></wsse:UsernameToken>',
          '<wsse:UsernameToken><wsse:Username><b/></wsse:Username></wsse:UsernameToken>',
          `<wsse:UsernameToken><wsse:Username>${'u'.repeat(300)}</wsse:Username></wsse:UsernameToken>`,
          '<wsse:UsernameToken/><wsse:UsernameToken/>',
          '<ds:Signature xmlns:ds="http://www.w3.org/2000/09/xmldsig#"/>',
          '',
        ),
        attributes: fc.constantFrom<readonly [string, string][]>(
          [],
          [[`$env:${actor}`, nextActor[version][0]!]],
          [[`$env:${actor}`, 'urn:example:other']],
          [['$env:mustUnderstand', '1']],
        ),
      }),
    },
    {
      weight: 2,
      arbitrary: fc.record({
        kind: fc.constant('foreign' as const),
        attributes: fc.constantFrom<readonly [string, string][]>(
          [],
          [['$env:mustUnderstand', '1']],
          [
            ['$env:mustUnderstand', 'true'],
            [`$env:${actor}`, nextActor[version][0]!],
          ],
          [
            ['$env:mustUnderstand', '1'],
            [`$env:${actor}`, 'urn:example:other'],
          ],
          [['$env:mustUnderstand', '0']],
        ),
      }),
    },
    {
      weight: 1,
      arbitrary: fc.record({
        kind: fc.constant('deep' as const),
        q: qualify,
        local: localNames(service),
        depth: fc.integer({ min: 2, max: 40 }),
      }),
    },
  );
}

export function mutationArbitrary(serviceName: ServiceName, version: SoapVersion): fc.Arbitrary<Mutation> {
  const service = serviceOf(serviceName);
  const at = fc.nat();
  const position = fc.nat();
  return fc.oneof(
    { weight: 3, arbitrary: fc.record({ kind: fc.constant('delete' as const), at }) },
    { weight: 3, arbitrary: fc.record({ kind: fc.constant('duplicate' as const), at, times: fc.integer({ min: 1, max: 3 }) }) },
    { weight: 6, arbitrary: fc.record({ kind: fc.constant('insert' as const), at, position, node: nodeSpecs(service, version) }) },
    { weight: 4, arbitrary: fc.record({ kind: fc.constant('rename' as const), at, q: qualify, local: localNames(service) }) },
    { weight: 5, arbitrary: fc.record({ kind: fc.constant('attributes' as const), at, attributes: attributeSets(version) }) },
    { weight: 6, arbitrary: fc.record({ kind: fc.constant('fragment' as const), at, position, xml: fragment }) },
    {
      weight: 3,
      arbitrary: fc.record({ kind: fc.constant('setText' as const), at, xml: fc.oneof(fragment, xmlString(30).map(escapeText)) }),
    },
    {
      weight: 4,
      arbitrary: fc.record({
        kind: fc.constant('namespace' as const),
        at,
        prefix: fc.constantFrom<'svc' | 'env' | 'default' | 'xml' | 'xmlns' | 'hostile'>(
          'svc',
          'svc',
          'env',
          'default',
          'default',
          'xml',
          'xmlns',
          'hostile',
        ),
        uri: namespaceUris(version),
      }),
    },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('wrap' as const), at, q: qualify, local: localNames(service) }) },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('move' as const), at, to: fc.nat(), position }) },
  );
}

interface ApplyContext {
  readonly document: RequestDocument;
  readonly service: Service;
  readonly version: SoapVersion;
}

function resolveName(ctx: ApplyContext, q: Qualify, local: string): { name: string; attributes: [string, string][] } {
  const { envPrefix, svcPrefix } = ctx.document;
  switch (q) {
    case 'svc':
      return { name: svcPrefix ? `${svcPrefix}:${local}` : local, attributes: [] };
    case 'env':
      return { name: envPrefix ? `${envPrefix}:${local}` : local, attributes: [] };
    case 'none':
      return { name: local, attributes: [] };
    case 'unbound':
      return { name: `zz:${local}`, attributes: [] };
    case 'declare-svc':
      return { name: local, attributes: [['xmlns', ctx.service.namespace]] };
    case 'declare-env':
      return { name: `e0:${local}`, attributes: [['xmlns:e0', envelopeNamespace[ctx.version]]] };
    case 'declare-other-env':
      return { name: `e1:${local}`, attributes: [['xmlns:e1', envelopeNamespace[otherVersion(ctx.version)]]] };
    case 'declare-foreign':
      return { name: `f:${local}`, attributes: [['xmlns:f', 'urn:example:foreign']] };
    case 'declare-other-service': {
      const other = otherServiceNamespaces.find((ns) => ns !== ctx.service.namespace)!;
      return { name: `o:${local}`, attributes: [['xmlns:o', other]] };
    }
  }
}

/** Sets an attribute, replacing one of the same name (namespace declarations must stay unique to be useful). */
function setAttribute(attributes: [string, string][], name: string, value: string): void {
  const existing = attributes.find(([n]) => n === name);
  if (existing) existing[1] = value;
  else attributes.push([name, value]);
}

/** `$env:x` and `$svc:x` as names valid in the document (declaring a prefix where needed), added to `attributes`. */
function addAttributes(
  ctx: ApplyContext,
  attributes: [string, string][],
  added: readonly (readonly [string, string])[],
): [string, string][] {
  for (const [name, value] of added) {
    if (name.startsWith('$env:')) {
      const local = name.slice(5);
      if (ctx.document.envPrefix) attributes.push([`${ctx.document.envPrefix}:${local}`, value]);
      else {
        setAttribute(attributes, 'xmlns:se', envelopeNamespace[ctx.version]);
        attributes.push([`se:${local}`, value]);
      }
    } else if (name.startsWith('$svc:')) {
      setAttribute(attributes, 'xmlns:sv', ctx.service.namespace);
      attributes.push([`sv:${name.slice(5)}`, value]);
    } else {
      attributes.push([name, value]);
    }
  }
  return attributes;
}

function buildNode(ctx: ApplyContext, spec: NodeSpec): XmlElement {
  switch (spec.kind) {
    case 'named': {
      const { name, attributes } = resolveName(ctx, spec.q, spec.local);
      return element(name, attributes, spec.content === undefined ? [] : [raw(spec.content)]);
    }
    case 'security':
      return element(
        'wsse:Security',
        addAttributes(ctx, [['xmlns:wsse', wsseNamespace]], spec.attributes),
        spec.token ? [raw(spec.token)] : [],
      );
    case 'foreign':
      return element('x:Extra', addAttributes(ctx, [['xmlns:x', 'urn:example:extra']], spec.attributes), [text('x')]);
    case 'deep': {
      const { name, attributes } = resolveName(ctx, spec.q, spec.local);
      let node = element(name, attributes, [text('x')]);
      for (let i = 1; i < spec.depth; i++) node = element(name, attributes, [node]);
      return node;
    }
  }
}

/** Elements in document order, each with its parent. */
function elementsOf(root: XmlElement): { node: XmlElement; parent: XmlElement | undefined }[] {
  const out: { node: XmlElement; parent: XmlElement | undefined }[] = [];
  const walk = (node: XmlElement, parent: XmlElement | undefined) => {
    out.push({ node, parent });
    for (const child of node.children) if (child.kind === 'element') walk(child, node);
  };
  walk(root, undefined);
  return out;
}

const splitName = (name: string) => {
  const colon = name.indexOf(':');
  return colon < 0 ? { prefix: '', local: name } : { prefix: name.slice(0, colon), local: name.slice(colon + 1) };
};

function applyMutation(ctx: ApplyContext, root: XmlElement, m: Mutation): void {
  const all = elementsOf(root);
  const target = all[m.at % all.length]!;
  const node = target.node;
  const siblings = target.parent?.children;
  switch (m.kind) {
    case 'delete':
      if (siblings) siblings.splice(siblings.indexOf(node), 1);
      else node.children = [];
      return;
    case 'duplicate':
      if (siblings) siblings.splice(siblings.indexOf(node), 0, ...Array.from({ length: m.times }, () => cloneNode(node)));
      return;
    case 'insert':
      node.children.splice(m.position % (node.children.length + 1), 0, buildNode(ctx, m.node));
      return;
    case 'rename': {
      const { name, attributes } = resolveName(ctx, m.q, m.local);
      node.name = name;
      for (const [n, v] of attributes) setAttribute(node.attributes, n, v);
      return;
    }
    case 'attributes':
      addAttributes(ctx, node.attributes, m.attributes);
      return;
    case 'fragment':
      node.children.splice(m.position % (node.children.length + 1), 0, raw(m.xml));
      return;
    case 'setText':
      node.children = [raw(m.xml)];
      return;
    case 'namespace': {
      const { prefix } = splitName(node.name);
      const { envPrefix, svcPrefix } = ctx.document;
      switch (m.prefix) {
        case 'svc':
          setAttribute(node.attributes, svcPrefix ? `xmlns:${svcPrefix}` : 'xmlns', m.uri);
          return;
        case 'env':
          setAttribute(node.attributes, envPrefix ? `xmlns:${envPrefix}` : 'xmlns', m.uri);
          return;
        case 'default':
          setAttribute(node.attributes, 'xmlns', m.uri);
          if (prefix && m.uri) node.name = splitName(node.name).local; // the element itself switches too
          return;
        case 'xml':
          setAttribute(node.attributes, 'xmlns:xml', m.uri);
          node.name = `xml:${splitName(node.name).local}`;
          return;
        case 'xmlns':
          setAttribute(node.attributes, 'xmlns:xmlns', m.uri);
          return;
        case 'hostile': {
          const hostile = hostileNames[m.uri.length % hostileNames.length]!;
          setAttribute(node.attributes, `xmlns:${hostile}`, m.uri);
          node.name = `${hostile}:${splitName(node.name).local}`;
          return;
        }
      }
      return;
    }
    case 'wrap': {
      if (!siblings) return;
      const { name, attributes } = resolveName(ctx, m.q, m.local);
      siblings.splice(siblings.indexOf(node), 1, element(name, attributes, [node]));
      return;
    }
    case 'move': {
      if (!siblings) return;
      const destination = all[m.to % all.length]!.node;
      // Not into itself or its own subtree.
      if (elementsOf(node).some((e) => e.node === destination)) return;
      siblings.splice(siblings.indexOf(node), 1);
      destination.children.splice(m.position % (destination.children.length + 1), 0, node);
      return;
    }
  }
}

// ---------------------------------------------------------------------------------------------------------
// Prolog, epilog, and edits of the final text.

interface Decorated {
  readonly text: string;
  /** Leaves the request as valid as it was. */
  readonly benign: boolean;
}

const benignProlog: readonly string[] = [
  '<?xml version="1.0" encoding="utf-8"?>',
  '',
  '<?xml version="1.0"?>',
  "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>",
  '<?xml version="1.0" encoding="utf-8"?>\n<!-- a comment -->\n',
];
const hostileProlog: readonly string[] = [
  '<?xml version="1.1"?>',
  '<?xml version="1.1" encoding="utf-8"?>',
  '<?xml version="2.0"?>',
  '<?xml encoding="utf-8"?>',
  '<?xml version="1.0" encoding="ISO-8859-1"?>',
  '<?xml version="1.0" encoding="UTF-16"?>',
  '<?xml version="1.0" encoding="EBCDIC-US"?>',
  '<?xml version="1.0" standalone="maybe"?>',
  '\uFEFF<?xml version="1.0"?>',
  ' <?xml version="1.0"?>',
  '<?XML version="1.0"?>',
  '<?xml version="1.0"?><?xml version="1.0"?>',
  '<?pi before?>',
  '<!DOCTYPE soap:Envelope>',
  '<!DOCTYPE Envelope SYSTEM "file:///etc/passwd">',
  '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>',
  '<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>',
  '<!DOCTYPE x [<!ENTITY % p "x"> %p;]>',
  '<!DOCTYPE x [<!ATTLIST Envelope id ID #IMPLIED>]>',
  'text before',
  '<x/>',
  '\u0000',
];
const hostileEpilog: readonly string[] = [
  '\n',
  '<!-- after -->',
  '<?pi after?>',
  'text after',
  '<soap:Envelope/>',
  '<a/>',
  '&amp;',
  ']]>',
  '\uFEFF',
  '\r\n \t',
];

const prolog: fc.Arbitrary<Decorated> = fc.oneof(
  { weight: 12, arbitrary: fc.constantFrom(...benignProlog).map((t) => ({ text: t, benign: true })) },
  { weight: 1, arbitrary: fc.constantFrom(...hostileProlog).map((t) => ({ text: t, benign: false })) },
);
const epilog: fc.Arbitrary<Decorated> = fc.oneof(
  { weight: 16, arbitrary: fc.constant({ text: '', benign: true }) },
  {
    weight: 1,
    arbitrary: fc.constantFrom(...hostileEpilog).map((t) => ({ text: t, benign: /^[ \t\r\n]*$/.test(t) || t === '<!-- after -->' })),
  },
);

/** Edits of the written text. Positions are fractions (parts per million) of the length at that point. */
export type TextEdit =
  | { readonly kind: 'truncate'; readonly at: number }
  | { readonly kind: 'flip'; readonly at: number; readonly bit: number }
  | { readonly kind: 'splice'; readonly at: number; readonly xml: string }
  | { readonly kind: 'cut'; readonly at: number; readonly length: number }
  | { readonly kind: 'repeat'; readonly at: number; readonly length: number; readonly times: number };

const fraction = fc.integer({ min: 0, max: 1_000_000 });
const textEdit: fc.Arbitrary<TextEdit> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('truncate' as const), at: fraction }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('flip' as const), at: fraction, bit: fc.integer({ min: 0, max: 7 }) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('splice' as const), at: fraction, xml: fragment }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('cut' as const), at: fraction, length: fc.integer({ min: 1, max: 40 }) }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('repeat' as const),
      at: fraction,
      length: fc.integer({ min: 1, max: 200 }),
      times: fc.integer({ min: 2, max: 20 }),
    }),
  },
);

const positionIn = (length: number, at: number) => Math.min(length, Math.floor((length * at) / 1_000_000));

export function applyTextEdit(input: string, edit: TextEdit): string {
  const at = positionIn(input.length, edit.at);
  switch (edit.kind) {
    case 'truncate':
      return input.slice(0, at);
    case 'flip': {
      // A bit flipped in the UTF-8 bytes, decoded as a lenient reader would (bad sequences become U+FFFD).
      const bytes = Buffer.from(input, 'utf8');
      if (bytes.length === 0) return input;
      const index = positionIn(bytes.length - 1, edit.at);
      bytes[index] = bytes[index]! ^ (1 << edit.bit);
      return new TextDecoder('utf-8').decode(bytes);
    }
    case 'splice':
      return input.slice(0, at) + edit.xml + input.slice(at);
    case 'cut':
      return input.slice(0, at) + input.slice(at + edit.length);
    case 'repeat': {
      const piece = input.slice(at, at + edit.length);
      return input.slice(0, at) + piece.repeat(edit.times) + input.slice(at);
    }
  }
}

// ---------------------------------------------------------------------------------------------------------
// Chunking: where the text is split between write() calls.

export type Chunking = { readonly kind: 'size'; readonly size: number } | { readonly kind: 'points'; readonly points: readonly number[] };

export const chunking: fc.Arbitrary<Chunking> = fc.oneof(
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('size' as const),
      size: fc.oneof(fc.integer({ min: 1, max: 16 }), fc.integer({ min: 17, max: 20_000 })),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({ kind: fc.constant('points' as const), points: fc.array(fraction, { minLength: 1, maxLength: 12 }) }),
  },
);

/** At most this many chunks per case, so that a 64 kB case split in 1-character chunks stays fast. */
export const maxChunks = 8192;

/** The chunks' lengths (positive, summing to the text's length). */
export function chunkLengths(length: number, c: Chunking): number[] {
  if (length === 0) return [];
  let cuts: number[];
  if (c.kind === 'size') {
    const size = Math.max(c.size, Math.ceil(length / maxChunks));
    cuts = [];
    for (let at = size; at < length; at += size) cuts.push(at);
  } else {
    cuts = [...new Set(c.points.map((p) => positionIn(length, p)))].filter((at) => at > 0 && at < length).sort((a, b) => a - b);
  }
  const lengths: number[] = [];
  let from = 0;
  for (const cut of [...cuts, length]) {
    lengths.push(cut - from);
    from = cut;
  }
  return lengths;
}

// ---------------------------------------------------------------------------------------------------------
// The case.

/** Cases are cut to this many characters. */
export const maxCaseChars = 65_535;

export interface FuzzCase {
  readonly endpoint: Endpoint;
  readonly text: string;
  /** Lengths of the chunks given to write(), in order. */
  readonly chunks: readonly number[];
  /** Set for unmutated requests on the default limits: what the parser must return. */
  readonly expected: ExpectedResult | undefined;
  /** What was done to the request (for statistics and reports). */
  readonly mutations: readonly string[];
}

export function assemble(document: RequestDocument): string {
  return document.prolog + writeNode(document.root) + document.epilog;
}

function caseFor(endpoint: Endpoint): fc.Arbitrary<FuzzCase> {
  const { service, version, profile } = endpoint;
  return fc
    .record({
      request: validRequest(service, version),
      mutations: fc.oneof(
        { weight: 3, arbitrary: fc.constant([] as Mutation[]) },
        { weight: 7, arbitrary: fc.array(mutationArbitrary(service, version), { minLength: 1, maxLength: 4 }) },
      ),
      prolog,
      epilog,
      edits: fc.oneof(
        { weight: 4, arbitrary: fc.constant([] as TextEdit[]) },
        { weight: 1, arbitrary: fc.array(textEdit, { minLength: 1, maxLength: 3 }) },
      ),
      chunking,
    })
    .map(({ request, mutations, prolog, epilog, edits, chunking }) => {
      const root = cloneNode(request.document.root);
      const document: RequestDocument = { ...request.document, root, prolog: prolog.text, epilog: epilog.text };
      const ctx: ApplyContext = { document, service: serviceOf(service), version };
      for (const m of mutations) applyMutation(ctx, root, m);
      let text = assemble(document);
      for (const edit of edits) text = applyTextEdit(text, edit).slice(0, maxCaseChars);
      text = text.slice(0, maxCaseChars);
      const untouched = mutations.length === 0 && edits.length === 0 && prolog.benign && epilog.benign;
      return {
        endpoint,
        text,
        chunks: chunkLengths(text.length, chunking),
        expected: untouched && profile === 'default' ? request.expected : undefined,
        mutations: [
          ...mutations.map((m) => m.kind),
          ...edits.map((e) => `text:${e.kind}`),
          ...(prolog.benign ? [] : ['prolog']),
          ...(epilog.benign ? [] : ['epilog']),
        ],
      };
    });
}

export const endpointArbitrary: fc.Arbitrary<Endpoint> = fc.record({
  service: fc.constantFrom(...serviceNames),
  version: fc.constantFrom(...versions),
  profile: fc.oneof({ weight: 7, arbitrary: fc.constant<Profile>('default') }, { weight: 3, arbitrary: fc.constant<Profile>('tight') }),
});

/** A whole fuzz case: an endpoint, a request for it (mostly mutated), and its chunking. */
export const fuzzCase: fc.Arbitrary<FuzzCase> = endpointArbitrary.chain(caseFor);
