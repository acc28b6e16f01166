// The PasswordDigest secret cache (platform/auth/digest-secrets.ts): opened once per account and sealed value,
// opened again after a password change (a new sealed value), bounded, and forgotten with the account.
import test from 'ava';
import { digestSecrets } from '../../src/platform/auth/digest-secrets.js';
import { secretBox } from '../../src/platform/auth/secret-box.js';
import { randomBytes } from 'node:crypto';

function countingBox() {
  const box = secretBox(randomBytes(32));
  const opened: string[] = [];
  return {
    seal: (secret: string) => box.seal(secret),
    opened,
    open(sealed: string) {
      const secret = box.open(sealed);
      opened.push(secret);
      return secret;
    },
  };
}

test('a secret is unsealed once per account, and again when the sealed value changes (a new password)', (t) => {
  const box = countingBox();
  const secrets = digestSecrets(box);
  const first = box.seal('old-password');
  t.is(secrets.secretOf(1, first), 'old-password');
  t.is(secrets.secretOf(1, first), 'old-password');
  t.deepEqual(box.opened, ['old-password'], 'the second login used the kept secret');
  const changed = box.seal('new-password');
  t.is(secrets.secretOf(1, changed), 'new-password', 'the new password is used at once');
  t.is(secrets.secretOf(1, changed), 'new-password');
  t.deepEqual(box.opened, ['old-password', 'new-password']);
});

test('a forgotten account is unsealed again; the cache holds at most its capacity, least recently used out first', (t) => {
  const box = countingBox();
  const secrets = digestSecrets(box, 2);
  const sealed = [box.seal('a-secret'), box.seal('b-secret'), box.seal('c-secret')];
  secrets.secretOf(1, sealed[0]!);
  secrets.secretOf(2, sealed[1]!);
  secrets.secretOf(1, sealed[0]!);
  secrets.secretOf(3, sealed[2]!); // evicts account 2, used least recently
  secrets.secretOf(1, sealed[0]!);
  t.deepEqual(box.opened, ['a-secret', 'b-secret', 'c-secret']);
  secrets.secretOf(2, sealed[1]!);
  t.deepEqual(box.opened.slice(3), ['b-secret'], 'the evicted account is opened again');
  secrets.forget(2);
  secrets.secretOf(2, sealed[1]!);
  t.deepEqual(box.opened.slice(4), ['b-secret'], 'the forgotten account is opened again');
});
