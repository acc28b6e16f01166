// Usage records as a billing system reads them: CSV (RFC 4180, one header line) or JSON Lines. The column
// names are the field names of docs/operations.md "Usage records".
import { isoTime } from '../../kernel/time.js';
import type { UsageRecord } from './usage-types.js';

export type UsageFormat = 'csv' | 'jsonl';
export const usageFormats: readonly UsageFormat[] = ['csv', 'jsonl'];

/** One record as flat fields, in column order. */
export function usageFields(r: UsageRecord) {
  return {
    recordId: r.id,
    correlationId: r.correlationId,
    event: r.event,
    serviceType: r.serviceType,
    chargedParty: r.chargedParty,
    subscriberId: r.subscriber?.id ?? '',
    subscriberType: r.subscriber?.type ?? '',
    otherParties: r.otherParties.join(' '),
    time: isoTime(r.at),
    contentType: r.contentType ?? '',
    sizeBytes: r.sizeBytes,
    sentCount: r.sentCount,
    sentOk: r.sentOk,
    explodedCount: r.explodedCount,
    explodedOk: r.explodedOk,
    peerDomain: r.peerDomain ?? '',
    outcome: r.outcome ?? '',
    charge: r.charge,
  };
}

export const usageColumns = Object.keys(usageFields({ id: 0, otherParties: [], at: 0 } as unknown as UsageRecord));

const csvCell = (value: string | number): string => {
  const text = String(value);
  // A leading = + - @ would run as a formula in a spreadsheet: quoted with a ' before it (OWASP CSV
  // injection). A plain number (+15550100001, an E.164 subscriber id) is no formula and stays as it is.
  const formula = /^[=+\-@\t\r]/.test(text) && !/^[+-]\d+$/.test(text);
  const safe = formula && typeof value === 'string' ? `'${text}` : text;
  return /[",\r\n']/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
};

export const usageCsvHeader = (): string => usageColumns.join(',') + '\r\n';

export function formatUsage(record: UsageRecord, format: UsageFormat): string {
  const fields = usageFields(record);
  if (format === 'jsonl') return JSON.stringify({ ...fields, otherParties: record.otherParties }) + '\n';
  return Object.values(fields).map(csvCell).join(',') + '\r\n';
}
