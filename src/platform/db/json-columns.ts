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
