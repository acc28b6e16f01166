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
