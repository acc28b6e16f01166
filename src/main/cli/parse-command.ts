// argv -> the command to run and its input, with node:util parseArgs (strict: an unknown option or a
// missing value is a usage error, never silently ignored). Settings are options of every command that
// takes them, so `imwsi users list --db x` and `imwsi users list --bogus` are told apart here.
import { parseArgs } from 'node:util';
import { configFromFlags, flagName, settings } from '../../platform/config.js';
import { type Command, type CommandEntry, type CommandInput, UsageError, isGroup } from './command.js';

type ParseOptions = NonNullable<Parameters<typeof parseArgs>[0]>['options'];

export type Parsed =
  | { readonly kind: 'help'; readonly path: readonly string[] }
  | { readonly kind: 'version' }
  | { readonly kind: 'run'; readonly command: Command; readonly line: string; readonly input: CommandInput };

/** The settings as parseArgs options: booleans are switches (`--demo`), the rest take a value. */
function settingOptions(): ParseOptions {
  const options: ParseOptions = { config: { type: 'string' } };
  for (const s of settings) options[flagName(s)] = { type: s.kind === 'bool' ? 'boolean' : 'string' };
  return options;
}

function optionsOf(command: Command): ParseOptions {
  const options: ParseOptions = { help: { type: 'boolean', short: 'h' } };
  if (command.settings !== false) Object.assign(options, settingOptions());
  for (const [name, spec] of Object.entries(command.options ?? {})) options[name] = { type: spec.type };
  return options;
}

function parseCommand(command: Command, line: string, argv: readonly string[], env: NodeJS.ProcessEnv): Parsed {
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args: [...argv], options: optionsOf(command), allowPositionals: true, strict: true });
  } catch (error) {
    // parseArgs says e.g. "Unknown option '--bogus'"; the usage line says what is accepted.
    throw new UsageError((error as Error).message.split('. ')[0]!, line);
  }
  const values = new Map(Object.entries(parsed.values));
  if (values.get('help') === true) return { kind: 'help', path: line.split(' ').slice(1) };
  const declared = command.args ?? [];
  const required = declared.filter((a) => a.startsWith('<')).length;
  if (parsed.positionals.length < required) throw new UsageError(`missing ${declared[parsed.positionals.length]}`, line);
  if (parsed.positionals.length > declared.length)
    throw new UsageError(`unexpected argument "${parsed.positionals[declared.length]}"`, line);
  const own = new Set(Object.keys(command.options ?? {}));
  const options = new Map<string, string | boolean>();
  const flags = new Map<string, string>();
  for (const [name, value] of values) {
    if (name === 'help' || value === undefined || Array.isArray(value)) continue;
    if (own.has(name)) options.set(name, value);
    else flags.set(name, String(value));
  }
  return { kind: 'run', command, line, input: { args: parsed.positionals, options, config: () => configFromFlags(env, flags) } };
}

/** Reads argv against the command table; throws UsageError for an unknown command or option. */
export function parseCommandLine(entries: readonly CommandEntry[], argv: readonly string[], env: NodeJS.ProcessEnv): Parsed {
  const [first, ...rest] = argv;
  if (first === undefined || first === '--help' || first === '-h') return { kind: 'help', path: [] };
  if (first === 'help') return { kind: 'help', path: rest };
  if (first === '--version' || first === '-v') return { kind: 'version' };
  const entry = entries.find((e) => e.name === first);
  if (!entry) throw new UsageError(`unknown command "${first}"`);
  if (!isGroup(entry)) return parseCommand(entry, `imwsi ${entry.name}`, rest, env);
  const [second, ...tail] = rest;
  if (second === undefined || second === '--help' || second === '-h') return { kind: 'help', path: [entry.name] };
  const command = entry.commands.find((c) => c.name === second);
  if (!command) throw new UsageError(`unknown command "${entry.name} ${second}"`, `imwsi ${entry.name}`);
  return parseCommand(command, `imwsi ${entry.name} ${command.name}`, tail, env);
}
