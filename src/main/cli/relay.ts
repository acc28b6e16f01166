// imwsi relay: the Appendix B relay, configured by its own file (docs/federation.md), not the gateway's settings.
import { type Command, UsageError, stringOption } from './command.js';

export const relayCommand: Command = {
  name: 'relay',
  summary: "run the relay of a consumer's inboxes at several providers (docs/federation.md)",
  settings: false,
  options: { config: { type: 'string', value: 'FILE', help: 'the relay configuration file (required)' } },
  details: ['Example: imwsi relay --config relay.json'],
  async run(input) {
    const file = stringOption(input, 'config');
    if (file === undefined) throw new UsageError('--config FILE is required', 'imwsi relay');
    // Loaded on use, so `imwsi --help` does not load the relay (with-backend.ts says why).
    const [{ hardenPrototypes }, { createLogger }, { loadRelayConfig }, { startRelay }, { loadSoapLibrary }] = await Promise.all([
      import('../../platform/auth/harden-prototypes.js'),
      import('../../platform/logger.js'),
      import('../../relay/relay-config.js'),
      import('../../relay/relay.js'),
      import('../../modules/federation/index.js'),
    ]);
    // node soap writes to prototypes as it loads: load it before they are frozen.
    await loadSoapLibrary();
    const config = loadRelayConfig(file);
    // The relay parses peers' responses with node soap, whose multiRef handling can write onto Object.prototype.
    hardenPrototypes();
    const logger = createLogger(config.logLevel);
    const running = await startRelay(config, logger);
    process.stdout.write(`imwsi relay running${running.metricsUrl ? ` (metrics: ${running.metricsUrl}/metrics)` : ''}\n`);
    const stop = () => void running.stop().then(() => process.exit(0));
    process.once('SIGTERM', stop);
    process.once('SIGINT', stop);
  },
};
