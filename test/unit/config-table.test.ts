// The README's configuration table documents every setting: each flag and environment variable appears in it.
import { readFileSync } from 'node:fs';
import test from 'ava';
import { envName, flagName, settings } from '../../src/platform/config.js';

test('the README configuration table lists every flag and environment variable', (t) => {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
  const rows = readme.split('\n').filter((line) => line.startsWith('| `--'));
  const missing = settings.filter((s) => !rows.some((row) => row.includes(`\`--${flagName(s)}\``) && row.includes(`\`${envName(s)}\``)));
  t.deepEqual(
    missing.map((s) => `--${flagName(s)} / ${envName(s)}`),
    [],
  );
});
