// Slow salted password hashes (scrypt, N=2^15) for PasswordText and for the CLI. Format:
// scrypt$N$r$p$salt(base64)$hash(base64), so parameters can be raised without breaking stored hashes.
import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import type { PasswordHasher } from '../../kernel/security-ports.js';

const N = 1 << 15;
const r = 8;
const p = 1;
const keyLength = 32;
const maxmem = 64 * 1024 * 1024;

function derive(password: string, salt: Buffer, cost: number, blockSize: number, parallel: number): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(password, salt, keyLength, { N: cost, r: blockSize, p: parallel, maxmem }, (error, key) =>
      error ? reject(error) : resolve(key),
    ),
  );
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, N, r, p);
  return ['scrypt', N, r, p, salt.toString('base64'), key.toString('base64')].join('$');
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, cost, blockSize, parallel, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64');
  const key = await derive(password, Buffer.from(salt, 'base64'), Number(cost), Number(blockSize), Number(parallel));
  return key.length === expected.length && timingSafeEqual(key, expected);
}

/** The kernel's PasswordHasher port over these scrypt hashes. */
export const scryptPasswordHasher: PasswordHasher = { hash: hashPassword, verify: verifyPassword };
