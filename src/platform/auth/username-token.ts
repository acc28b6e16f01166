// WS-Security 1.0 UsernameToken verification (OMA WSF), as Python zeep's UsernameToken(use_digest=True)
// and node soap's WSSecurity send it: Password Type=#PasswordDigest, base64 Nonce, wsu:Created.
// digest = Base64(SHA-1(nonce bytes + Created + password)).
import { createHash, timingSafeEqual } from 'node:crypto';
import { parseAddress } from '../../kernel/addresses.js';
import type { Clock, Store } from '../../kernel/ports.js';
import type { Account } from '../../kernel/types.js';
import { AppError } from '../../kernel/errors.js';
import { parseUtcDateTime } from '../../kernel/time.js';
import { verifyPassword } from './password-hash.js';
import type { DigestSecrets } from './digest-secrets.js';
import type { PendingNonce, PendingNonces } from './pending-nonces.js';

export interface UsernameToken {
  readonly username?: string | undefined;
  readonly password?: string | undefined;
  readonly passwordType?: string | undefined;
  readonly nonce?: string | undefined;
  readonly nonceEncoding?: string | undefined;
  readonly created?: string | undefined;
}

/** Who the token proved, and the certificate its requests must be signed with, if any. */
export interface AuthenticatedCaller {
  readonly account: Account;
  readonly signingCertificate: string | null;
  /** The token's nonce, accepted but not yet committed: the edge hands it to the request (pending-nonces.ts). */
  readonly nonce: PendingNonce | undefined;
}

export interface TokenPolicy {
  readonly allowPasswordText: boolean;
  readonly createdWindowSeconds: number;
}

const digestType = '#PasswordDigest';

export function passwordDigest(nonce: Buffer, created: string, password: string): string {
  return createHash('sha1')
    .update(Buffer.concat([nonce, Buffer.from(created + password, 'utf8')]))
    .digest('base64');
}

/** Compares two strings in time independent of where they differ (and of their lengths). */
function constantTimeEqual(a: string, b: string): boolean {
  const ha = createHash('sha256').update(a).digest();
  const hb = createHash('sha256').update(b).digest();
  return timingSafeEqual(ha, hb);
}

// Compared against when the account does not exist, so unknown and known users take the same path.
const absentSecret = 'absent-account-' + Math.random().toString(36);

/**
 * `store` reads the credentials; `nonces` accepts the nonce and hands it back pending, for the request's first
 * unit of work to commit with its own writes (README "Group commit").
 */
export function usernameTokenVerifier(store: Store, nonces: PendingNonces, secrets: DigestSecrets, clock: Clock, policy: TokenPolicy) {
  const windowMs = policy.createdWindowSeconds * 1000;

  // A Created without a zone is UTC (as WSS 1.0 requires of every time), whatever the host's zone.
  function checkCreated(created: string | undefined, now: number): void {
    if (created === undefined) return;
    const at = parseUtcDateTime(created);
    if (at === undefined) throw new AppError('SVC1106', ['Created is not an xsd:dateTime']);
    if (Math.abs(now - at) > windowMs) throw new AppError('SVC1104', [created.trim(), policy.createdWindowSeconds]);
  }

  return async function verify(token: UsernameToken | undefined, secureTransport: boolean): Promise<AuthenticatedCaller> {
    if (!token) throw new AppError('SVC1101');
    const username = token.username?.trim();
    const given = token.password?.trim();
    if (!username || given === undefined) throw new AppError('SVC1106', ['Username and Password are required']);
    const isDigest = token.passwordType?.endsWith(digestType) ?? false;
    const nonce = token.nonce?.trim() || undefined;
    const created = token.created?.trim() || undefined;
    const now = clock();
    if (isDigest && (!nonce || !created)) throw new AppError('SVC1106', ['PasswordDigest needs Nonce and Created']);
    if (!isDigest && !secureTransport && !policy.allowPasswordText) throw new AppError('SVC1105');
    checkCreated(created, now);

    const parsed = parseAddress(username);
    const credentials = parsed.kind === 'im' ? await store.accounts.findCredentials(parsed.address, nonce) : undefined;
    let valid: boolean;
    if (isDigest) {
      const secret = credentials ? secrets.secretOf(credentials.account.id, credentials.sealedSecret) : absentSecret;
      valid = constantTimeEqual(passwordDigest(Buffer.from(nonce!, 'base64'), created!, secret), given);
    } else {
      valid = credentials ? await verifyPassword(given, credentials.passwordHash) : false;
    }
    if (!valid || !credentials) throw new AppError('SVC1102');
    // Kept for twice the window: a Created older than the window is refused anyway.
    const pending = nonce === undefined ? undefined : nonces.accept(nonce, now + 2 * windowMs, credentials.nonceSeen);
    // Only a caller who proved the password learns the account's state (docs/accounts.md "Account states").
    const { state, address } = credentials.account;
    if (state === 'suspended' || state === 'pending') {
      // Refused after the nonce was accepted: it is recorded all the same, so the refusal cannot be replayed.
      if (pending) await nonces.settle(pending);
      throw new AppError(state === 'suspended' ? 'POL6001' : 'POL6005', [address]);
    }
    return { account: credentials.account, signingCertificate: credentials.signingCertificate, nonce: pending };
  };
}

export type UsernameTokenVerifier = ReturnType<typeof usernameTokenVerifier>;
