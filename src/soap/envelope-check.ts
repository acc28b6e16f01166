// One streaming pass over every request before node-soap sees it (saxes, ~140 MB/s). It refuses what
// node-soap would crash, hang or leak on: malformed XML, DOCTYPE/entities, deep nesting, element names
// that collide with Object.prototype, a wrong envelope, an unknown operation. On the way it lifts the
// WS-Security UsernameToken, so authentication does not depend on node-soap's header mapping.
import { SaxesParser, type SaxesTagNS } from 'saxes';
import { AppError } from '../errors.js';
import { envelopeNamespace, type SoapVersion } from './faults.js';

export const wsseNamespace = 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd';
export const wsuNamespace = 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd';

export interface UsernameTokenFields {
  username?: string;
  password?: string;
  passwordType?: string;
  nonce?: string;
  nonceEncoding?: string;
  created?: string;
}

export interface CheckedEnvelope {
  readonly operation: string;
  readonly usernameToken: UsernameTokenFields | undefined;
  /**
   * The request without its soap:Header, for node-soap: the header (WS-Security) is read here, and node-soap
   * would otherwise parse it again and keep that parse (attribute values built character by character, ~5 kB)
   * for the whole call, which for an idle long poll is its whole wait. Undefined when there is no header.
   */
  readonly withoutHeader: string | undefined;
}

export interface EnvelopeRules {
  readonly version: SoapVersion;
  readonly serviceNamespace: string;
  readonly operations: ReadonlySet<string>;
  readonly maxDepth: number;
}

// node-soap maps element names onto plain objects; these names break that mapping.
const reservedNames = new Set(['__proto__', 'constructor', 'prototype', 'toString', 'valueOf', 'hasOwnProperty']);

const tokenFields: Record<string, keyof UsernameTokenFields> = {
  [`${wsseNamespace} Username`]: 'username',
  [`${wsseNamespace} Password`]: 'password',
  [`${wsseNamespace} Nonce`]: 'nonce',
  [`${wsuNamespace} Created`]: 'created',
  // Some older stacks put Created in the wsse namespace.
  [`${wsseNamespace} Created`]: 'created',
};

export function checkEnvelope(xml: string, rules: EnvelopeRules): CheckedEnvelope {
  const parser = new SaxesParser({ xmlns: true, position: true });
  const stack: SaxesTagNS[] = [];
  let operation: string | undefined;
  let operationNamespace: string | undefined;
  let token: UsernameTokenFields | undefined;
  let field: keyof UsernameTokenFields | undefined;
  let problem: AppError | undefined;
  // Where the element being opened at depth 2 starts, and the bounds of the soap:Header, if exactly one.
  let openedAt = 0;
  let headerStart: number | undefined;
  let headerEnd: number | undefined;
  let headers = 0;
  const fail = (error: AppError) => {
    problem ??= error;
    throw error;
  };

  parser.on('doctype', () => fail(new AppError('SVC1003')));
  // The position is a plain string index, just past the name of an opening tag, or past a closing '>'.
  parser.on('opentagstart', (tag) => {
    if (stack.length === 1) openedAt = xml.lastIndexOf(`<${tag.name}`, parser.position);
  });
  parser.on('opentag', (tag) => {
    const depth = stack.push(tag);
    if (depth > rules.maxDepth) fail(new AppError('SVC1004', [rules.maxDepth]));
    if (reservedNames.has(tag.local)) fail(new AppError('SVC1007', [tag.local]));
    const parent = stack[depth - 2];
    if (depth === 2 && tag.local === 'Header' && tag.uri === envelopeNamespace[rules.version]) {
      headers++;
      headerStart = openedAt;
    }
    if (depth === 1 && (tag.local !== 'Envelope' || tag.uri !== envelopeNamespace[rules.version]))
      fail(new AppError('SVC1006', [rules.version]));
    if (depth === 3 && parent?.local === 'Body' && operation === undefined) {
      operation = tag.local;
      operationNamespace = tag.uri;
    }
    if (parent?.local === 'UsernameToken' && parent.uri === wsseNamespace) {
      field = tokenFields[`${tag.uri} ${tag.local}`];
      if (field) {
        token ??= {};
        token[field] = '';
        if (field === 'password') token.passwordType = tag.attributes['Type']?.value;
        if (field === 'nonce') token.nonceEncoding = tag.attributes['EncodingType']?.value;
      }
    } else if (tag.local === 'UsernameToken' && tag.uri === wsseNamespace) {
      token ??= {};
    }
  });
  parser.on('text', (text) => {
    if (field && token) token[field] += text;
  });
  parser.on('closetag', (tag) => {
    if (stack.length === 2 && tag.local === 'Header' && tag.uri === envelopeNamespace[rules.version]) headerEnd = parser.position;
    stack.pop();
    field = undefined;
  });
  parser.on('error', (error) => fail(problem ?? new AppError('SVC1002', [error.message.split('\n')[0] ?? 'parse error'])));

  try {
    parser.write(xml).close();
  } catch (error) {
    throw problem ?? (error instanceof AppError ? error : new AppError('SVC1002', [String((error as Error).message)]));
  }
  const offered = [...rules.operations].join(', ');
  if (operation === undefined) throw new AppError('SVC1005', ['(none)', offered]);
  // A known name in the wrong namespace is the classic SOAP::Lite mistake (an unqualified body element):
  // say so, rather than calling a listed operation unknown.
  if (rules.operations.has(operation) && operationNamespace !== rules.serviceNamespace)
    throw new AppError('SVC1008', [operation, rules.serviceNamespace, operationNamespace || '(no namespace)']);
  if (!rules.operations.has(operation)) throw new AppError('SVC1005', [operation, offered]);
  const withoutHeader = headers === 1 ? cut(xml, headerStart, headerEnd) : undefined;
  return { operation, usernameToken: token && copyFields(token), withoutHeader };
}

/** The text without [start, end), when those really are the bounds of one element; else undefined. */
function cut(xml: string, start: number | undefined, end: number | undefined): string | undefined {
  if (start === undefined || end === undefined || end <= start) return undefined;
  if (xml[start] !== '<' || xml[end - 1] !== '>') return undefined;
  return xml.slice(0, start) + xml.slice(end);
}

// Parser text is sliced from the request, and a slice keeps the whole request text alive: copy the few
// token fields so a long poll does not pin its request in memory.
const flat = (text: string | undefined) => (text === undefined ? undefined : Buffer.from(text, 'utf8').toString('utf8'));
function copyFields(token: UsernameTokenFields): UsernameTokenFields {
  const copy: UsernameTokenFields = {};
  for (const key of Object.keys(token) as (keyof UsernameTokenFields)[]) copy[key] = flat(token[key]);
  return copy;
}
