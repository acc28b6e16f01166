// Small JSON-in-text columns (lists of strings, name/value pairs, a notice's fields), parsed defensively.
import type { NameValue } from '../../kernel/social-types.js';
import type { Notification } from '../../kernel/types.js';

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

/** messages.notification: the fields of a notice as written by toMessageRow, or null for a user message. */
export const parseNotification = (text: string | null): Notification | undefined => (text ? (JSON.parse(text) as Notification) : undefined);
