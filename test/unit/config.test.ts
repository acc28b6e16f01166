import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import test from 'ava';
import { ConfigError, loadConfig } from '../../src/platform/config.js';

test('flags beat environment, which beats the file defaults', (t) => {
  const config = loadConfig({ IMWSI_PORT: '9000', IMWSI_LEASE_SECONDS: '5' }, ['--port', '9100', '--domain', 'A.example,b.example']);
  t.is(config.port, 9100);
  t.is(config.leaseSeconds, 5);
  t.deepEqual(config.domains, ['a.example', 'b.example']);
  t.true(Object.isFrozen(config.limits));
});

test('every problem is collected into one ConfigError', (t) => {
  const error = t.throws(() => loadConfig({ IMWSI_DB_CLIENT: 'pg' }, ['--port=-1', '--domain', 'bad_domain!', '--tls-cert', 'x.pem']), {
    instanceOf: ConfigError,
  });
  t.is(error!.problems.length, 4, error!.problems.join('\n'));
  t.regex(error!.message, /db.url: required when db.client is pg/);
  t.regex(error!.message, /set both tls.certFile and tls.keyFile/);
});

test('a default validity above the maximum is refused', (t) => {
  t.throws(() => loadConfig({}, ['--default-validity', '100', '--max-validity', '10']), { message: /must not exceed/ });
});

test('a port above 65535 is refused like any setting out of range', (t) => {
  const error = t.throws(() => loadConfig({ IMWSI_PORT: '65536' }, []), { instanceOf: ConfigError });
  t.regex(error.message, /port \(IMWSI_PORT\): expected an integer from 0 to 65535, got "65536"/);
  t.is(loadConfig({}, ['--port', '65535']).port, 65535);
});

test('keys of the config file that name no setting are refused, each listed by its path', (t) => {
  const file = join(mkdtempSync(join(tmpdir(), 'imwsi-config-')), 'imwsi.json');
  writeFileSync(
    file,
    JSON.stringify({ port: 9000, db: { filename: 'x.sqlite', file: 'y' }, limits: { contentBytes: 9, nope: 1 }, typo: true }),
  );
  const error = t.throws(() => loadConfig({}, ['--config', file]), { instanceOf: ConfigError });
  t.deepEqual(error.problems, [`config file ${file}: unknown keys db.file, limits.nope, typo`]);
  writeFileSync(file, JSON.stringify({ port: 9000, db: { filename: 'x.sqlite' }, limits: { contentBytes: 9 } }));
  t.is(loadConfig({}, ['--config', file]).limits.contentBytes, 9);
});
