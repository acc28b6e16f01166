// imwsi serve | migrate | users add|list|passwd|remove. Config flags (--db, --domain, ...) work everywhere.
import { createInterface } from 'node:readline';
import { ConfigError, envName, flagName, loadConfig, settings, type Config } from './config.js';
import { AppError } from './errors.js';
import { openBackend, startGateway } from './gateway.js';
import { createLogger } from './logger.js';
import { usernameTokenHeader } from './security/username-token-header.js';
import type { Role } from './domain/types.js';

const usage = `imwsi — Instant Messaging WSI gateway

Usage:
  imwsi serve [--port 8080] [--host 127.0.0.1] [--db ./imwsi.sqlite] [--domain example.com] [--demo]
  imwsi migrate [--db ...]
  imwsi users add <user@domain> [--password P] [--role user|consumer|admin] [--msisdn +E164]
  imwsi users list
  imwsi users passwd <user@domain> [--password P]
  imwsi users remove <user@domain>
  imwsi wsse --user <user@domain> [--password P]   print a fresh WS-Security header (for curl)

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

async function users(action: string | undefined, args: string[], argvRest: () => Config): Promise<void> {
  const password = takeFlag(args, 'password');
  const role = takeFlag(args, 'role') as Role | undefined;
  const msisdn = takeFlag(args, 'msisdn');
  const address = args[0]?.startsWith('--') ? undefined : args.shift();
  const config = argvRest();
  const { store, accounts } = await openBackend(config, Date.now);
  try {
    switch (action) {
      case 'add': {
        if (!address) throw new AppError('SVC0002', ['address (imwsi users add user@domain)']);
        const account = await accounts.add({ address, password: password ?? (await readPassword()), role, msisdn });
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
      case 'remove':
        if (!address) throw new AppError('SVC0002', ['address (imwsi users remove user@domain)']);
        await accounts.remove(address);
        process.stdout.write(`removed ${address}\n`);
        break;
      default:
        throw new AppError('SVC0002', [`users action "${action ?? ''}" (add, list, passwd, remove)`]);
    }
  } finally {
    await store.close();
  }
}

export async function main(argv: readonly string[]): Promise<void> {
  const [command, ...rest] = argv;
  const args = [...rest];
  const config = () => loadConfig(process.env, args);
  switch (command) {
    case 'serve':
      return serve(config());
    case 'migrate': {
      const { store } = await openBackend(config(), Date.now);
      await store.close();
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
    case undefined:
    case 'help':
    case '--help':
      process.stdout.write(usage);
      return;
    default:
      throw new AppError('SVC0002', [`command "${command}" (serve, migrate, users, wsse)`]);
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  if (error instanceof ConfigError) process.stderr.write(`${error.message}\nRun "imwsi help" for the settings.\n`);
  else if (error instanceof AppError) process.stderr.write(`imwsi: ${error.message}\n`);
  else process.stderr.write(`imwsi: ${(error as Error).stack ?? String(error)}\n`);
  process.exitCode = 1;
});
