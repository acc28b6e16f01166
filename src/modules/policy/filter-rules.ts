// Filters (PP-24, PP-25; docs/operations.md "Filters"): criteria a message is matched against, per recipient,
// and what happens to it. Every criterion given must match.
//
// Patterns are globs, never regular expressions: `*` any run of characters, `?` one character, everything
// else literal, case-insensitive. A user-supplied regular expression can backtrack for ever on a crafted
// message (ReDoS), and every send runs the filters of every recipient; a glob is matched by the two-pointer
// wildcard algorithm in O(pattern x text) steps with no recursion, and both are bounded: patterns to
// `maxPatternChars`, the text searched to its first `scannedChars` characters. Subject and text patterns
// match anywhere ("contains": the pattern is wrapped in `*`); address patterns match the whole address.
import { AppError } from '../../kernel/errors.js';
import { priorities } from '../../kernel/types.js';

export const treatments = ['reject', 'rejectSilent', 'discard', 'store', 'redirect', 'tag'] as const;
export type Treatment = (typeof treatments)[number];

export interface FilterCriteria {
  readonly sender?: string;
  readonly senderDomain?: string;
  readonly recipient?: string;
  /** type/subtype or type/*. */
  readonly contentType?: string;
  readonly minBytes?: number;
  readonly maxBytes?: number;
  /** low | normal | high | urgent (PP-24 4). */
  readonly priority?: string;
  readonly subject?: string;
  readonly text?: string;
  /** Time of day, UTC, "HH:MM-HH:MM"; a range past midnight wraps (22:00-06:00). */
  readonly hours?: string;
  /** The recipient is (true) or is not (false) available: not away, busy or offline in its presence (PP-24 9). */
  readonly recipientAvailable?: boolean;
}

export interface Filter {
  readonly id: number;
  /** Undefined: a system filter (the operator's), which users cannot override. */
  readonly ownerId: number | undefined;
  readonly criteria: FilterCriteria;
  readonly treatment: Treatment;
  /** The redirect address, or the tag. */
  readonly argument: string | undefined;
}

/** What a filter is matched against. */
export interface FilteredMessage {
  readonly sender: string;
  readonly recipient: string;
  readonly contentType: string;
  readonly content: Buffer;
  readonly subject: string | undefined;
  readonly priority: string;
  readonly now: number;
  /** Looked up only when a filter asks (needsAvailability). */
  readonly recipientAvailable?: boolean | undefined;
}

export const maxPatternChars = 100;
export const scannedChars = 4096;

/** Glob match, case-insensitive, iterative (no backtracking beyond the last `*`). */
export function globMatches(pattern: string, text: string): boolean {
  const p = pattern.toLowerCase();
  const s = text.toLowerCase();
  let i = 0;
  let j = 0;
  let star = -1;
  let mark = 0;
  while (i < s.length) {
    if (j < p.length && (p[j] === '?' || p[j] === s[i])) {
      i++;
      j++;
    } else if (j < p.length && p[j] === '*') {
      star = j++;
      mark = i;
    } else if (star >= 0) {
      j = star + 1;
      i = ++mark;
    } else return false;
  }
  while (j < p.length && p[j] === '*') j++;
  return j === p.length;
}

const contains = (pattern: string, text: string) => globMatches(`*${pattern}*`, text.slice(0, scannedChars));

function parseHours(hours: string): [number, number] | undefined {
  const m = /^(\d\d):(\d\d)-(\d\d):(\d\d)$/.exec(hours);
  if (!m) return undefined;
  const [from, to] = [Number(m[1]) * 60 + Number(m[2]), Number(m[3]) * 60 + Number(m[4])];
  return from < 24 * 60 && to <= 24 * 60 ? [from, to] : undefined;
}

function inHours(hours: string, now: number): boolean {
  const [from, to] = parseHours(hours)!;
  const minuteOfDay = Math.floor((now % 86_400_000) / 60_000);
  return from <= to ? minuteOfDay >= from && minuteOfDay < to : minuteOfDay >= from || minuteOfDay < to;
}

/** The bare type/subtype of a Content-Type, lower case. */
export const mediaType = (contentType: string) => contentType.split(';')[0]!.trim().toLowerCase();

/** `type/subtype` against `type/subtype` or `type/*`. */
export const typeMatches = (pattern: string, contentType: string) => {
  const p = pattern.trim().toLowerCase();
  const t = mediaType(contentType);
  return p.endsWith('/*') ? t.startsWith(p.slice(0, -1)) : p === t;
};

export function filterMatches(c: FilterCriteria, m: FilteredMessage): boolean {
  if (c.sender !== undefined && !globMatches(c.sender, m.sender)) return false;
  if (c.senderDomain !== undefined && !globMatches(c.senderDomain, m.sender.slice(m.sender.lastIndexOf('@') + 1))) return false;
  if (c.recipient !== undefined && !globMatches(c.recipient, m.recipient)) return false;
  if (c.contentType !== undefined && !typeMatches(c.contentType, m.contentType)) return false;
  if (c.minBytes !== undefined && m.content.length < c.minBytes) return false;
  if (c.maxBytes !== undefined && m.content.length > c.maxBytes) return false;
  if (c.priority !== undefined && c.priority !== m.priority) return false;
  if (c.subject !== undefined && !contains(c.subject, m.subject ?? '')) return false;
  if (
    c.text !== undefined &&
    !(mediaType(m.contentType).startsWith('text/') && contains(c.text, m.content.subarray(0, scannedChars * 4).toString('utf8')))
  )
    return false;
  if (c.hours !== undefined && !inHours(c.hours, m.now)) return false;
  if (c.recipientAvailable !== undefined && c.recipientAvailable !== m.recipientAvailable) return false;
  return true;
}

/** Whether matching these filters needs the recipient's availability (a presence read). */
export const needsAvailability = (filters: readonly Filter[]) => filters.some((f) => f.criteria.recipientAvailable !== undefined);

function checkFlag(criteria: FilterCriteria): void {
  if (criteria.recipientAvailable !== undefined && typeof criteria.recipientAvailable !== 'boolean')
    throw new AppError('SVC7003', ['recipientAvailable must be true or false']);
}

const patternFields = ['sender', 'senderDomain', 'recipient', 'contentType', 'subject', 'text'] as const;

/** The criteria and treatment checked: SVC7003 says what is wrong. */
export function checkFilter(criteria: FilterCriteria, treatment: string, argument: string | undefined): Treatment {
  const given = Object.values(criteria).filter((v) => v !== undefined);
  if (given.length === 0) throw new AppError('SVC7003', ['give at least one criterion']);
  for (const field of patternFields) {
    const value = criteria[field];
    if (value !== undefined && (value.length === 0 || value.length > maxPatternChars))
      throw new AppError('SVC7003', [`${field} must hold 1 to ${maxPatternChars} characters`]);
  }
  for (const field of ['minBytes', 'maxBytes'] as const) {
    const value = criteria[field];
    if (value !== undefined && (!Number.isSafeInteger(value) || value < 0))
      throw new AppError('SVC7003', [`${field} must be a whole number >= 0`]);
  }
  if (criteria.hours !== undefined && !parseHours(criteria.hours))
    throw new AppError('SVC7003', ['hours must look like 22:00-06:00 (UTC)']);
  checkFlag(criteria);
  if (criteria.priority !== undefined && !(priorities as readonly string[]).includes(criteria.priority))
    throw new AppError('SVC7003', [`priority must be one of ${priorities.join(', ')}`]);
  if (!(treatments as readonly string[]).includes(treatment))
    throw new AppError('SVC7003', [`treatment must be one of ${treatments.join(', ')}`]);
  const takesArgument = treatment === 'redirect' || treatment === 'tag';
  if (takesArgument !== (argument !== undefined && argument.trim() !== ''))
    throw new AppError('SVC7003', ['a redirect needs an address, a tag needs its text (and no other treatment takes one)']);
  if (treatment === 'tag' && (argument!.length > 64 || /[\u0000-\u001f]/.test(argument!)))
    throw new AppError('SVC7003', ['a tag holds at most 64 characters, no control characters']);
  return treatment as Treatment;
}
