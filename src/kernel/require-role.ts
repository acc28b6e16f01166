// Role checks for services that only some accounts may use (DESIGN "Security": administration needs an admin).
import { AppError } from './errors.js';
import type { Account, Role } from './types.js';

export function requireRole(caller: Account, role: Role): void {
  if (caller.role !== role) throw new AppError('POL1005', [role]);
}
