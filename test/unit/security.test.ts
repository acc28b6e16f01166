import { randomBytes } from 'node:crypto';
import test from 'ava';
import { hashPassword, verifyPassword } from '../../src/platform/auth/password-hash.js';
import { secretBox } from '../../src/platform/auth/secret-box.js';
import { passwordDigest } from '../../src/platform/auth/username-token.js';
import * as soap from 'soap';

test('password hashes are salted scrypt and verify only the right password', async (t) => {
  const [a, b] = await Promise.all([hashPassword('correct horse'), hashPassword('correct horse')]);
  t.not(a, b);
  t.regex(a, /^scrypt\$32768\$8\$1\$/);
  t.true(await verifyPassword('correct horse', a));
  t.false(await verifyPassword('correct horsE', a));
});

test('sealed secrets open with the same key only', (t) => {
  const box = secretBox(randomBytes(32));
  const sealed = box.seal('pässwörd');
  t.not(sealed, 'pässwörd');
  t.is(box.open(sealed), 'pässwörd');
  t.throws(() => secretBox(randomBytes(32)).open(sealed));
});

test('the PasswordDigest matches what node soap computes', (t) => {
  const nonce = randomBytes(16);
  const created = '2026-11-25T10:00:00Z';
  t.is(passwordDigest(nonce, created, 'secret'), soap.passwordDigest(nonce.toString('base64'), created, 'secret'));
});
