// Serves one SOAP POST: the body is read as text and parsed once (request-parser.ts); when the parse reaches
// the operation element the caller is authenticated (throttled, then verified) before anything more is read;
// then the handler runs and its result is written from the schema. Every error becomes one proper fault.
// The token's nonce goes with the handler (pending-nonces.ts): its first unit of work commits it, or it is
// settled in a unit of its own before the answer, fault or not (README "Group commit").
// A handler with nothing to answer yet returns a LongPoll, parked in long-poll.ts until woken or expired.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { TLSSocket } from 'node:tls';
import type { Clock } from '../../kernel/ports.js';
import type { Account } from '../../kernel/types.js';
import { AppError, toAppError, truncate } from '../../kernel/errors.js';
import type { LoginThrottle } from '../auth/login-throttle.js';
import { type SignaturePolicy, verifyMessageSignature } from '../auth/message-signature.js';
import type { AuthenticatedCaller, UsernameTokenVerifier } from '../auth/username-token.js';
import type { PendingNonce, PendingNonces } from '../auth/pending-nonces.js';
import { contentType, envelopeNamespace, sendFault, type SoapVersion } from './faults.js';
import { LongPoll, ParkedPolls } from './long-poll.js';
import { writeBody } from './write-body.js';
import { checkRequestHeaders, httpStatusOf, requestText } from './request-body.js';
import { type EndpointRules, RequestParser, type UsernameTokenFields } from './request-parser.js';
import { responseEnvelope } from './response-writer.js';

export interface OperationContext {
  readonly caller: Account;
}

/** The operation's result, or a LongPoll to park (answered later from the same schema). */
export type OperationHandler = (args: Record<string, unknown>, ctx: OperationContext) => Promise<object | LongPoll>;

/** What an operation callable without a UsernameToken gets instead of a caller: the client's address. */
export interface AnonymousContext {
  readonly client: string;
}

export type AnonymousHandler = (args: Record<string, unknown>, ctx: AnonymousContext) => Promise<object>;

export interface OperationHooks {
  readonly verify: UsernameTokenVerifier;
  /** Where an accepted nonce goes with the request and is committed before the answer (README "Group commit"). */
  readonly nonces: Pick<PendingNonces, 'within' | 'settle'>;
  readonly throttle: LoginThrottle;
  readonly signatures: SignaturePolicy;
  readonly clock: Clock;
  onRequest(service: string, operation: string): void;
  onFault(operation: string, error: AppError, req: IncomingMessage): void;
  /** A refused login: the username (bounded) and the client address, for the log and /metrics. */
  onAuthenticationFailure(error: AppError, username: string | undefined, client: string): void;
  /** After authentication: throws when this caller may not call this operation at all (a guest account). */
  admit?(caller: Account, service: string, operation: string): void;
}

export interface Endpoint {
  readonly service: string;
  readonly version: SoapVersion;
  readonly rules: EndpointRules;
  readonly handlers: ReadonlyMap<string, OperationHandler>;
  /** Operations callable without a UsernameToken (Accounts Register): no token is read or verified for them. */
  readonly anonymous: ReadonlyMap<string, AnonymousHandler>;
  readonly requestBytes: number;
  /** Where this gateway's long polls wait (one for all endpoints: one wheel, one timer). */
  readonly polls: ParkedPolls<Endpoint>;
}

const authenticationCodes = new Set(['SVC1101', 'SVC1102', 'SVC1103', 'SVC1104', 'SVC1105', 'SVC1106']);

async function authenticate(
  token: UsernameTokenFields | undefined,
  req: IncomingMessage,
  hooks: OperationHooks,
): Promise<AuthenticatedCaller> {
  const client = req.socket.remoteAddress ?? 'unknown';
  const username = token?.username?.trim() || undefined;
  const now = hooks.clock();
  try {
    if (username) hooks.throttle.check(username, client, now);
    const caller = await hooks.verify(token, 'encrypted' in req.socket && (req.socket as TLSSocket).encrypted);
    if (username) hooks.throttle.succeeded(username, client, now);
    return caller;
  } catch (error) {
    const appError = toAppError(error);
    if (appError.code === 'SVC1102' && username) hooks.throttle.failed(username, client, now);
    if (authenticationCodes.has(appError.code) || appError.code === 'POL1008')
      hooks.onAuthenticationFailure(appError, username && truncate(username, 64), client);
    throw appError;
  }
}

interface ParsedCall {
  readonly operation: string;
  readonly args: Record<string, unknown>;
  /** Undefined for an anonymous operation. */
  readonly caller: Account | undefined;
}

/** The request's accepted nonce, from authentication (part-way through the parse) to the answer. */
interface RequestNonce {
  pending: PendingNonce | undefined;
}

/** Reads, parses and authenticates; the request text is kept only for a signed request of a pinned account. */
async function readCall(endpoint: Endpoint, hooks: OperationHooks, req: IncomingMessage, nonce: RequestNonce): Promise<ParsedCall> {
  checkRequestHeaders(req, endpoint.requestBytes);
  const parser = new RequestParser(endpoint.rules);
  let kept: string[] | undefined = [];
  let authenticated: AuthenticatedCaller | undefined;
  for await (const text of requestText(req, endpoint.requestBytes)) {
    kept?.push(text);
    parser.write(text);
    if (parser.awaitingAuthentication && endpoint.anonymous.has(parser.operationName ?? '')) {
      kept = undefined;
      parser.resume();
    } else if (parser.awaitingAuthentication) {
      authenticated = await authenticate(parser.usernameToken, req, hooks);
      nonce.pending = authenticated.nonce;
      // Only an account that pins a certificate has its request text verified: nobody else can make the
      // gateway hold a whole body (an empty ds:Signature would otherwise keep up to requestBytes).
      if (authenticated.signingCertificate === null) kept = undefined;
      parser.resume();
    }
  }
  const parsed = parser.end();
  if (endpoint.anonymous.has(parsed.operation)) return { operation: parsed.operation, args: parsed.args, caller: undefined };
  if (!authenticated) {
    authenticated = await authenticate(parsed.usernameToken, req, hooks);
    nonce.pending = authenticated.nonce;
  }
  if (authenticated.signingCertificate !== null) {
    const now = hooks.clock();
    verifyMessageSignature(
      (kept ?? []).join(''),
      envelopeNamespace[endpoint.version],
      authenticated.signingCertificate,
      now,
      hooks.signatures,
    );
  }
  hooks.admit?.(authenticated.account, endpoint.service, parsed.operation);
  return { operation: parsed.operation, args: parsed.args, caller: authenticated.account };
}

/**
 * After a fault sent before the body was read to its end: read and discard what the client is still sending,
 * then close. Closing at once would leave unread bytes in the socket, and the kernel would answer them with a
 * reset that can reach the client before the fault it has not read yet. Discarding is cheap (nothing is
 * parsed) and bounded: at most `maxBytes` within 5 s. A body refused by its Content-Length alone is not read.
 */
function linger(req: IncomingMessage, maxBytes: number): void {
  let left = maxBytes;
  const timer = setTimeout(() => req.socket.destroy(), 5_000);
  timer.unref();
  req.on('data', (chunk: Buffer) => {
    left -= chunk.length;
    if (left < 0) req.socket.destroy();
  });
  req.once('end', () => clearTimeout(timer));
  req.once('close', () => clearTimeout(timer));
  req.resume();
}

function writeResult(res: ServerResponse, endpoint: Endpoint, operation: string, result: object): void {
  writeBody(
    res,
    200,
    { 'Content-Type': contentType[endpoint.version] },
    responseEnvelope(endpoint.rules.schema, operation, result, endpoint.version),
  );
}

function writeFault(
  hooks: OperationHooks,
  req: IncomingMessage,
  res: ServerResponse,
  endpoint: Endpoint,
  operation: string,
  error: unknown,
) {
  const appError = toAppError(error);
  hooks.onFault(operation, appError, req);
  // Throttled logins and registrations: the client is told when to try again.
  const retryAfter =
    appError.code === 'POL1008' || appError.code === 'POL6003' ? { 'Retry-After': appError.variables[0] ?? '1' } : undefined;
  sendFault(res, appError, endpoint.version, endpoint.rules.schema.namespace, {
    status: httpStatusOf(appError),
    headers: retryAfter,
  });
  return appError;
}

/** One per gateway: where long polls wait, answered through the same writers as every response. */
export function parkedPolls(hooks: OperationHooks, shutdown: AbortSignal): ParkedPolls<Endpoint> {
  return new ParkedPolls<Endpoint>(
    {
      result: writeResult,
      fault: (res, endpoint, operation, error) => writeFault(hooks, res.req, res, endpoint, operation, error),
      endFailed: (res, _endpoint, operation, error) => hooks.onFault(operation, toAppError(error), res.req),
    },
    shutdown,
  );
}

async function settleQuietly(hooks: OperationHooks, pending: PendingNonce | undefined): Promise<void> {
  if (!pending) return;
  try {
    await hooks.nonces.settle(pending);
  } catch {
    // Another gateway committed it (a concurrent replay), or the database failed: the request faults anyway.
  }
}

export async function serveSoapRequest(
  endpoint: Endpoint,
  hooks: OperationHooks,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  let operation = '(unparsed)';
  const nonce: RequestNonce = { pending: undefined };
  try {
    const call = await readCall(endpoint, hooks, req, nonce);
    operation = call.operation;
    hooks.onRequest(endpoint.service, operation);
    const anonymous = call.caller ? undefined : endpoint.anonymous.get(operation);
    const handler = endpoint.handlers.get(operation);
    let result: object;
    if (anonymous) result = await anonymous(call.args, { client: req.socket.remoteAddress ?? 'unknown' });
    else if (handler && call.caller) {
      const { caller } = call;
      result = await hooks.nonces.within(nonce.pending, () => handler(call.args, { caller }));
    } else throw new AppError('SVC1005', [operation, [...endpoint.handlers.keys(), ...endpoint.anonymous.keys()].join(', ')]);
    // Committed before the answer: by the request's first unit of work, or here by a unit of its own. Taken
    // out of `nonce` first: a settle that fails (another gateway committed it) is not tried again below.
    const pending = nonce.pending;
    nonce.pending = undefined;
    if (pending) await hooks.nonces.settle(pending);
    if (result instanceof LongPoll) endpoint.polls.park(res, endpoint, operation, result);
    else writeResult(res, endpoint, operation, result);
  } catch (error) {
    // A faulted request's nonce is recorded all the same (its unit, nonce with it, rolled back), so the
    // request cannot be replayed; the answer is the request's own fault either way.
    // Settled even when a unit committed it: settling also frees its place in the in-flight set.
    await settleQuietly(hooks, nonce.pending);
    const appError = writeFault(hooks, req, res, endpoint, operation, error);
    // The requestBytes limit bounds what an accepted request may send; a Content-Length over it is not read.
    if (!req.complete) linger(req, appError.code === 'POL1003' ? 0 : endpoint.requestBytes);
  }
}
