// The security ports the modules need (README "Layout"): accounts and peers hash and seal secrets through these, and
// platform/auth/ implements them (scrypt, AES-256-GCM), so no module depends on how secrets are kept.

/** Slow salted password hashes: PasswordText logins are checked against them. */
export interface PasswordHasher {
  hash(password: string): Promise<string>;
  /** False for a wrong password, and for a stored hash of another scheme. */
  verify(password: string, stored: string): Promise<boolean>;
}

/**
 * Secrets the server must read back (PasswordDigest needs the account's password; the forwarder sends the
 * peer's), sealed under a key kept outside the database.
 */
export interface SecretSealer {
  seal(plain: string): string;
  /** Throws when the sealed text is malformed or was not sealed under this key. */
  open(sealed: string): string;
}
