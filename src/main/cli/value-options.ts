// Option values several command groups read the same way: times (usage export, audit list) and whole numbers.
import { parseUtcDateTime } from '../../kernel/time.js';
import { type CommandInput, UsageError, stringOption } from './command.js';

/** `2026-11-30` (that day's first instant, UTC) or an xsd:dateTime. */
export function timeOption(input: CommandInput, name: string, help: string): number | undefined {
  const given = stringOption(input, name);
  if (given === undefined) return undefined;
  const at = parseUtcDateTime(/^\d{4}-\d{2}-\d{2}$/.test(given) ? `${given}T00:00:00Z` : given);
  if (at === undefined) throw new UsageError(`--${name} must be a date (2026-11-30) or a UTC time (2026-11-30T12:00:00Z)`, help);
  return at;
}

export function wholeNumber(input: CommandInput, name: string, help: string, allowNegative = false): number | undefined {
  const given = stringOption(input, name);
  if (given === undefined) return undefined;
  if (!(allowNegative ? /^-?\d{1,15}$/ : /^\d{1,15}$/).test(given)) throw new UsageError(`--${name} must be a whole number`, help);
  return Number(given);
}
