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
  const parser = new SaxesParser({ xmlns: true, position: false });
  const stack: SaxesTagNS[] = [];
  let operation: string | undefined;
  let operationNamespace: string | undefined;
  let token: UsernameTokenFields | undefined;
  let field: keyof UsernameTokenFields | undefined;
  let problem: AppError | undefined;
  const fail = (error: AppError) => {
    problem ??= error;
    throw error;
  };

  parser.on('doctype', () => fail(new AppError('SVC1003')));
  parser.on('opentag', (tag) => {
    const depth = stack.push(tag);
    if (depth > rules.maxDepth) fail(new AppError('SVC1004', [rules.maxDepth]));
    if (reservedNames.has(tag.local)) fail(new AppError('SVC1007', [tag.local]));
    const parent = stack[depth - 2];
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
  parser.on('closetag', () => {
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
  return { operation, usernameToken: token };
}
