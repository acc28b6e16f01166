// What the WSDLs (wsdl/*.wsdl, one self-contained file per service) must agree on:
// - every complexType and simpleType (and top-level element) defined in more than one of them is the same in
//   each (a client that generates stubs from two services gets structurally identical classes, and a value one
//   service returns is valid for the other), compared in a normal form: element names, types with the prefix
//   resolved, min/maxOccurs, enumerations and other facets, in document order;
// - every WSDL declares its UsernameToken requirement as a WS-SecurityPolicy 1.2 assertion, placed first in
//   wsdl:definitions (the WSDL 1.1 schema allows extensibility elements only before wsdl:types, WS-I BP
//   R2028) and referenced from each binding, and the served one-port views keep it.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import test from 'ava';
import { DOMParser } from '@xmldom/xmldom';
import { readWsdl, servedWsdl, wsdlDirectory } from '../../src/platform/soap/wsdl-file.js';
import { readServiceSchema } from '../../src/platform/soap/wsdl-schema.js';
import { requireTools, runProgram } from '../helpers/foreign-stack.js';

const xsdNs = 'http://www.w3.org/2001/XMLSchema';
const wsdlNs = 'http://schemas.xmlsoap.org/wsdl/';
const wspNs = 'http://www.w3.org/ns/ws-policy';
const spNs = 'http://docs.oasis-open.org/ws-sx/ws-securitypolicy/200702';
const wsuNs = 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd';
const alwaysToRecipient = `${spNs}/IncludeToken/AlwaysToRecipient`;

const services = readdirSync(wsdlDirectory)
  .filter((f) => f.endsWith('.wsdl'))
  .map((f) => f.slice(0, -'.wsdl'.length))
  .sort();

// xmldom's types are the DOM lib's (its declarations reference lib="dom").
type XmlElement = Element;

const parse = (text: string): XmlElement => new DOMParser().parseFromString(text, 'text/xml').documentElement;
const childElements = (node: XmlElement): XmlElement[] =>
  Array.from(node.childNodes as unknown as ArrayLike<XmlElement>).filter((c) => c.nodeType === 1);
const isXsd = (node: XmlElement, local: string) => node.namespaceURI === xsdNs && node.localName === local;
const schemaOf = (definitions: XmlElement) => {
  const types = childElements(definitions).find((c) => c.namespaceURI === wsdlNs && c.localName === 'types');
  const schema = types && childElements(types).find((c) => isXsd(c, 'schema'));
  if (!schema) throw new Error('no xsd:schema in wsdl:types');
  return schema;
};

/** A schema component as plain data, independent of prefixes, comments, annotations and attribute order. */
interface Normal {
  readonly kind: string;
  readonly attributes: Readonly<Record<string, string>>;
  readonly children: readonly Normal[];
}

// Attributes whose value is a QName; resolved so that tns:X in one service equals tns:X in another
// (own-namespace references become `tns:X`, built-ins `xsd:X`).
const qnameAttributes = new Set(['type', 'base', 'ref', 'itemType', 'substitutionGroup']);
// Defaults filled in, so maxOccurs="1" and no maxOccurs compare equal.
const defaults: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  element: { minOccurs: '1', maxOccurs: '1', nillable: 'false' },
  sequence: { minOccurs: '1', maxOccurs: '1' },
  choice: { minOccurs: '1', maxOccurs: '1' },
  any: { minOccurs: '1', maxOccurs: '1' },
};

function normalize(node: XmlElement, targetNamespace: string): Normal {
  const attributes: Record<string, string> = { ...defaults[node.localName ?? ''] };
  for (const attribute of Array.from(node.attributes as unknown as ArrayLike<Attr>)) {
    if (attribute.name === 'xmlns' || attribute.prefix === 'xmlns') continue;
    let value = attribute.value;
    if (qnameAttributes.has(attribute.localName)) {
      const colon = value.indexOf(':');
      const prefix = colon < 0 ? null : value.slice(0, colon);
      const local = value.slice(colon + 1);
      const uri = node.lookupNamespaceURI(prefix);
      if (uri === null) throw new Error(`unbound prefix in ${attribute.name}="${value}"`);
      value = uri === xsdNs ? `xsd:${local}` : uri === targetNamespace ? `tns:${local}` : `{${uri}}${local}`;
    }
    attributes[attribute.namespaceURI ? `{${attribute.namespaceURI}}${attribute.localName}` : attribute.localName] = value;
  }
  const sorted = Object.fromEntries(Object.entries(attributes).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  const children = childElements(node)
    .filter((c) => !isXsd(c, 'annotation'))
    .map((c) => normalize(c, targetNamespace));
  return {
    kind: node.namespaceURI === xsdNs ? (node.localName ?? '') : `{${node.namespaceURI}}${node.localName}`,
    attributes: sorted,
    children,
  };
}

/**
 * The named top-level complexType and simpleType definitions of one WSDL's schema, in normal form, keyed by
 * name; top-level elements too (the fault elements every service declares), keyed `element <name>`.
 */
function namedTypes(wsdlText: string): Map<string, Normal> {
  const schema = schemaOf(parse(wsdlText));
  const targetNamespace = schema.getAttribute('targetNamespace') ?? '';
  const types = new Map<string, Normal>();
  for (const node of childElements(schema).filter((c) => isXsd(c, 'complexType') || isXsd(c, 'simpleType') || isXsd(c, 'element'))) {
    const name = node.getAttribute('name');
    if (!name) throw new Error(`a top-level ${node.localName} without a name`);
    const key = node.localName === 'element' ? `element ${name}` : name;
    if (types.has(key)) throw new Error(`${key} defined twice`);
    const normal = normalize(node, targetNamespace);
    // The name is the key; the kind stays in the normal form (a complexType and a simpleType of one name differ).
    const { name: _name, ...rest } = normal.attributes;
    types.set(key, { ...normal, attributes: rest });
  }
  return types;
}

const wsdlText = (service: string) => readFileSync(join(wsdlDirectory, `${service}.wsdl`), 'utf8');

/** For each type name defined in two or more WSDLs: the services and their normal forms. */
function sharedTypes(texts: ReadonlyMap<string, string>): Map<string, Map<string, Normal>> {
  const byName = new Map<string, Map<string, Normal>>();
  for (const [service, text] of texts)
    for (const [name, normal] of namedTypes(text)) {
      if (!byName.has(name)) byName.set(name, new Map());
      byName.get(name)!.set(service, normal);
    }
  return new Map([...byName].filter(([, defs]) => defs.size > 1));
}

/** Each shared type whose definitions are not all equal, with the services that differ from the first. */
function drift(texts: ReadonlyMap<string, string>): string[] {
  const found: string[] = [];
  for (const [name, defs] of sharedTypes(texts)) {
    const [[first, reference], ...others] = [...defs] as [[string, Normal], ...Array<[string, Normal]>];
    for (const [service, normal] of others)
      if (JSON.stringify(normal) !== JSON.stringify(reference)) found.push(`${name}: ${service} differs from ${first}`);
  }
  return found;
}

const allTexts = () => new Map(services.map((s) => [s, wsdlText(s)] as const));

test('every complexType, simpleType and top-level element defined in more than one WSDL is identical in all of them', (t) => {
  t.deepEqual(services, [
    'Accounts',
    'Administration',
    'ContactLists',
    'Directory',
    'Federation',
    'Groups',
    'InstantMessaging',
    'Policy',
    'Presence',
  ]);
  const shared = sharedTypes(allTexts());
  // The comparison must have something to compare: the fault details everywhere, and the presence types
  // that ContactLists repeats from Presence (ContactEntry.presence).
  for (const name of [
    'ServiceExceptionDetail',
    'PolicyExceptionDetail',
    'element ServiceException',
    'element PolicyException',
    'Attribute',
    'PresenceInfo',
    'Availability',
  ])
    t.true(shared.has(name), `${name} is shared`);
  t.deepEqual([...shared.get('ServiceExceptionDetail')!.keys()], services);
  t.deepEqual([...shared.get('element ServiceException')!.keys()], services);
  t.deepEqual([...shared.get('PresenceInfo')!.keys()], ['ContactLists', 'Presence']);
  t.deepEqual([...shared.get('Availability')!.keys()], ['ContactLists', 'Presence']);
  for (const [name, defs] of shared) {
    const [[first, reference], ...others] = [...defs] as [[string, Normal], ...Array<[string, Normal]>];
    for (const [service, normal] of others) t.deepEqual(normal, reference, `${name}: ${service}.wsdl differs from ${first}.wsdl`);
  }
});

test('the normal form tells a changed type, occurrence, enumeration or order apart, and ignores prefixes and comments', (t) => {
  const presence = wsdlText('Presence');
  const contacts = wsdlText('ContactLists');
  const withPresence = (text: string) =>
    new Map([
      ['Presence', text],
      ['ContactLists', contacts],
    ]);
  t.deepEqual(drift(withPresence(presence)), []);
  const changes: ReadonlyArray<readonly [string, (s: string) => string, string]> = [
    [
      'a type',
      (s) =>
        s.replace(
          '<xsd:element name="availability" type="tns:Availability"/>\n          <xsd:element name="statusText"',
          '<xsd:element name="availability" type="xsd:string"/>\n          <xsd:element name="statusText"',
        ),
      'PresenceInfo',
    ],
    [
      'minOccurs',
      (s) =>
        s.replace(
          '<xsd:element name="lastActiveAt" type="xsd:dateTime" minOccurs="0"/>',
          '<xsd:element name="lastActiveAt" type="xsd:dateTime"/>',
        ),
      'PresenceInfo',
    ],
    [
      'maxOccurs',
      (s) =>
        s.replace(
          /(<xsd:complexType name="ServiceExceptionDetail">[\s\S]*?name="variables" type="xsd:string" minOccurs="0") maxOccurs="unbounded"/,
          '$1 maxOccurs="10"',
        ),
      'ServiceExceptionDetail',
    ],
    ['an enumeration', (s) => s.replace('<xsd:enumeration value="invisible"/>', ''), 'Availability'],
    [
      'the order',
      (s) => s.replace(/(<xsd:element name="name" type="xsd:string"\/>)(\s*)(<xsd:element name="value" type="xsd:string"\/>)/, '$3$2$1'),
      'Attribute',
    ],
  ];
  for (const [what, change, type] of changes) {
    const changed = change(presence);
    t.not(changed, presence, `the ${what} change applies`);
    t.deepEqual(
      drift(withPresence(changed)).map((d) => d.split(':')[0]),
      [type],
      `a changed ${what} is drift in ${type}`,
    );
  }
  // Another prefix for the same namespaces, and comments, are not drift.
  const renamed = presence
    .replace(/xmlns:tns=/, 'xmlns:p=')
    .replace(/\btns:/g, 'p:')
    .replace(/xmlns:xsd=/, 'xmlns:xs=')
    .replace(/(<\/?)xsd:/g, '$1xs:')
    .replace(/"xsd:/g, '"xs:')
    .replace(/<!--[\s\S]*?-->/g, '<!-- another comment -->');
  t.not(renamed, presence);
  t.deepEqual(drift(withPresence(renamed)), []);
});

/** The wsp:Policy element of a WSDL as text, with the white space before it. */
const policyBlock = (text: string) => /\s*<wsp:Policy\b[\s\S]*?<\/sp:SupportingTokens>\s*<\/wsp:Policy>/.exec(text)?.[0];

/** What is wrong with one WSDL's policy and the bindings' references to it, as messages (none when all is well). */
function policyProblems(text: string): string[] {
  const problems: string[] = [];
  const definitions = parse(text);
  const children = childElements(definitions);
  const policy = children[0];
  if (!policy || policy.namespaceURI !== wspNs || policy.localName !== 'Policy')
    return ['the first child of wsdl:definitions is not wsp:Policy'];
  const id = policy.getAttributeNS(wsuNs, 'Id');
  if (!id) problems.push('wsp:Policy has no wsu:Id');
  const only = (node: XmlElement | undefined, ns: string, local: string): XmlElement | undefined => {
    const kids = node ? childElements(node) : [];
    if (kids.length !== 1 || kids[0]!.namespaceURI !== ns || kids[0]!.localName !== local) {
      problems.push(`${node?.tagName} should hold exactly {${ns}}${local}`);
      return undefined;
    }
    return kids[0];
  };
  const token = only(only(only(policy, spNs, 'SupportingTokens'), wspNs, 'Policy'), spNs, 'UsernameToken');
  if (token && token.getAttributeNS(spNs, 'IncludeToken') !== alwaysToRecipient)
    problems.push('sp:UsernameToken is not IncludeToken=AlwaysToRecipient');
  const nested = token ? only(token, wspNs, 'Policy') : undefined;
  const assertions = nested ? childElements(nested).map((c) => `{${c.namespaceURI}}${c.localName}`) : [];
  if (!assertions.includes(`{${spNs}}HashPassword`)) problems.push('sp:UsernameToken does not require sp:HashPassword');
  // Every binding references the policy; only the policy comes before wsdl:types.
  const bindings = children.filter((c) => c.namespaceURI === wsdlNs && c.localName === 'binding');
  if (bindings.length === 0) problems.push('no wsdl:binding');
  for (const binding of bindings) {
    const references = childElements(binding).filter((c) => c.namespaceURI === wspNs && c.localName === 'PolicyReference');
    if (references.length !== 1 || references[0]!.getAttribute('URI') !== `#${id}`)
      problems.push(`binding ${binding.getAttribute('name')} has no wsp:PolicyReference URI="#${id}"`);
  }
  const types = children.findIndex((c) => c.namespaceURI === wsdlNs && c.localName === 'types');
  if (types !== 1) problems.push(`wsdl:types is child ${types + 1}, not 2`);
  return problems;
}

test('every WSDL declares the UsernameToken (PasswordDigest) requirement as a WS-SecurityPolicy 1.2 assertion first in wsdl:definitions, referenced from each binding', (t) => {
  for (const service of services) t.deepEqual(policyProblems(wsdlText(service)), [], `${service}.wsdl`);
  // The check has teeth: the policy moved after wsdl:types, and a binding without its reference.
  const source = wsdlText('InstantMessaging');
  const policy = policyBlock(source);
  t.truthy(policy, 'the policy block is found');
  const moved = source.replace(policy!, '').replace('</wsdl:types>', `</wsdl:types>${policy}`);
  t.deepEqual(policyProblems(moved), ['the first child of wsdl:definitions is not wsp:Policy']);
  const unreferenced = source.replace(/(<soap12:binding [^>]*\/>)\s*<wsp:PolicyReference [^>]*\/>/, '$1');
  t.deepEqual(policyProblems(unreferenced), [
    'binding InstantMessagingSoap12Binding has no wsp:PolicyReference URI="#UsernameTokenPolicy"',
  ]);
});

test('each served one-port view keeps the policy and its reference, and the server still reads the WSDL and its schema', (t) => {
  for (const service of services) {
    const wsdl = readWsdl(service);
    t.true(wsdl.operations.length > 0, `${service}: operations read`);
    t.true(readServiceSchema(wsdl.text).elements.size > 0, `${service}: schema read`);
    for (const [version, own, other] of [
      ['1.1', 'soap', 'soap12'],
      ['1.2', 'soap12', 'soap'],
    ] as const) {
      const served = servedWsdl(wsdl.text, version, 'http://gateway.test', `/wsi/${service}`);
      t.is(served.match(/<wsdl:binding\b/g)?.length, 1, `${service} ${version}: one binding`);
      t.is(served.match(/<wsdl:port\b/g)?.length, 1, `${service} ${version}: one port`);
      t.false(served.includes(`xmlns:${other}=`) || new RegExp(`<${other}:`).test(served), `${service} ${version}: nothing of ${other}`);
      t.regex(
        served,
        new RegExp(`<${own}:binding [^>]*/>\\s*<wsp:PolicyReference URI="#UsernameTokenPolicy"/>`),
        `${service} ${version}: binding references the policy`,
      );
      t.deepEqual(policyProblems(served), [], `${service} ${version}: policy intact`);
      t.deepEqual(
        readServiceSchema(served).elements.size,
        readServiceSchema(wsdl.text).elements.size,
        `${service} ${version}: same schema`,
      );
    }
  }
  // The other binding goes even when an extensibility element precedes its soap binding element (the order
  // of extensibility elements is free; Metro-generated WSDLs put wsp:PolicyReference first).
  const referenceFirst = readWsdl('Presence').text.replace(/(<soap12?:binding [^>]*\/>)\s*(<wsp:PolicyReference [^>]*\/>)/g, '$2\n    $1');
  t.regex(referenceFirst, /<wsdl:binding [^>]*>\s*<wsp:PolicyReference [^>]*\/>\s*<soap12:binding /);
  for (const version of ['1.1', '1.2'] as const) {
    const served = servedWsdl(referenceFirst, version, 'http://gateway.test', '/wsi/Presence');
    t.is(served.match(/<wsdl:binding\b/g)?.length, 1, `reference first, ${version}: one binding`);
    t.deepEqual(policyProblems(served), [], `reference first, ${version}: policy intact`);
  }
});

/**
 * The content models of the WSDL 1.1 schema (http://schemas.xmlsoap.org/wsdl/, as corrected for WS-I BP 1.1)
 * that decide where an extensibility element may go: wsdl:definitions and wsdl:binding are
 * documentation?, then any element of another namespace (lax), then the WSDL children. Other WSDL elements
 * are left open here; the services' own schemas are checked by wsdl-schema.test.ts.
 */
const wsdlStructureSchema = `<?xml version="1.0" encoding="UTF-8"?>
<xs:schema xmlns:xs="${xsdNs}" xmlns:wsdl="${wsdlNs}" targetNamespace="${wsdlNs}" elementFormDefault="qualified">
  <xs:complexType name="open"><xs:sequence>
    <xs:any namespace="##any" processContents="skip" minOccurs="0" maxOccurs="unbounded"/>
  </xs:sequence><xs:anyAttribute processContents="skip"/></xs:complexType>
  <xs:element name="definitions"><xs:complexType><xs:sequence>
    <xs:element name="documentation" type="wsdl:open" minOccurs="0"/>
    <xs:any namespace="##other" processContents="lax" minOccurs="0" maxOccurs="unbounded"/>
    <xs:choice minOccurs="0" maxOccurs="unbounded">
      <xs:element name="import" type="wsdl:open"/>
      <xs:element name="types" type="wsdl:open"/>
      <xs:element name="message" type="wsdl:open"/>
      <xs:element name="portType" type="wsdl:open"/>
      <xs:element name="binding"><xs:complexType><xs:sequence>
        <xs:element name="documentation" type="wsdl:open" minOccurs="0"/>
        <xs:any namespace="##other" processContents="lax" minOccurs="0" maxOccurs="unbounded"/>
        <xs:element name="operation" type="wsdl:open" minOccurs="0" maxOccurs="unbounded"/>
      </xs:sequence><xs:attribute name="name" type="xs:NCName" use="required"/><xs:attribute name="type" type="xs:QName" use="required"/>
      <xs:anyAttribute namespace="##other" processContents="lax"/></xs:complexType></xs:element>
      <xs:element name="service" type="wsdl:open"/>
    </xs:choice>
  </xs:sequence><xs:attribute name="targetNamespace" type="xs:anyURI"/><xs:attribute name="name" type="xs:NCName"/>
  <xs:anyAttribute namespace="##other" processContents="lax"/></xs:complexType></xs:element>
</xs:schema>
`;

test('xmllint: every WSDL and each served view keeps the WSDL 1.1 order (extensibility elements before wsdl:types), and a policy after wsdl:types is refused', async (t) => {
  if (!requireTools(t, { xmllint: ['xmllint', '--version'] })) return;
  const dir = mkdtempSync(join(tmpdir(), 'imwsi-wsdl-order-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(join(dir, 'wsdl.xsd'), wsdlStructureSchema);
  const lint = (name: string, text: string) => {
    writeFileSync(join(dir, name), text);
    return runProgram('xmllint', ['--noout', '--nonet', '--schema', 'wsdl.xsd', name], { cwd: dir });
  };
  for (const service of services) {
    const text = wsdlText(service);
    const views = {
      source: text,
      '1.1': servedWsdl(text, '1.1', 'http://gateway.test', `/wsi/${service}`),
      '1.2': servedWsdl(text, '1.2', 'http://gateway.test', `/wsi/${service}`),
    };
    for (const [view, xml] of Object.entries(views)) {
      const run = await lint(`${service}-${view}.wsdl`, xml);
      t.is(run.code, 0, `${service} ${view}: ${run.stderr}`);
    }
  }
  const source = wsdlText('Directory');
  const block = policyBlock(source);
  t.truthy(block, 'the policy block is found');
  const late = source.replace(block!, '').replace('</wsdl:types>', `</wsdl:types>${block}`);
  t.not(late, source);
  const run = await lint('late.wsdl', late);
  t.not(run.code, 0, 'a policy after wsdl:types is schema-invalid');
  t.regex(run.stderr, /Policy.*This element is not expected/);
});
