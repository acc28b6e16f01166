// The unsealed PasswordDigest secrets of the accounts that logged in lately. Unsealing (AES-GCM) on every
// request measured 31 us of a single send; an account's secret only changes with its password, so it is
// opened once and kept, bounded, in memory. Each entry remembers the sealed value it was opened from: a
// password change seals a new value (new IV), so the next login opens that one and the old secret is dropped;
// `forget` drops an account's entry at once (its removal).
import type { SecretBox } from './secret-box.js';

export interface DigestSecrets {
  /** The secret of `accountId`, as sealed in `sealed` (the account row's current value). */
  secretOf(accountId: number, sealed: string): string;
  forget(accountId: number): void;
}

/** At most `capacity` accounts, least recently used dropped first. */
export function digestSecrets(box: Pick<SecretBox, 'open'>, capacity = 10_000): DigestSecrets {
  const entries = new Map<number, { readonly sealed: string; readonly secret: string }>();
  return {
    secretOf(accountId, sealed) {
      const entry = entries.get(accountId);
      entries.delete(accountId);
      const fresh = entry?.sealed === sealed ? entry : { sealed, secret: box.open(sealed) };
      // Re-inserted last: Map keeps insertion order, so the first key is the least recently used.
      entries.set(accountId, fresh);
      if (entries.size > capacity) entries.delete(entries.keys().next().value!);
      return fresh.secret;
    },
    forget(accountId) {
      entries.delete(accountId);
    },
  };
}
