// Turns a domain call into a node-soap operation: authenticate from the checked envelope, run, and map
// every error to a proper fault (node-soap would send non-Fault errors as text, and Faults as HTTP 200).
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { TLSSocket } from 'node:tls';
import type { Account } from '../domain/types.js';
import { toAppError } from '../errors.js';
import type { UsernameTokenVerifier } from '../security/username-token.js';
import type { CheckedEnvelope } from './envelope-check.js';
import { envelopeNamespace, sendFault, type SoapVersion } from './faults.js';
import { type SignaturePolicy, verifyMessageSignature } from '../security/message-signature.js';
import type { Clock } from '../domain/ports.js';

export interface OperationContext {
  readonly caller: Account;
  /** Aborted when the client goes away, so a long poll stops waiting (and leases nothing). */
  readonly abort: AbortSignal;
}

export type OperationHandler = (args: Record<string, unknown>, ctx: OperationContext) => Promise<object>;

export interface RequestState {
  readonly envelope: CheckedEnvelope;
  readonly version: SoapVersion;
  /** The request text, for signature verification of accounts that pin a certificate. */
  readonly xml: string;
}

/** Filled by the envelope check, read by the operations; keyed by request so nothing leaks. */
export const requestStates = new WeakMap<IncomingMessage, RequestState>();

export interface OperationHooks {
  readonly verify: UsernameTokenVerifier;
  readonly signatures: SignaturePolicy;
  readonly clock: Clock;
  readonly serviceNamespace: string;
  /** Aborted when the gateway stops: long polls return at once so shutdown is quick. */
  readonly shutdown: AbortSignal;
  onFault(operation: string, error: ReturnType<typeof toAppError>, req: IncomingMessage): void;
}

type SoapCallback = (error: unknown, result?: unknown) => void;
export type SoapMethod = (args: unknown, callback: SoapCallback, headers: unknown, req: IncomingMessage, res: ServerResponse) => void;

export function soapOperation(name: string, handler: OperationHandler, hooks: OperationHooks): SoapMethod {
  return (args, callback, _headers, req, res) => {
    const state = requestStates.get(req);
    const version = state?.version ?? '1.1';
    const token = state?.envelope.usernameToken;
    // Kept only until the signature check (accounts that pin a certificate), then dropped.
    let signedText = state?.xml;
    requestStates.delete(req);
    // node-soap has parsed the body by now; a long poll would otherwise hold it (and the 8 kB pool slab it
    // sits in) for its whole wait.
    (req as { body?: unknown }).body = undefined;
    const abort = new AbortController();
    const onClose = () => {
      if (!res.writableFinished) abort.abort();
    };
    res.once('close', onClose);
    const run = async () => {
      const secure = Boolean((req.socket as TLSSocket).encrypted);
      const { account: caller, signingCertificate } = await hooks.verify(token, secure);
      if (signingCertificate !== null) {
        verifyMessageSignature(signedText ?? '', envelopeNamespace[version], signingCertificate, hooks.clock(), hooks.signatures);
      }
      signedText = undefined;
      const input = args && typeof args === 'object' ? (args as Record<string, unknown>) : {};
      return handler(input, { caller, abort: AbortSignal.any([abort.signal, hooks.shutdown]) });
    };
    run().then(
      (result) => {
        res.off('close', onClose);
        callback(null, result);
      },
      (error: unknown) => {
        res.off('close', onClose);
        const appError = toAppError(error);
        hooks.onFault(name, appError, req);
        sendFault(res, appError, version, hooks.serviceNamespace);
      },
    );
  };
}
