// imwsi serve: the gateway (README "The imwsi command"); stops cleanly on SIGTERM/SIGINT.
import type { Command } from './command.js';

export const serveCommand: Command = {
  name: 'serve',
  summary: 'run the gateway (migrates the database first)',
  details: [
    'Example: imwsi serve --port 8080 --host 0.0.0.0 --db /var/lib/imwsi/imwsi.sqlite --domain example.com,example.org',
    'SIGTERM or SIGINT: stop accepting, answer waiting long polls, finish in-flight requests, close the database.',
  ],
  async run(input) {
    const config = input.config();
    // Loaded on use, so `imwsi --help` does not load the gateway (with-backend.ts says why).
    const [{ hardenPrototypes }, { createLogger }, { startGateway }, { loadSoapLibrary }] = await Promise.all([
      import('../../platform/auth/harden-prototypes.js'),
      import('../../platform/logger.js'),
      import('../gateway.js'),
      import('../../modules/federation/index.js'),
    ]);
    // The forwarder's SOAP client library too: it writes to prototypes as it loads, so not after hardening.
    await loadSoapLibrary();
    // Every module is loaded by now: from here on nothing can add to or replace the built-in prototypes.
    hardenPrototypes();
    const logger = createLogger(config.logLevel);
    const gateway = await startGateway(config, { logger });
    process.stdout.write(`imwsi listening on ${gateway.url} (WSDL: ${gateway.url}/wsi/InstantMessaging?wsdl)\n`);
    let stopping = false;
    const stop = (signal: string) => {
      if (stopping) return;
      stopping = true;
      logger.info({ signal }, 'shutting down');
      gateway.close().then(
        () => process.exit(0),
        (error: unknown) => {
          logger.error({ err: error }, 'shutdown failed');
          process.exit(1);
        },
      );
    };
    process.on('SIGTERM', () => stop('SIGTERM'));
    process.on('SIGINT', () => stop('SIGINT'));
  },
};
