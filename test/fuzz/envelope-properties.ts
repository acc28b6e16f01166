// The properties the envelope parser must keep for every input (issue 7), shared by the AVA test and the long
// run (run-fuzz.ts). A check feeds the text to RequestParser twice, in one chunk and in the case's chunks
// (calling resume() whenever it waits for authentication), and throws a PropertyViolation when:
//  1. it throws anything but an AppError, or does not finish in a bounded number of steps;
//  2. a built-in prototype (Object, Array, Function, String, Error) gained, lost or changed an own property;
//  3. a returned args tree holds anything but null-prototype objects keyed by the schema's element names,
//     arrays (for repeatable elements, within their list limit) and strings; or the UsernameToken is not a
//     null-prototype object of the known fields; or authentication saw another token than the one returned;
//  4. a fault message is 2000 characters or longer, or a variable longer than 200 (+ the ellipsis);
//  5. faultEnvelope() of the error is not well-formed XML or is 4 kB or more;
//  6. the two chunkings give different results, or different fault codes;
//  7. an unmutated valid request (default limits) is refused, or parsed into other arguments than it carries.
// A difference in (6) explained by a known parser bug (knownBugs) is counted, not failed, unless `strict`.
import { isDeepStrictEqual } from 'node:util';
import { SaxesParser } from 'saxes';
import { AppError, codes, maxVariableChars } from '../../src/kernel/errors.js';
import { envelopeNamespace, faultEnvelope } from '../../src/platform/soap/faults.js';
import { type EndpointRules, type ParsedRequest, RequestParser, tokenFieldChars } from '../../src/platform/soap/request-parser.js';
import type { ElementDecl } from '../../src/platform/soap/wsdl-schema.js';
import { type Endpoint, endpointLabel, endpointRules, type ExpectedResult, type FuzzCase } from './envelope-arbitraries.js';

export class PropertyViolation extends Error {
  constructor(
    readonly property: string,
    message: string,
  ) {
    super(`[${property}] ${message}`);
    this.name = 'PropertyViolation';
  }
}

function violation(property: string, message: string): never {
  throw new PropertyViolation(property, message);
}

// ---------------------------------------------------------------------------------------------------------
// (2) Built-in prototypes, as they were when this module was loaded.

type Key = string | symbol;
const watched: readonly (readonly [string, object])[] = [
  ['Object.prototype', Object.prototype],
  ['Array.prototype', Array.prototype],
  ['Function.prototype', Function.prototype],
  ['String.prototype', String.prototype],
  ['Error.prototype', Error.prototype],
  ['Object', Object],
];

function describeProperties(target: object): Map<Key, readonly unknown[]> {
  const out = new Map<Key, readonly unknown[]>();
  for (const key of Reflect.ownKeys(target)) {
    const d = Reflect.getOwnPropertyDescriptor(target, key)!;
    out.set(key, [d.value, d.get, d.set, d.writable, d.enumerable, d.configurable]);
  }
  return out;
}

const baseline = watched.map(([name, target]) => ({ name, target, properties: describeProperties(target) }));

export function checkPrototypes(): void {
  for (const { name, target, properties } of baseline) {
    const now = describeProperties(target);
    for (const [key, d] of now) {
      const then = properties.get(key);
      if (!then) violation('prototype-pollution', `${name}.${String(key)} was added`);
      else if (!then.every((v, i) => Object.is(v, d[i]))) violation('prototype-pollution', `${name}.${String(key)} was changed`);
    }
    for (const key of properties.keys()) if (!now.has(key)) violation('prototype-pollution', `${name}.${String(key)} was removed`);
  }
  if (Object.getPrototypeOf({}) !== Object.prototype || Object.getPrototypeOf(Object.prototype) !== null)
    violation('prototype-pollution', 'the prototype chain of {} changed');
  for (const key in {}) violation('prototype-pollution', `{} has the enumerable property ${key}`);
  for (const key in []) violation('prototype-pollution', `[] has the enumerable property ${key}`);
}

// ---------------------------------------------------------------------------------------------------------
// The driver.

export interface AuthenticationPoint {
  readonly operation: string | undefined;
  readonly token: unknown;
  readonly signed: boolean;
}

export type Outcome =
  | {
      readonly ok: true;
      readonly result: ParsedRequest;
      readonly waits: number;
      readonly auth: AuthenticationPoint | undefined;
      readonly ms: number;
    }
  | {
      readonly ok: false;
      readonly error: unknown;
      readonly waits: number;
      readonly auth: AuthenticationPoint | undefined;
      readonly ms: number;
    };

/** Slower than this for one parse of at most 64 kB is treated as a hang. */
export const maxParseMs = 5000;

/** Feeds `text` in chunks of the given lengths, as src/soap/operation.ts does; counts steps to catch a loop. */
export function drive(rules: EndpointRules, text: string, chunks: readonly number[]): Outcome {
  const parser = new RequestParser(rules);
  const maxSteps = chunks.length * 2 + 4;
  let steps = 0;
  const step = () => {
    if (++steps > maxSteps)
      violation('hang', `more than ${maxSteps} write/resume/end steps for ${chunks.length} chunks: awaitingAuthentication stays true`);
  };
  let waits = 0;
  let auth: AuthenticationPoint | undefined;
  const started = performance.now();
  try {
    let at = 0;
    for (const length of chunks) {
      step();
      parser.write(text.slice(at, at + length));
      at += length;
      while (parser.awaitingAuthentication) {
        step();
        waits++;
        auth = { operation: parser.operationName, token: plain(parser.usernameToken), signed: parser.hasSignature };
        parser.resume();
      }
    }
    if (at !== text.length) throw new Error(`chunks cover ${at} of ${text.length} characters`);
    step();
    const result = parser.end();
    return { ok: true, result, waits, auth, ms: performance.now() - started };
  } catch (error) {
    if (error instanceof PropertyViolation) throw error;
    return { ok: false, error, waits, auth, ms: performance.now() - started };
  }
}

/** A plain copy (ordinary objects, undefined values kept) for comparisons and messages. */
export function plain(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(plain);
  if (typeof value === 'object' && value !== null) {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value)) out[key] = plain((value as Record<string, unknown>)[key]);
    return out;
  }
  return value;
}

const withoutUndefined = (value: unknown): unknown => {
  if (Array.isArray(value)) return value.map(withoutUndefined);
  if (typeof value === 'object' && value !== null)
    return Object.fromEntries(
      Object.entries(value)
        .filter(([, v]) => v !== undefined)
        .map(([k, v]) => [k, withoutUndefined(v)]),
    );
  return value;
};

export function normalized(result: ParsedRequest): unknown {
  return { operation: result.operation, args: plain(result.args), usernameToken: plain(result.usernameToken), signed: result.signed };
}

const clip = (text: string, max = 600) => (text.length > max ? `${text.slice(0, max)}… (${text.length} chars)` : text);

export function describeOutcome(o: Outcome): string {
  if (o.ok) return `ok ${clip(JSON.stringify(normalized(o.result)))}`;
  if (o.error instanceof AppError) return `${o.error.code} ${clip(JSON.stringify(o.error.message))}`;
  const e = o.error as Error;
  return `${e?.constructor?.name ?? typeof e} ${clip(String(e?.stack ?? e))}`;
}

// ---------------------------------------------------------------------------------------------------------
// (1), (3), (4), (5): one outcome.

function checkToken(token: unknown, where: string): void {
  if (token === undefined) return;
  if (typeof token !== 'object' || token === null || Object.getPrototypeOf(token) !== null)
    violation('args-shape', `${where}: usernameToken is not a null-prototype object`);
  const allowed = new Set(['username', 'password', 'passwordType', 'nonce', 'nonceEncoding', 'created']);
  for (const key of Reflect.ownKeys(token as object)) {
    if (typeof key !== 'string' || !allowed.has(key)) violation('args-shape', `${where}: usernameToken has the key ${String(key)}`);
    const v = (token as Record<string, unknown>)[key as string];
    if (v !== undefined && typeof v !== 'string') violation('args-shape', `${where}: usernameToken.${String(key)} is a ${typeof v}`);
    const max = tokenFieldChars[key as keyof typeof tokenFieldChars];
    if (max !== undefined && typeof v === 'string' && v.length > max)
      violation('args-shape', `${where}: usernameToken.${String(key)} has ${v.length} chars`);
  }
}

function checkValue(rules: EndpointRules, decl: ElementDecl, value: unknown, schemaPath: string, path: string): void {
  if (decl.type.kind === 'simple') {
    if (typeof value !== 'string')
      return violation('args-shape', `${path} (${decl.type.base}) is a ${Array.isArray(value) ? 'array' : typeof value}, not a string`);
    const max = decl.type.base === 'base64Binary' ? rules.limits.maxBinaryChars : rules.limits.maxStringChars;
    if (value.length > max) violation('args-shape', `${path} holds ${value.length} chars, over ${max}`);
    return;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value) || Object.getPrototypeOf(value) !== null)
    return violation('args-shape', `${path} is not a null-prototype object`);
  for (const key of Reflect.ownKeys(value)) {
    if (typeof key !== 'string') return violation('args-shape', `${path} has a symbol key`);
    const child = decl.type.child.get(key);
    if (!child) return violation('args-shape', `${path} has the key ${JSON.stringify(key)}, which the schema does not declare there`);
    const d = Reflect.getOwnPropertyDescriptor(value, key)!;
    if (!('value' in d) || !d.enumerable) violation('args-shape', `${path}.${key} is not a plain data property`);
    const childPath = `${schemaPath}.${key}`;
    const v = d.value as unknown;
    if (child.maxOccurs > 1) {
      if (!Array.isArray(v) || Object.getPrototypeOf(v) !== Array.prototype)
        return violation('args-shape', `${path}.${key} (repeatable) is not an array`);
      const keys = Reflect.ownKeys(v);
      if (keys.length !== v.length + 1 || !keys.every((k) => k === 'length' || (typeof k === 'string' && /^(0|[1-9]\d*)$/.test(k))))
        violation('args-shape', `${path}.${key} has keys other than its indices`);
      const limit = Math.min(child.maxOccurs, rules.limits.lists.get(childPath)?.max ?? Infinity);
      if (v.length < 1 || v.length > limit) violation('args-shape', `${path}.${key} has ${v.length} items (limit ${limit})`);
      v.forEach((item, i) => checkValue(rules, child, item, childPath, `${path}.${key}[${i + 1}]`));
    } else {
      checkValue(rules, child, v, childPath, `${path}.${key}`);
    }
  }
}

function checkFault(rules: EndpointRules, error: unknown, where: string): void {
  if (!(error instanceof AppError)) {
    const e = error as Error;
    return violation(
      'error-type',
      `${where}: threw ${e?.constructor?.name ?? typeof e}, not an AppError: ${clip(String(e?.stack ?? e), 1200)}`,
    );
  }
  if (!Object.hasOwn(codes, error.code)) violation('error-type', `${where}: unknown code ${error.code}`);
  if (error.message.length >= 2000) violation('fault-bounded', `${where}: ${error.code} message has ${error.message.length} chars`);
  for (const v of error.variables)
    if (v.length > maxVariableChars + 1) violation('fault-bounded', `${where}: ${error.code} variable has ${v.length} chars`);
  const body = faultEnvelope(error, rules.version, rules.schema.namespace);
  const bytes = Buffer.byteLength(body);
  if (bytes >= 4096) violation('fault-envelope', `${where}: ${error.code} fault envelope has ${bytes} bytes`);
  const sax = new SaxesParser({ xmlns: true, position: false });
  let root: string | undefined;
  let problem: string | undefined;
  sax.on('error', (e) => {
    problem ??= e.message;
  });
  sax.on('opentag', (tag) => {
    root ??= `{${tag.uri}}${tag.local}`;
  });
  try {
    sax.write(body).close();
  } catch (e) {
    problem ??= String(e);
  }
  if (problem) violation('fault-envelope', `${where}: ${error.code} fault envelope is not well-formed: ${problem}\n${clip(body, 4096)}`);
  if (root !== `{${envelopeNamespace[rules.version]}}Envelope`) violation('fault-envelope', `${where}: fault envelope root is ${root}`);
}

export function checkOutcome(rules: EndpointRules, o: Outcome, where: string): void {
  if (o.ms > maxParseMs) violation('hang', `${where}: one parse took ${Math.round(o.ms)} ms`);
  if (o.waits > 1) violation('authentication', `${where}: waited for authentication ${o.waits} times`);
  if (!o.ok) return checkFault(rules, o.error, where);
  const r = o.result;
  if (!rules.operations.has(r.operation)) violation('args-shape', `${where}: operation ${r.operation} is not offered`);
  checkValue(rules, rules.schema.elements.get(r.operation)!, r.args, r.operation, r.operation);
  checkToken(r.usernameToken, where);
  if (typeof r.signed !== 'boolean') violation('args-shape', `${where}: signed is not a boolean`);
  // What authentication saw is what the handler gets.
  if (o.waits !== 1 || !o.auth)
    return violation('authentication', `${where}: a request was returned without waiting for authentication once`);
  if (o.auth.operation !== r.operation)
    violation('authentication', `${where}: authenticated for ${o.auth.operation}, returned ${r.operation}`);
  if (!isDeepStrictEqual(o.auth.token, plain(r.usernameToken)))
    violation(
      'authentication',
      `${where}: the UsernameToken changed after authentication: ${JSON.stringify(o.auth.token)} then ${JSON.stringify(plain(r.usernameToken))}`,
    );
  if (o.auth.signed !== r.signed) violation('authentication', `${where}: signed changed after authentication`);
}

// ---------------------------------------------------------------------------------------------------------
// (6) Chunkings, and the known bugs that make them differ.

export function sameOutcome(a: Outcome, b: Outcome): boolean {
  if (a.ok && b.ok) return isDeepStrictEqual(normalized(a.result), normalized(b.result));
  if (!a.ok && !b.ok) return a.error instanceof AppError && b.error instanceof AppError && a.error.code === b.error.code;
  return false;
}

/** The chunk lengths with one more cut at `cut` (when inside the text). */
export function withCut(chunks: readonly number[], cut: number): number[] {
  const out: number[] = [];
  let from = 0;
  for (const length of chunks) {
    if (cut > from && cut < from + length) out.push(cut - from, from + length - cut);
    else out.push(length);
    from += length;
  }
  return out;
}

export interface KnownBug {
  readonly id: string;
  readonly title: string;
  /** True when the bug alone explains why the two chunkings differ. */
  explains(rules: EndpointRules, text: string, a: readonly number[], b: readonly number[]): boolean;
}

/**
 * Parser bugs the fuzz test knows of and tolerates in the generated run (counted and logged), while their corpus
 * replay is test.failing (sidecar "knownBug"). Empty: the two found so far (README.md, "Bugs found") are fixed.
 * An entry's `explains` must be precise: it should recognize that bug only, e.g. by showing that the difference
 * disappears when the input is fed the way a fixed parser would read it.
 */
export const knownBugs: readonly KnownBug[] = [];

// ---------------------------------------------------------------------------------------------------------
// A whole check.

export interface CheckOptions {
  /** Known bugs fail too. */
  readonly strict?: boolean | undefined;
  /** The exact result a valid request must have. */
  readonly expected?: ExpectedResult | undefined;
}

export interface CheckReport {
  readonly single: Outcome;
  readonly chunked: Outcome;
  /** Ids of known bugs that showed. */
  readonly known: readonly string[];
}

/** Every property for `text` on one endpoint, in one chunk and in `chunks`. Throws a PropertyViolation. */
export function checkText(endpoint: Endpoint, text: string, chunks: readonly number[], options: CheckOptions = {}): CheckReport {
  const rules = endpointRules(endpoint);
  const at = endpointLabel(endpoint);
  const whole = text.length ? [text.length] : [];
  const single = drive(rules, text, whole);
  checkOutcome(rules, single, `${at}, one chunk`);
  checkPrototypes();
  const chunked = drive(rules, text, chunks);
  checkOutcome(rules, chunked, `${at}, ${chunks.length} chunks`);
  checkPrototypes();
  const known: string[] = [];
  if (!sameOutcome(single, chunked)) {
    const bug = options.strict ? undefined : knownBugs.find((b) => b.explains(rules, text, whole, chunks));
    if (!bug)
      violation(
        'chunking',
        `${at}: one chunk gives ${describeOutcome(single)}\nbut chunks [${clip(chunks.join(','), 200)}] give ${describeOutcome(chunked)}`,
      );
    else known.push(bug.id);
  }
  const expected = options.expected;
  if (expected) {
    if (!single.ok) violation('valid-request', `${at}: a valid ${expected.operation} request was refused: ${describeOutcome(single)}`);
    const got = withoutUndefined(normalized(single.result));
    const want = withoutUndefined({ ...expected, usernameToken: expected.usernameToken });
    if (!isDeepStrictEqual(got, want))
      violation('valid-request', `${at}: parsed ${clip(JSON.stringify(got))}\nexpected ${clip(JSON.stringify(want))}`);
  }
  return { single, chunked, known };
}

export function checkCase(c: FuzzCase, options: { strict?: boolean } = {}): CheckReport {
  return checkText(c.endpoint, c.text, c.chunks, { strict: options.strict, expected: c.expected });
}

/** The chunkings every corpus input is tried with (lengths). */
export function corpusChunkings(length: number): number[][] {
  const sizes = [1, 2, 3, 7, 64, 4097, 16_385];
  const out: number[][] = [];
  for (const size of sizes) {
    const s = Math.max(size, Math.ceil(length / 8192));
    const chunks: number[] = [];
    for (let at = 0; at < length; at += s) chunks.push(Math.min(s, length - at));
    out.push(chunks);
  }
  return out;
}
