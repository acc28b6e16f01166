// What went wrong, in the operator's words, and the exit status (README "The imwsi command"): the services
// throw the same AppErrors as SOAP (whose texts speak of message parts and recipients); an operator at a
// shell gets a sentence that names the thing and says what to do.
import { AppError } from '../../kernel/errors.js';
import { ConfigError } from '../../platform/config.js';
import { StartupError } from '../../platform/startup-error.js';
import { UsageError } from './command.js';

/** 1: the command was understood and failed; 2: the command line or the settings are wrong. */
export const exitFailure = 1;
export const exitUsage = 2;

/** SVC0002's variable is `part (detail)`: a few details have a sentence of their own. */
function invalidInput(variable: string): string {
  const detailed = /^(\S+) \((.*)\)$/s.exec(variable);
  if (!detailed) return `invalid ${variable}`;
  const [, part, detail] = detailed as unknown as [string, string, string];
  const exists = /^(.*) exists$/.exec(detail);
  if (part === 'address' && exists) return `${exists[1]} already exists: see \`imwsi users list\``;
  const other = /^(.*) exists with another number$/.exec(detail);
  if (part === 'address' && other) return `${other[1]} already exists with another number: see \`imwsi users list\``;
  const taken = /^(.*) is taken$/.exec(detail);
  if (part === 'msisdn' && taken) return `${taken[1]} is already the number of another account: see \`imwsi users list\``;
  return `${part}: ${detail}`;
}

const sentences = new Map<string, (v: readonly string[]) => string>([
  ['SVC0002', ([v = '']) => invalidInput(v)],
  ['SVC2002', ([address]) => `no account ${address}: see \`imwsi users list\``],
  ['SVC2003', ([address]) => `${address} is not an IM address: write user@domain`],
  ['SVC2004', ([domain]) => `${domain} is not a hosted domain: add it to --domain (every hosted domain, comma-separated)`],
  ['SVC4002', ([domain]) => `no peer ${domain}: see \`imwsi peers list\``],
  ['SVC4003', ([domain]) => `${domain} is hosted here: a peer routes another provider's domain`],
  ['SVC4004', ([url]) => `${url} is not a peer endpoint: give its http(s) URL, e.g. https://peer.example/wsi/InstantMessaging`],
  ['SVC4006', ([entry, why]) => `directory entry ${entry}: ${why}`],
  ['SVC5001', ([group]) => `no open group ${group}: see \`imwsi groups list --all\``],
  ['SVC5012', ([address]) => `${address} is not banned from public chat: nothing to lift`],
]);

export interface Failure {
  readonly message: string;
  readonly status: number;
}

/** One line (or the list of configuration problems) for stderr, and the exit status. */
export function describeFailure(error: unknown): Failure {
  if (error instanceof UsageError) return { message: `imwsi: ${error.message}\nSee \`${error.helpFor} --help\`.`, status: exitUsage };
  if (error instanceof ConfigError) return { message: `${error.message}\nSee \`imwsi help settings\`.`, status: exitUsage };
  if (error instanceof AppError) {
    const sentence = sentences.get(error.code);
    return { message: `imwsi: ${sentence ? sentence(error.variables) : error.message}`, status: exitFailure };
  }
  if (error instanceof StartupError) return { message: `imwsi: ${error.message}`, status: exitFailure };
  return { message: `imwsi: ${error instanceof Error ? error.message : String(error)}`, status: exitFailure };
}
