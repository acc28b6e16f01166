// What a CLI command is (README "The imwsi command"): a name, its arguments and options, and what it runs.
// Each command group (users, peers, ...) is one file of these; parse-command.ts reads argv with node:util
// parseArgs against them, help.ts prints them, so the usage text can never drift from what is accepted.
import type { Config } from '../../platform/config.js';

/** The operator typed something the command does not accept: exit status 2, with the command's usage. */
export class UsageError extends Error {
  constructor(
    message: string,
    /** The command line whose --help shows what is accepted, e.g. `imwsi users add`. */
    readonly helpFor = 'imwsi',
  ) {
    super(message);
    this.name = 'UsageError';
  }
}

export interface OptionSpec {
  readonly type: 'string' | 'boolean';
  /** For a string option: how its value is shown in help (`P`, `FILE`, `URL`). */
  readonly value?: string;
  readonly help: string;
}

export interface CommandInput {
  /** The positional arguments, as many as `args` declares (required ones are present). */
  readonly args: readonly string[];
  /** The command's own options that were given. */
  readonly options: ReadonlyMap<string, string | boolean>;
  /** The settings (flags, IMWSI_* variables, --config file); throws ConfigError when they are wrong. */
  config(): Config;
}

export interface Command {
  readonly name: string;
  readonly summary: string;
  /** Positional arguments in order: `<name>` is required, `[name]` optional. */
  readonly args?: readonly string[];
  readonly options?: Readonly<Record<string, OptionSpec>>;
  /** Whether the gateway's settings (--db, --domain, --config ...) apply; true unless said otherwise. */
  readonly settings?: boolean;
  /** Lines shown under the usage in --help: examples, what happens. */
  readonly details?: readonly string[];
  run(input: CommandInput): Promise<void>;
}

/** A command with subcommands: `imwsi users add ...`. */
export interface CommandGroup {
  readonly name: string;
  readonly summary: string;
  readonly commands: readonly Command[];
}

export type CommandEntry = Command | CommandGroup;

export const isGroup = (entry: CommandEntry): entry is CommandGroup => 'commands' in entry;

/** The string value of an option, if given. */
export function stringOption(input: CommandInput, name: string): string | undefined {
  const value = input.options.get(name);
  return typeof value === 'string' ? value : undefined;
}
