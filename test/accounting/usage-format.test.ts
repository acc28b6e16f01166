// The CSV a billing system (or a spreadsheet) reads: quoted where needed, and a value that a spreadsheet
// would run as a formula is defused, while an E.164 number stays a number.
import test from 'ava';
import { formatUsage, type UsageRecord } from '../../src/modules/accounting/index.js';

const record = (overrides: Partial<UsageRecord>): UsageRecord => ({
  id: 7,
  correlationId: 'c',
  event: 'message-sent',
  serviceType: 'SENDING',
  chargedParty: 'alice@example.com',
  subscriber: { id: '+15550100001', type: 'E164' },
  otherParties: ['bob@example.com', 'carol@example.com'],
  at: Date.UTC(2026, 10, 30, 12),
  contentType: 'text/plain; charset="utf-8"',
  sizeBytes: 5,
  sentCount: 1,
  sentOk: 1,
  explodedCount: 2,
  explodedOk: 2,
  peerDomain: undefined,
  outcome: undefined,
  charge: 4,
  ...overrides,
});

test('CSV: quotes doubled, E.164 kept, a formula defused; JSON Lines keeps the list', (t) => {
  t.is(
    formatUsage(record({}), 'csv'),
    '7,c,message-sent,SENDING,alice@example.com,+15550100001,E164,bob@example.com carol@example.com,2026-11-30T12:00:00.000Z,"text/plain; charset=""utf-8""",5,1,1,2,2,,,4\r\n',
  );
  t.regex(formatUsage(record({ subscriber: { id: '=HYPERLINK("x")', type: 'PRIVATE' } }), 'csv'), /,"'=HYPERLINK\(""x""\)",PRIVATE,/);
  const json = JSON.parse(formatUsage(record({}), 'jsonl')) as { otherParties: string[]; recordId: number };
  t.deepEqual(json.otherParties, ['bob@example.com', 'carol@example.com']);
  t.is(json.recordId, 7);
});
