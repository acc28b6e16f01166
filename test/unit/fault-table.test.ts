// The README's fault table is the documented code table: it must list exactly the codes in src/errors.ts.
import { readFileSync } from 'node:fs';
import test from 'ava';
import { codes } from '../../src/kernel/errors.js';

test('the README fault table lists every code of src/kernel/errors.ts, with its fault type, and nothing else', (t) => {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
  const rows = [...readme.matchAll(/^\| ((?:SVC|POL)\d{4}) \| (Service|Policy) \|/gm)].map((m) => `${m[1]} ${m[2]}`);
  const expected = Object.entries(codes).map(([code, info]) => `${code} ${info.type.replace('Exception', '')}`);
  t.deepEqual(rows.sort(), expected.sort());
});
