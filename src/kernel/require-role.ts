// Role checks for services that only some accounts may use (README "Security": administration needs an admin).
// Services make them, not SOAP handlers, so every edge (SOAP, the web console, the CLI) goes through them.
import { AppError } from './errors.js';
import type { Account, Role } from './types.js';

/**
 * The operator at the server's shell (`imwsi peers`): whoever can run the CLI opens the database and reads its
 * key file, so no role check applies. Only the CLI (src/main/cli/) passes it; an edge that serves remote callers passes
 * the authenticated Account.
 */
export interface LocalOperator {
  readonly kind: 'local-operator';
}

export const localOperator: LocalOperator = Object.freeze({ kind: 'local-operator' });

/** Who calls a service: an authenticated account, or the local operator. */
export type Caller = Account | LocalOperator;

// By identity, not by shape: an object that merely looks like the operator gets no pass.
const isLocalOperator = (caller: Caller): caller is LocalOperator => caller === localOperator;

export function requireRole(caller: Caller, role: Role): void {
  if (isLocalOperator(caller)) return;
  if (caller.role !== role) throw new AppError('POL1005', [role]);
}
