// imwsi serve | migrate | users | wsse | peers | directory | relay. Config flags (--db, --domain, ...)
// work everywhere except relay, which reads its own file (docs/federation.md).
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { progressBar } from './cli-progress.js';
import { parseDirectoryCsv } from '../modules/directory/index.js';
import { loadRelayConfig } from '../relay/relay-config.js';
import { startRelay } from '../relay/relay.js';
import { ConfigError, envName, flagName, loadConfig, settings, type Config } from '../platform/config.js';
import { AppError } from '../kernel/errors.js';
import { type Backend, openBackend } from './backend.js';
import { startGateway } from './gateway.js';
import { hardenPrototypes } from '../platform/auth/harden-prototypes.js';
import { createLogger } from '../platform/logger.js';
import { usernameTokenHeader } from '../platform/auth/username-token-header.js';
import type { Role } from '../kernel/types.js';
import { localOperator } from '../kernel/require-role.js';

const usage = `imwsi — Instant Messaging WSI gateway

Usage:
  imwsi serve [--port 8080] [--host 127.0.0.1] [--db ./imwsi.sqlite] [--domain example.com] [--demo]
  imwsi migrate [--db ...]
  imwsi users add <user@domain> [--password P] [--role user|consumer|admin] [--msisdn +E164]
  imwsi users list
  imwsi users passwd <user@domain> [--password P]
  imwsi users remove <user@domain>
  imwsi users cert <user@domain> (--file cert.pem | --clear)   require X.509-signed requests from this account
  imwsi wsse --user <user@domain> [--password P]   print a fresh WS-Security header (for curl)
  imwsi peers add <domain> [--endpoint URL --username U --password P] [--inbound-account peer@local]
  imwsi peers list
  imwsi peers remove <domain>
  imwsi directory import <consumer@domain> <file.csv>     (username,address per line; progress bar)
  imwsi directory list <consumer@domain>
  imwsi relay --config relay.json

Without --password, the password is read from the first line of standard input.

Settings (flag / environment / default):
${settings.map((s) => `  --${flagName(s).padEnd(20)} ${envName(s).padEnd(38)} ${s.help} (default: ${JSON.stringify(s.default)})`).join('\n')}
  --config FILE           IMWSI_CONFIG                           JSON file with the same settings
`;

/** Takes `--name value` out of args, returning the value. */
function takeFlag(args: string[], name: string): string | undefined {
  const i = args.findIndex((a) => a === `--${name}` || a.startsWith(`--${name}=`));
  if (i < 0) return undefined;
  const [arg] = args.splice(i, 1);
  if (arg!.includes('=')) return arg!.slice(arg!.indexOf('=') + 1);
  return args.splice(i, 1)[0];
}

/** Takes a bare `--name` switch out of args. */
function takeSwitch(args: string[], name: string): boolean {
  const i = args.indexOf(`--${name}`);
  if (i >= 0) args.splice(i, 1);
  return i >= 0;
}

async function readPassword(): Promise<string> {
  if (process.stdin.isTTY) process.stderr.write('Password: ');
  const lines = createInterface({ input: process.stdin });
  for await (const line of lines) {
    lines.close();
    return line;
  }
  throw new AppError('SVC0002', ['password (none given on --password or standard input)']);
}

async function serve(config: Config): Promise<void> {
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
}

/** A command's backend: the gateway's modules over the same database, logging warnings only. */
function openCommandBackend(config: Config): Promise<Backend> {
  return openBackend(config, Date.now, createLogger('warn', process.stderr));
}

async function users(action: string | undefined, args: string[], argvRest: () => Config): Promise<void> {
  const password = takeFlag(args, 'password');
  const role = takeFlag(args, 'role') as Role | undefined;
  const msisdn = takeFlag(args, 'msisdn');
  const certFile = takeFlag(args, 'file') ?? takeFlag(args, 'cert');
  const clear = takeSwitch(args, 'clear');
  const address = args[0]?.startsWith('--') ? undefined : args.shift();
  const config = argvRest();
  const backend = await openCommandBackend(config);
  const { accounts } = backend;
  try {
    switch (action) {
      case 'add': {
        if (!address) throw new AppError('SVC0002', ['address (imwsi users add user@domain)']);
        const account = await accounts.add({ address, password: password ?? (await readPassword()), role, msisdn });
        if (certFile) await accounts.setSigningCertificate(account.address, readFileSync(certFile, 'utf8'));
        process.stdout.write(`added ${account.address} (${account.role}${account.msisdn ? `, ${account.msisdn}` : ''})\n`);
        break;
      }
      case 'list':
        for (const a of await accounts.list()) process.stdout.write(`${a.address}\t${a.role}\t${a.msisdn ?? '-'}\n`);
        break;
      case 'passwd':
        if (!address) throw new AppError('SVC0002', ['address (imwsi users passwd user@domain)']);
        await accounts.setPassword(address, password ?? (await readPassword()));
        process.stdout.write(`password changed for ${address}\n`);
        break;
      case 'cert':
        if (!address || (!certFile && !clear)) throw new AppError('SVC0002', ['imwsi users cert user@domain --file cert.pem | --clear']);
        await accounts.setSigningCertificate(address, clear ? null : readFileSync(certFile!, 'utf8'));
        process.stdout.write(
          clear ? `${address} no longer needs signed requests\n` : `${address} must now sign its requests with the key of ${certFile}\n`,
        );
        break;
      case 'remove':
        if (!address) throw new AppError('SVC0002', ['address (imwsi users remove user@domain)']);
        await accounts.remove(address);
        process.stdout.write(`removed ${address}\n`);
        break;
      default:
        throw new AppError('SVC0002', [`users action "${action ?? ''}" (add, list, passwd, remove, cert)`]);
    }
  } finally {
    await backend.close();
  }
}

/** The peer routing table (5.14): where to forward a domain, and which local account a peer sends with. */
async function peers(action: string | undefined, args: string[], argvRest: () => Config): Promise<void> {
  const endpoint = takeFlag(args, 'endpoint');
  const username = takeFlag(args, 'username');
  const password = takeFlag(args, 'password');
  const inboundAccount = takeFlag(args, 'inbound-account');
  const domain = args[0]?.startsWith('--') ? undefined : args.shift();
  const config = argvRest();
  const backend = await openCommandBackend(config);
  const service = backend.modules.service('peers');
  try {
    switch (action) {
      case 'add': {
        if (!domain) throw new AppError('SVC0002', ['domain (imwsi peers add peer.example --endpoint URL ...)']);
        const peer = await service.add(localOperator, { domain, endpoint, username, password, inboundAccount });
        process.stdout.write(
          `peer ${peer.domain}: ${peer.endpointUrl ?? 'no outbound route'}${peer.inboundAccount ? `, sends as ${peer.inboundAccount}` : ''}\n`,
        );
        break;
      }
      case 'list':
        for (const p of await service.list(localOperator))
          process.stdout.write(`${p.domain}\t${p.endpointUrl ?? '-'}\t${p.remoteUsername ?? '-'}\t${p.inboundAccount ?? '-'}\n`);
        break;
      case 'remove':
        if (!domain) throw new AppError('SVC0002', ['domain (imwsi peers remove peer.example)']);
        await service.remove(localOperator, domain);
        process.stdout.write(`removed peer ${domain}\n`);
        break;
      default:
        throw new AppError('SVC0002', [`peers action "${action ?? ''}" (add, list, remove)`]);
    }
  } finally {
    await backend.close();
  }
}

/** A consumer's directory (Appendix B): bulk import from CSV with a progress bar, or list it. */
async function directory(action: string | undefined, args: string[], argvRest: () => Config): Promise<void> {
  const consumer = args.shift();
  const file = action === 'import' ? args.shift() : undefined;
  const config = argvRest();
  const backend = await openCommandBackend(config);
  const service = backend.modules.service('directory');
  try {
    const owner = consumer ? await backend.store.accounts.findByAddress(consumer.toLowerCase()) : undefined;
    if (!owner) throw new AppError('SVC2002', [consumer ?? '(none given)']);
    switch (action) {
      case 'import': {
        if (!file) throw new AppError('SVC0002', ['file (imwsi directory import consumer@domain file.csv)']);
        const { entries, problems } = parseDirectoryCsv(readFileSync(file, 'utf8'));
        if (problems.length > 0) throw new AppError('SVC0002', [`${file}: ${problems.slice(0, 5).join('; ')}`]);
        const bar = progressBar(entries.length, 'importing');
        const chunk = Math.min(1000, config.directory.entriesPerRequest);
        bar.update(0);
        for (let i = 0; i < entries.length; i += chunk) {
          await service.set(owner, entries.slice(i, i + chunk));
          bar.update(Math.min(entries.length, i + chunk));
        }
        bar.done();
        process.stdout.write(`imported ${entries.length} entries into the directory of ${owner.address}\n`);
        break;
      }
      case 'list': {
        let after: string | undefined;
        do {
          const page = await service.page(owner, after, undefined);
          for (const e of page.entries) process.stdout.write(`${e.username}\t${e.address}\n`);
          after = page.nextStartAfter;
        } while (after);
        break;
      }
      default:
        throw new AppError('SVC0002', [`directory action "${action ?? ''}" (import, list)`]);
    }
  } finally {
    await backend.close();
  }
}

async function relay(args: string[]): Promise<void> {
  const file = takeFlag(args, 'config');
  if (!file) throw new AppError('SVC0002', ['--config (imwsi relay --config relay.json)']);
  const config = loadRelayConfig(file);
  // The relay parses peers' responses with node soap, whose multiRef handling can write onto Object.prototype.
  hardenPrototypes();
  const logger = createLogger(config.logLevel);
  const running = await startRelay(config, logger);
  process.stdout.write(`imwsi relay running${running.metricsUrl ? ` (metrics: ${running.metricsUrl}/metrics)` : ''}\n`);
  const stop = () => void running.stop().then(() => process.exit(0));
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

export async function main(argv: readonly string[]): Promise<void> {
  const [command, ...rest] = argv;
  const args = [...rest];
  const config = () => loadConfig(process.env, args);
  switch (command) {
    case 'serve':
      return serve(config());
    case 'migrate': {
      await (await openCommandBackend(config())).close();
      process.stdout.write('database is up to date\n');
      return;
    }
    case 'users':
      return users(args.shift(), args, config);
    case 'wsse': {
      const user = takeFlag(args, 'user');
      if (!user) throw new AppError('SVC0002', ['--user (imwsi wsse --user alice@example.com)']);
      const password = takeFlag(args, 'password') ?? (await readPassword());
      process.stdout.write(usernameTokenHeader({ user, password }) + '\n');
      return;
    }
    case 'peers':
      return peers(args.shift(), args, config);
    case 'directory':
      return directory(args.shift(), args, config);
    case 'relay':
      return relay(args);
    case undefined:
    case 'help':
    case '--help':
      process.stdout.write(usage);
      return;
    default:
      throw new AppError('SVC0002', [`command "${command}" (serve, migrate, users, wsse, peers, directory, relay)`]);
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  if (error instanceof ConfigError) process.stderr.write(`${error.message}\nRun "imwsi help" for the settings.\n`);
  else if (error instanceof AppError) process.stderr.write(`imwsi: ${error.message}\n`);
  else process.stderr.write(`imwsi: ${(error as Error).stack ?? String(error)}\n`);
  process.exitCode = 1;
});
