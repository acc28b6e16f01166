// The one parse of a SOAP request (README "The SOAP edge"). A streaming, strict pass (saxes, XML 1.0 only) that applies the
// SOAP processing rules and builds what the handlers see, decoded against the WSDL's schema:
// - exactly one Envelope in the endpoint's SOAP version, at most one Header before exactly one Body, nothing
//   after the Body, exactly one operation element in the service namespace;
// - exactly one wsse:Security header addressed to this endpoint, the only place a UsernameToken is read;
//   mustUnderstand on any other header addressed here is a MustUnderstand fault;
// - no SOAP-encoding constructs (href, multiRef id, soapenc attributes, encodingStyle): document/literal only;
// - arguments: only elements the schema declares, each at most maxOccurs times, lists capped by a documented
//   maximum, text bounded; every object is null-prototype and keyed by schema names only.
// Before the operation element is reached (the header: what is parsed before authentication) the parser
// reads at most `preAuthChars`; then it stops and waits for `resume()`, so an unauthenticated request costs
// a small, fixed amount of work whatever its size.
import type { SaxesAttributeNS, SaxesParser, SaxesTagNS } from 'saxes';
import { AppError } from '../../kernel/errors.js';
import { fastSaxes } from './fast-saxes.js';
import { envelopeNamespace, type SoapVersion } from './faults.js';
import type { ComplexType, ElementDecl, ServiceSchema } from './wsdl-schema.js';

export const wsseNamespace = 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd';
export const wsuNamespace = 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd';
const dsigNamespace = 'http://www.w3.org/2000/09/xmldsig#';
const xsiNamespace = 'http://www.w3.org/2001/XMLSchema-instance';
const soapEncodingNamespaces = new Set(['http://schemas.xmlsoap.org/soap/encoding/', 'http://www.w3.org/2003/05/soap-encoding']);

/** Actor (1.1) and role (1.2) values that address a header block to this endpoint; absent does too. */
const addressedHere: Record<SoapVersion, ReadonlySet<string>> = {
  '1.1': new Set(['http://schemas.xmlsoap.org/soap/actor/next']),
  '1.2': new Set(['http://www.w3.org/2003/05/soap-envelope/role/next', 'http://www.w3.org/2003/05/soap-envelope/role/ultimateReceiver']),
};
const actorAttribute: Record<SoapVersion, string> = { '1.1': 'actor', '1.2': 'role' };

/** Names that collide with Object.prototype: refused everywhere, so no later mapping can trip on them. */
const reservedNames: ReadonlySet<string> = new Set([...Object.getOwnPropertyNames(Object.prototype), 'prototype']);

export interface UsernameTokenFields {
  username?: string;
  password?: string;
  passwordType?: string | undefined;
  nonce?: string;
  nonceEncoding?: string | undefined;
  created?: string;
}
type TokenField = 'username' | 'password' | 'nonce' | 'created';

/** Longest accepted text of each UsernameToken field (bounded before authentication). */
export const tokenFieldChars: Readonly<Record<TokenField, number>> = { username: 256, password: 1024, nonce: 128, created: 64 };

const tokenFields = new Map<string, TokenField>([
  [`${wsseNamespace} Username`, 'username'],
  [`${wsseNamespace} Password`, 'password'],
  [`${wsseNamespace} Nonce`, 'nonce'],
  [`${wsuNamespace} Created`, 'created'],
  // Some older stacks put Created in the wsse namespace.
  [`${wsseNamespace} Created`, 'created'],
]);

export interface ListLimit {
  readonly max: number;
  /** The fault for a request that has more than `max`; `path` names the list element, e.g. message[1].recipient. */
  readonly fault: (path: string, max: number) => AppError;
}

export interface ParserLimits {
  readonly maxDepth: number;
  /** Element and attribute names (prefix included). */
  readonly maxNameChars: number;
  readonly maxAttributes: number;
  /** Characters read before the operation element opens: the header, parsed before authentication. */
  readonly preAuthChars: number;
  /** Text of one xsd:string element. */
  readonly maxStringChars: number;
  /** Text of one xsd:base64Binary element. */
  readonly maxBinaryChars: number;
  /** Keyed by operation and dotted schema path: 'SendMessages.message.recipient'. */
  readonly lists: ReadonlyMap<string, ListLimit>;
}

export interface EndpointRules {
  readonly version: SoapVersion;
  readonly schema: ServiceSchema;
  readonly operations: ReadonlySet<string>;
  readonly limits: ParserLimits;
}

export interface ParsedRequest {
  readonly operation: string;
  /** Null-prototype objects; lists are arrays; text is the lexical string, checked by the handlers' codec. */
  readonly args: Record<string, unknown>;
  readonly usernameToken: UsernameTokenFields | undefined;
  /** The Security header carries a ds:Signature: keep the request text for verification. */
  readonly signed: boolean;
}

/** One element of the operation's arguments while it is open. */
interface PayloadFrame {
  readonly decl: ElementDecl;
  /** Path for messages: message[2].recipient[1]. */
  readonly path: string;
  /** Schema path for list limits: SendMessages.message.recipient. */
  readonly schemaPath: string;
  readonly nil: boolean;
  /** Complex elements: the children so far. Text elements: undefined. */
  readonly value: Record<string, unknown> | undefined;
  /** Complex elements: how often each child occurred, xsi:nil ones included (they leave no value behind). */
  readonly seen: Map<string, number>;
  text: string;
}

type Zone = 'start' | 'envelope' | 'header' | 'security' | 'token' | 'tokenField' | 'body' | 'payload' | 'afterOperation' | 'afterBody';

const structural = (why: string) => new AppError('SVC1013', [why]);
const malformedToken = (why: string) => new AppError('SVC1106', [why]);
const hasText = (text: string) => /\S/.test(text);
const isTrue = (value: string | undefined) => value === '1' || value === 'true';

export class RequestParser {
  private readonly sax: SaxesParser<{ xmlns: true }>;
  private readonly envelopeUri: string;
  private zone: Zone = 'start';
  private depth = 0;
  /** Depth at which a subtree that is not read (a foreign header, a Signature) ends; 0 when not skipping. */
  private skipBelow = 0;
  private problem: AppError | undefined;
  private sawHeader = false;
  private sawBody = false;
  private securityHeaders = 0;
  private token: UsernameTokenFields | undefined;
  private field: TokenField | undefined;
  private signed = false;
  private operation: string | undefined;
  private root: Record<string, unknown> | undefined;
  private readonly frames: PayloadFrame[] = [];
  private fed = 0;
  /** Characters fed since saxes last reported anything (see feed). */
  private unreported = 0;
  private held = '';
  private waiting = false;

  constructor(private readonly rules: EndpointRules) {
    this.envelopeUri = envelopeNamespace[rules.version];
    this.sax = fastSaxes(
      { xmlns: true, position: false, defaultXMLVersion: '1.0', forceXMLVersion: true },
      {
        xmldecl: (decl) => {
          if (decl.version !== undefined && decl.version !== '1.0')
            this.fail(structural(`XML version ${decl.version}; only XML 1.0 is accepted`));
          // The body was decoded as UTF-8 or UTF-16 (request-body.ts): a document that declares another encoding
          // means different characters to its sender than to us.
          if (decl.encoding !== undefined && !/^(utf-?8|utf-16(le|be)?)$/i.test(decl.encoding.trim()))
            this.fail(new AppError('SVC1009', [decl.encoding]));
        },
        doctype: () => this.fail(new AppError('SVC1003')),
        processinginstruction: () => this.fail(structural('a processing instruction')),
        opentagstart: (tag) => {
          this.unreported = 0;
          if (tag.name.length > rules.limits.maxNameChars) this.fail(new AppError('SVC1012', [tag.name, rules.limits.maxNameChars]));
        },
        opentag: (tag) => {
          this.unreported = 0;
          this.open(tag);
        },
        closetag: () => {
          this.unreported = 0;
          this.close();
        },
        text: (text) => {
          this.unreported = 0;
          this.text(text);
        },
        cdata: (text) => {
          this.unreported = 0;
          this.text(text);
        },
        error: (error) => this.fail(new AppError('SVC1002', [error.message.split('\n')[0] ?? 'parse error'])),
      },
    );
  }

  /** True when the operation element was reached and the caller must authenticate before more is read. */
  get awaitingAuthentication(): boolean {
    return this.waiting;
  }

  get usernameToken(): UsernameTokenFields | undefined {
    return this.token;
  }

  get hasSignature(): boolean {
    return this.signed;
  }

  get operationName(): string | undefined {
    return this.operation;
  }

  /** Parses more of the request. Before authentication it reads in small slices and stops at the operation. */
  write(text: string): void {
    if (this.waiting) {
      this.held += text;
      return;
    }
    if (this.operation !== undefined) return this.feed(text);
    const limit = this.rules.limits.preAuthChars;
    let at = 0;
    while (at < text.length) {
      // No slice reaches past the budget: an operation element that starts later is refused whatever the
      // chunking, rather than accepted when it happens to end in the same slice.
      const window = text.slice(at, at + Math.min(16_384, limit + 1 - this.fed));
      // Each slice ends at a '>', so the parse stops right at the operation's start tag: no payload is decoded
      // (and no payload fault answered) before authentication, wherever the chunks happen to end.
      const gt = window.indexOf('>');
      const part = gt < 0 ? window : window.slice(0, gt + 1);
      at += part.length;
      this.fed += part.length;
      this.feed(part);
      if (this.operation !== undefined) {
        this.waiting = true;
        this.held = text.slice(at);
        return;
      }
      if (this.fed > limit) this.fail(new AppError('POL1006', [limit]));
    }
  }

  /** The caller is authenticated: parse what was held back, and everything after. */
  resume(): void {
    this.waiting = false;
    const held = this.held;
    this.held = '';
    if (held) this.feed(held);
  }

  end(): ParsedRequest {
    if (this.waiting) this.resume();
    this.guard(() => this.sax.close());
    if (!this.sawBody) throw structural('the envelope has no Body');
    if (this.operation === undefined || !this.root) throw new AppError('SVC1005', ['(none)', [...this.rules.operations].join(', ')]);
    return { operation: this.operation, args: this.root, usernameToken: this.token, signed: this.signed };
  }

  /**
   * Feeds in slices and bounds what saxes is still holding: it reports a name, a text node, an attribute value
   * or a comment only when it ends, so without this an authenticated caller could make it gather a whole
   * 16 MB token (a comment is never reported at all) before any per-element limit applies.
   */
  private feed(text: string): void {
    const longest = this.rules.limits.maxBinaryChars + 65_536;
    for (let at = 0; at < text.length; at += 65_536) {
      const part = at === 0 && text.length <= 65_536 ? text : text.slice(at, at + 65_536);
      this.guard(() => this.sax.write(part));
      this.unreported += part.length;
      if (this.unreported > longest) this.fail(new AppError('POL1009', ['(one name, text, attribute value or comment)', longest]));
    }
  }

  /** saxes reports through events, and may go on after a handler threw: the first problem is the answer. */
  private guard(run: () => void): void {
    this.rethrowProblem();
    try {
      run();
    } catch (error) {
      this.rethrowProblem();
      throw error instanceof AppError ? error : new AppError('SVC1002', [String((error as Error).message).split('\n')[0] ?? '']);
    }
    this.rethrowProblem();
  }

  /** A method, not an inline check: handlers set `problem` behind the type checker's back. */
  private rethrowProblem(): void {
    if (this.problem) throw this.problem;
  }

  private fail(error: AppError): never {
    this.problem ??= error;
    throw this.problem;
  }

  private open(tag: SaxesTagNS): void {
    const depth = ++this.depth;
    const limits = this.rules.limits;
    if (depth > limits.maxDepth) this.fail(new AppError('SVC1004', [limits.maxDepth]));
    if (reservedNames.has(tag.local)) this.fail(new AppError('SVC1007', [tag.local]));
    this.checkAttributes(tag.attributes);
    if (this.skipBelow) return;

    switch (this.zone) {
      case 'start':
        if (tag.local !== 'Envelope' || tag.uri !== this.envelopeUri) this.fail(new AppError('SVC1006', [this.rules.version]));
        this.zone = 'envelope';
        return;
      case 'envelope':
      case 'afterBody':
        return this.openEnvelopeChild(tag);
      case 'header':
        return this.openHeaderEntry(tag);
      case 'security':
        return this.openSecurityChild(tag);
      case 'token':
        return this.openTokenField(tag);
      case 'tokenField':
        return this.fail(malformedToken(`${this.field} must hold text only`));
      case 'body':
        return this.openOperation(tag);
      case 'afterOperation':
        return this.fail(structural('more than one operation element in the Body'));
      case 'payload':
        return this.openPayload(tag);
    }
  }

  private openEnvelopeChild(tag: SaxesTagNS): void {
    const soap = tag.uri === this.envelopeUri;
    if (soap && tag.local === 'Header' && !this.sawHeader && !this.sawBody) {
      this.sawHeader = true;
      this.zone = 'header';
    } else if (soap && tag.local === 'Body' && !this.sawBody) {
      this.sawBody = true;
      this.zone = 'body';
    } else {
      this.fail(structural(`element {${tag.uri}}${tag.local} where only one Header and then one Body may be`));
    }
  }

  private openHeaderEntry(tag: SaxesTagNS): void {
    const actor = this.envelopeAttribute(tag, actorAttribute[this.rules.version]);
    const forUs = actor === undefined || addressedHere[this.rules.version].has(actor.trim());
    if (forUs && tag.uri === wsseNamespace && tag.local === 'Security') {
      if (++this.securityHeaders > 1) this.fail(new AppError('SVC1014'));
      this.zone = 'security';
      return;
    }
    if (forUs && isTrue(this.envelopeAttribute(tag, 'mustUnderstand')?.trim()))
      this.fail(new AppError('SVC1011', [`{${tag.uri}}${tag.local}`]));
    this.skip();
  }

  private openSecurityChild(tag: SaxesTagNS): void {
    if (tag.uri === wsseNamespace && tag.local === 'UsernameToken') {
      if (this.token) this.fail(malformedToken('more than one UsernameToken'));
      this.token = Object.create(null) as UsernameTokenFields;
      this.zone = 'token';
      return;
    }
    if (tag.uri === dsigNamespace && tag.local === 'Signature') this.signed = true;
    // Timestamp, BinarySecurityToken, Signature: read from the request text by the signature check.
    this.skip();
  }

  private openTokenField(tag: SaxesTagNS): void {
    const field = tokenFields.get(`${tag.uri} ${tag.local}`);
    if (!field) return this.skip();
    const token = this.token!;
    if (token[field] !== undefined) this.fail(malformedToken(`more than one ${field}`));
    token[field] = '';
    if (field === 'password') token.passwordType = tag.attributes['Type']?.value;
    if (field === 'nonce') token.nonceEncoding = tag.attributes['EncodingType']?.value;
    this.field = field;
    this.zone = 'tokenField';
  }

  private openOperation(tag: SaxesTagNS): void {
    const { operations, schema } = this.rules;
    const offered = [...operations].join(', ');
    // A known name in the wrong namespace is the classic SOAP::Lite mistake (an unqualified body element):
    // say so, rather than calling a listed operation unknown.
    if (operations.has(tag.local) && tag.uri !== schema.namespace)
      this.fail(new AppError('SVC1008', [tag.local, schema.namespace, tag.uri || '(no namespace)']));
    const decl = operations.has(tag.local) ? schema.elements.get(tag.local) : undefined;
    if (!decl || decl.type.kind !== 'complex') this.fail(new AppError('SVC1005', [tag.local, offered]));
    this.operation = tag.local;
    const value = Object.create(null) as Record<string, unknown>;
    this.root = value;
    this.frames.push({ decl, path: '', schemaPath: tag.local, nil: false, value, seen: new Map(), text: '' });
    this.zone = 'payload';
  }

  private openPayload(tag: SaxesTagNS): void {
    const parent = this.frames.at(-1)!;
    const where = (name: string) => (parent.path ? `${parent.path}.${name}` : name);
    if (!parent.value) this.fail(new AppError('SVC0002', [`${parent.path} (text expected, found element ${tag.local})`]));
    const decl = (parent.decl.type as ComplexType).child.get(tag.local);
    if (!decl || tag.uri !== this.rules.schema.namespace) this.fail(new AppError('SVC0002', [where(tag.local)]));
    // Counted rather than read from the value: an xsi:nil element leaves no value, yet is an occurrence.
    const count = parent.seen.get(decl.name) ?? 0;
    let path = where(decl.name);
    const schemaPath = `${parent.schemaPath}.${decl.name}`;
    if (decl.maxOccurs > 1) {
      const limit = this.rules.limits.lists.get(schemaPath);
      const max = Math.min(limit?.max ?? decl.maxOccurs, decl.maxOccurs);
      if (count >= max) this.fail(limit ? limit.fault(path, max) : new AppError('SVC0002', [path]));
      path = `${path}[${count + 1}]`;
    } else if (count > 0) {
      this.fail(new AppError('SVC0002', [`${path} (given more than once)`]));
    }
    parent.seen.set(decl.name, count + 1);
    const nil = isTrue(this.attribute(tag, xsiNamespace, 'nil')?.trim());
    const value = decl.type.kind === 'complex' && !nil ? (Object.create(null) as Record<string, unknown>) : undefined;
    this.frames.push({ decl, path, schemaPath, nil, value, seen: new Map(), text: '' });
  }

  private close(): void {
    const depth = this.depth--;
    if (this.skipBelow) {
      if (depth === this.skipBelow) this.skipBelow = 0;
      return;
    }
    switch (this.zone) {
      case 'tokenField':
        this.field = undefined;
        this.zone = 'token';
        return;
      case 'token':
        this.zone = 'security';
        return;
      case 'security':
        this.zone = 'header';
        return;
      case 'header':
        this.zone = 'envelope';
        return;
      case 'body':
      case 'afterOperation':
        this.zone = 'afterBody';
        return;
      case 'payload':
        return this.closePayload();
      default:
        return;
    }
  }

  private closePayload(): void {
    const frame = this.frames.pop()!;
    const parent = this.frames.at(-1);
    if (!parent) {
      this.zone = 'afterOperation';
      return;
    }
    // xsi:nil: as if absent (its content was already refused by payloadText and openPayload).
    if (frame.nil) return;
    const value = frame.value ?? frame.text;
    const name = frame.decl.name;
    if (frame.decl.maxOccurs > 1) {
      const list = parent.value![name] as unknown[] | undefined;
      if (list) list.push(value);
      else parent.value![name] = [value];
    } else {
      parent.value![name] = value;
    }
  }

  private text(text: string): void {
    // Outside the root saxes refuses non-space text itself (SVC1002); answering SVC1013 here too would make the
    // code depend on whether saxes reported the text or its own error first, i.e. on the chunking.
    if (this.skipBelow || this.depth === 0) return;
    switch (this.zone) {
      case 'tokenField': {
        const token = this.token!;
        const field = this.field!;
        const value = (token[field] ?? '') + text;
        if (value.length > tokenFieldChars[field])
          this.fail(malformedToken(`${field} is longer than ${tokenFieldChars[field]} characters`));
        token[field] = value;
        return;
      }
      case 'payload':
        return this.payloadText(text);
      default:
        if (hasText(text)) this.fail(structural('text outside the operation element'));
    }
  }

  private payloadText(text: string): void {
    const frame = this.frames.at(-1)!;
    if (frame.value || frame.nil) {
      if (hasText(text)) this.fail(new AppError('SVC0002', [`${frame.path || this.operation} (text where elements are expected)`]));
      return;
    }
    const limits = this.rules.limits;
    const max =
      frame.decl.type.kind === 'simple' && frame.decl.type.base === 'base64Binary' ? limits.maxBinaryChars : limits.maxStringChars;
    if (frame.text.length + text.length > max) this.fail(new AppError('POL1009', [frame.path, max]));
    frame.text += text;
  }

  private skip(): void {
    this.skipBelow = this.depth;
  }

  private envelopeAttribute(tag: SaxesTagNS, local: string): string | undefined {
    return this.attribute(tag, this.envelopeUri, local);
  }

  private attribute(tag: SaxesTagNS, uri: string, local: string): string | undefined {
    for (const name in tag.attributes) {
      const a = tag.attributes[name]!;
      if (a.local === local && a.uri === uri) return a.value;
    }
    return undefined;
  }

  /** Attribute count and names, and the SOAP-encoding constructs that document/literal never uses. */
  private checkAttributes(attributes: Record<string, SaxesAttributeNS>): void {
    const limits = this.rules.limits;
    let count = 0;
    for (const name in attributes) {
      if (++count > limits.maxAttributes) this.fail(new AppError('SVC1016', [limits.maxAttributes]));
      if (name.length > limits.maxNameChars) this.fail(new AppError('SVC1012', [name, limits.maxNameChars]));
      const a = attributes[name]!;
      // Attribute names and namespace prefixes too: "refused everywhere" (reservedNames) includes them.
      if (reservedNames.has(a.local)) this.fail(new AppError('SVC1007', [name]));
      const encoding =
        (a.uri === '' && (a.local === 'href' || a.local === 'id')) || soapEncodingNamespaces.has(a.uri) || a.local === 'encodingStyle';
      if (encoding) this.fail(new AppError('SVC1010', [name]));
    }
  }
}
