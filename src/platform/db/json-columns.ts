// Small JSON-in-text columns (lists of strings, name/value pairs), parsed defensively.
import type { NameValue } from '../../kernel/social-types.js';

export function parseNameValues(text: string | null | undefined): NameValue[] {
  if (!text) return [];
  const parsed: unknown = JSON.parse(text);
  return Array.isArray(parsed) ? (parsed as NameValue[]) : [];
}

export function parseStrings(text: string | null | undefined): string[] {
  if (!text) return [];
  const parsed: unknown = JSON.parse(text);
  return Array.isArray(parsed) ? parsed.map(String) : [];
}

/** Splits a list for `whereIn`, so big lists stay under SQLite's bound-variable limit. */
export function chunks<T>(items: readonly T[], size = 500): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
