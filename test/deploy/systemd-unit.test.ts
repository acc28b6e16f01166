// deploy/imwsi.service: systemd-analyze verify finds nothing to say, and its sandboxing rates "OK" in
// systemd-analyze security (skipped visibly where systemd-analyze is missing).
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import test from 'ava';
import { repoRoot } from '../helpers/examples.js';
import { available } from '../helpers/foreign-stack.js';
import { tempDir } from '../helpers/gateway.js';

const unit = readFileSync(join(repoRoot, 'deploy/imwsi.service'), 'utf8');

/** The unit with this machine's node, which verify requires to exist, in a file named like the original. */
function localUnit(): string {
  const file = join(tempDir(), 'imwsi.service');
  writeFileSync(file, unit.replace('/usr/bin/node ', `${process.execPath} `));
  return file;
}

test('deploy/imwsi.service passes systemd-analyze verify with no warning, and its exposure is OK', (t) => {
  // The sandboxing options are in the file whatever this machine has installed.
  for (const option of [
    'NoNewPrivileges=yes',
    'ProtectSystem=strict',
    'ProtectHome=yes',
    'PrivateTmp=yes',
    'CapabilityBoundingSet=',
    'SystemCallFilter=@system-service',
  ])
    t.true(unit.includes(`\n${option}\n`), option);
  if (!available('systemd-analyze', ['--version'])) {
    t.log('systemd-analyze is not installed: verify and security skipped');
    return;
  }
  const verify = spawnSync('systemd-analyze', ['verify', localUnit()], { encoding: 'utf8' });
  t.is(verify.status, 0, verify.stderr);
  t.is(verify.stderr.trim(), '', 'no warning');
  const security = execFileSync('systemd-analyze', ['security', '--offline=yes', localUnit()], { encoding: 'utf8' });
  const exposure = /Overall exposure level for imwsi\.service: ([\d.]+) (\w+)/.exec(security);
  t.truthy(exposure, security);
  t.log(`exposure ${exposure![1]} ${exposure![2]}`);
  t.is(exposure![2], 'OK');
});
