// The relay's configuration file: every problem is reported at once.
import test from 'ava';
import { ConfigError } from '../../src/platform/config.js';
import { parseRelayConfig } from '../../src/relay/relay-config.js';

test('a relay config with several mistakes reports all of them at once', (t) => {
  const error = t.throws(
    () =>
      parseRelayConfig(
        {
          providers: [{ name: 'b1', endpoint: 'ftp://x', username: 'a@b1.example', password: 'p' }],
          directory: { provider: 'b9' },
          batchSize: 0,
        },
        '/tmp',
      ),
    { instanceOf: ConfigError },
  );
  t.deepEqual((error as ConfigError).problems, [
    'relay config: providers[0].domains: expected a list of the domains it hosts',
    'relay config: providers[0].endpoint: expected an http(s) URL',
    'relay config: directory.provider: no provider named "b9"',
    'relay config: batchSize: expected an integer >= 1',
  ]);
});

test('a relay config file directory is resolved next to the config file and defaults apply', (t) => {
  const config = parseRelayConfig(
    {
      providers: [
        { name: 'b1', endpoint: 'http://h/wsi/InstantMessaging', username: 'a@b1.example', password: 'p', domains: ['B1.example'] },
      ],
      directory: { file: 'players.csv' },
    },
    '/etc/imwsi',
  );
  t.deepEqual(config.directory, { file: '/etc/imwsi/players.csv' });
  t.deepEqual(config.providers[0]!.domains, ['b1.example']);
  t.like(config, { batchSize: 100, waitSeconds: 10, metricsPort: undefined });
});
