// The rules every password and hosted address meet, whoever sets them (the operator, Register, ChangePassword).
import { AppError } from '../../kernel/errors.js';
import { parseAddress } from '../../kernel/addresses.js';

export function checkedPassword(password: string): string {
  if (password.length < 8) throw new AppError('SVC0002', ['password (at least 8 characters)']);
  if (password.length > 1024) throw new AppError('SVC0002', ['password (at most 1024 characters)']);
  return password;
}

/** An IM address in a hosted domain, normalized; SVC2003 or SVC2004 otherwise. */
export function hostedAddress(raw: string, hostedDomains: readonly string[]): string {
  const parsed = parseAddress(raw);
  if (parsed.kind !== 'im') throw new AppError('SVC2003', [raw]);
  if (!hostedDomains.includes(parsed.domain)) throw new AppError('SVC2004', [parsed.domain]);
  return parsed.address;
}
