// Times are epoch milliseconds inside; ISO 8601 where a person or a notice attribute reads them.
export const isoTime = (ms: number): string => new Date(ms).toISOString();

// xsd:dateTime as WS-Security writes it: YYYY-MM-DDThh:mm:ss(.s+)?(Z|±hh:mm)?, nothing looser.
const dateTimeForm = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(?:Z|([+-])(\d{2}):(\d{2}))?$/;
const xmlSpace = /^[ \t\n\r]+|[ \t\n\r]+$/g;

function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/**
 * Epoch milliseconds of an xsd:dateTime (surrounding XML whitespace allowed, fractions truncated to the
 * millisecond), or undefined if `text` is not one. A time without a zone is read as UTC, never in the
 * host's zone: WS-Security 1.0 times are UTC, and clients that leave the zone off write UTC wall-clock time.
 * Unlike Date.parse, no other form ("2026-11-30", "Nov 30 2026", "2026-11-30 10:00") is accepted.
 */
export function parseUtcDateTime(text: string): number | undefined {
  const match = dateTimeForm.exec(text.replace(xmlSpace, ''));
  if (!match) return undefined;
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  const fraction = match[7] ?? '';
  const [sign, offsetHours, offsetMinutes] = [match[8], Number(match[9]), Number(match[10])];
  if (year < 1 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  // 24:00:00 is the first instant of the next day (xsd:dateTime allows it).
  const endOfDay = hour === 24 && minute === 0 && second === 0 && !/[1-9]/.test(fraction);
  if ((hour > 23 && !endOfDay) || minute > 59 || second > 59) return undefined;
  if (sign !== undefined && (offsetMinutes > 59 || offsetHours > 14 || (offsetHours === 14 && offsetMinutes > 0))) return undefined;
  const at = new Date(0);
  at.setUTCFullYear(year, month - 1, day); // not Date.UTC, which reads years 0-99 as 1900-1999
  at.setUTCHours(hour, minute, second, Number(fraction.padEnd(3, '0').slice(0, 3)));
  const offset = sign === undefined ? 0 : (sign === '-' ? -1 : 1) * (offsetHours * 60 + offsetMinutes) * 60_000;
  return at.getTime() - offset;
}
