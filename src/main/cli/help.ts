// The --help texts, generated from the command table (command.ts) and the settings table (config.ts).
import { envName, flagName, settings } from '../../platform/config.js';
import { type Command, type CommandEntry, type CommandGroup, UsageError, isGroup } from './command.js';

const indent = (lines: readonly string[]): string => lines.map((l) => `  ${l}`).join('\n');

/** Rows of cells aligned in columns; the last cell is not padded. */
export function columns(rows: readonly (readonly string[])[]): string[] {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]?.length ?? 0)));
  return rows.map((r) => r.map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i]!))).join('  '));
}

function synopsis(line: string, command: Command): string {
  const hasOptions = Object.keys(command.options ?? {}).length > 0 || command.settings !== false;
  return [line, ...(command.args ?? []), ...(hasOptions ? ['[options]'] : [])].join(' ');
}

function commandHelp(line: string, command: Command): string {
  const options: (readonly string[])[] = Object.entries(command.options ?? {}).map(
    ([name, spec]) => [`--${name}${spec.type === 'string' ? ` ${spec.value ?? 'VALUE'}` : ''}`, spec.help] as const,
  );
  options.push(['-h, --help', 'show this help']);
  const parts = [`Usage: ${synopsis(line, command)}`, '', command.summary];
  if (command.details) parts.push('', ...command.details);
  parts.push('', 'Options:', indent(columns(options)));
  if (command.settings !== false)
    parts.push('', 'Settings such as --db, --domain, --db-client, --db-url and --config FILE apply too: `imwsi help settings`.');
  return parts.join('\n') + '\n';
}

function groupHelp(group: CommandGroup): string {
  const rows = group.commands.map((c) => [synopsis(`imwsi ${group.name} ${c.name}`, c), c.summary] as const);
  return [
    `Usage: imwsi ${group.name} <command> [options]`,
    '',
    group.summary,
    '',
    'Commands:',
    indent(columns(rows)),
    '',
    `\`imwsi ${group.name} <command> --help\` tells more.`,
  ]
    .join('\n')
    .concat('\n');
}

function overview(entries: readonly CommandEntry[]): string {
  const rows = entries.map((e) => [isGroup(e) ? `${e.name} <command>` : e.name, e.summary] as const);
  return [
    'imwsi — Instant Messaging WSI gateway',
    '',
    'Usage: imwsi <command> [options]',
    '',
    'Commands:',
    indent(columns(rows)),
    '',
    '`imwsi <command> --help` tells more; `imwsi help settings` lists every setting; `imwsi --version`.',
    'Exit status: 0 done, 1 failed (what to do is printed), 2 the command line or the settings are wrong.',
  ]
    .join('\n')
    .concat('\n');
}

/** Every setting with its flag, environment variable and default (README "Configuration"). */
export function settingsHelp(): string {
  const rows = settings.map((s) => [`--${flagName(s)}`, envName(s), `${s.help} (default: ${JSON.stringify(s.default) ?? 'none'})`]);
  rows.push(['--config FILE', 'IMWSI_CONFIG', 'a JSON file with the same settings, nested as their paths (db.filename ...)']);
  return ['Settings (flag, environment variable; flags win over the environment, which wins over the file):', indent(columns(rows))]
    .join('\n')
    .concat('\n');
}

/** The help for `imwsi help [path...]` or `imwsi <path...> --help`. */
export function helpText(entries: readonly CommandEntry[], path: readonly string[]): string {
  const [first, second] = path;
  if (first === undefined) return overview(entries);
  if (first === 'settings') return settingsHelp();
  const entry = entries.find((e) => e.name === first);
  if (!entry) throw new UsageError(`unknown command "${first}"`);
  if (!isGroup(entry)) return commandHelp(`imwsi ${entry.name}`, entry);
  if (second === undefined) return groupHelp(entry);
  const command = entry.commands.find((c) => c.name === second);
  if (!command) throw new UsageError(`unknown command "${first} ${second}"`, `imwsi ${first}`);
  return commandHelp(`imwsi ${entry.name} ${command.name}`, command);
}
