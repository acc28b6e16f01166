// parseUtcDateTime: the one reader of WS-Security times (UsernameToken Created, signed Timestamp). Strict
// xsd:dateTime; no zone means UTC, whatever the host's zone; none of Date.parse's looser forms.
import test from 'ava';
import { parseUtcDateTime } from '../../src/kernel/time.js';

const noon = Date.UTC(2026, 10, 30, 12, 0, 0);

test('Z, an offset and no zone at all are read as the same instant when they name it', (t) => {
  t.is(parseUtcDateTime('2026-11-30T12:00:00Z'), noon);
  t.is(parseUtcDateTime('2026-11-30T12:00:00'), noon, 'no zone is UTC');
  t.is(parseUtcDateTime('2026-11-30T12:00:00+00:00'), noon, 'zeep writes +00:00');
  t.is(parseUtcDateTime('2026-11-30T12:00:00-00:00'), noon);
  t.is(parseUtcDateTime('2026-11-30T17:30:00+05:30'), noon);
  t.is(parseUtcDateTime('2026-11-30T07:00:00-05:00'), noon);
  t.is(parseUtcDateTime('2026-12-01T02:00:00+14:00'), noon);
  t.is(parseUtcDateTime('2026-11-30T00:00:00-12:00'), noon);
});

test('fractions of any length are read, truncated to the millisecond', (t) => {
  t.is(parseUtcDateTime('2026-11-30T12:00:00.5Z'), noon + 500);
  t.is(parseUtcDateTime('2026-11-30T12:00:00.25'), noon + 250);
  t.is(parseUtcDateTime('2026-11-30T12:00:00.123Z'), noon + 123);
  t.is(parseUtcDateTime('2026-11-30T12:00:00.123456+00:00'), noon + 123, 'suds writes microseconds');
  t.is(parseUtcDateTime('2026-11-30T12:00:00.999999999Z'), noon + 999);
  t.is(parseUtcDateTime('2026-11-30T12:00:00.0000000000000000000001Z'), noon);
});

test('calendar edges: leap days, 24:00:00, early years, surrounding XML whitespace', (t) => {
  t.is(parseUtcDateTime('2028-02-29T00:00:00Z'), Date.UTC(2028, 1, 29));
  t.is(parseUtcDateTime('2000-02-29T00:00:00Z'), Date.UTC(2000, 1, 29));
  t.is(parseUtcDateTime('2026-11-30T24:00:00Z'), Date.UTC(2026, 11, 1), '24:00:00 is the next midnight');
  t.is(parseUtcDateTime('2026-11-30T24:00:00.000Z'), Date.UTC(2026, 11, 1));
  t.is(parseUtcDateTime('0001-01-01T00:00:00Z'), -62135596800000, 'year 1, not 1901');
  t.is(parseUtcDateTime('9999-12-31T23:59:59.999Z'), 253402300799999);
  t.is(parseUtcDateTime(' \n\t2026-11-30T12:00:00Z\r\n '), noon);
});

test('anything else is refused, including the forms Date.parse accepts', (t) => {
  const invalid = [
    '',
    'yesterday',
    'now',
    '2026-11-30',
    '2026-11',
    '2026-11-30T12:00',
    '2026-11-30T12:00Z',
    '2026-11-30 12:00:00',
    '2026-11-30 12:00:00Z',
    '2026-11-30t12:00:00z',
    '2026-11-30T12:00:00z',
    '2026-11-30T12:00:00 Z',
    '2026-11-30T12:00:00GMT',
    '2026-11-30T12:00:00UTC',
    '2026-11-30T12:00:00.Z',
    '2026-11-30T12:00:00.',
    '2026-11-30T12:00:00,5Z',
    '2026-11-30T12:00:00+0530',
    '2026-11-30T12:00:00+05',
    '2026-11-30T12:00:00+5:30',
    '2026-11-30T12:00:00+15:00',
    '2026-11-30T12:00:00+14:01',
    '2026-11-30T12:00:00+05:60',
    '2026-11-30T12:00:00ZZ',
    '2026-11-30T12:00:00Z+00:00',
    '2026-13-01T00:00:00Z',
    '2026-00-10T00:00:00Z',
    '2026-11-00T00:00:00Z',
    '2026-11-31T00:00:00Z',
    '2026-02-29T00:00:00Z',
    '1900-02-29T00:00:00Z',
    '2026-11-30T25:00:00Z',
    '2026-11-30T24:00:01Z',
    '2026-11-30T24:01:00Z',
    '2026-11-30T24:00:00.5Z',
    '2026-11-30T12:60:00Z',
    '2026-11-30T12:00:60Z',
    '2026-1-30T12:00:00Z',
    '26-11-30T12:00:00Z',
    '0000-01-01T00:00:00Z',
    '-2026-11-30T12:00:00Z',
    '+002026-11-30T12:00:00Z',
    '12026-11-30T12:00:00Z',
    '２０２６-11-30T12:00:00Z',
    '2026-11-30T12:00:00Z\u00a0',
    'Mon, 30 Nov 2026 12:00:00 GMT',
    'Nov 30 2026 12:00:00',
    '11/30/2026',
    '1764504000000',
  ];
  for (const text of invalid) t.is(parseUtcDateTime(text), undefined, JSON.stringify(text));
  // The reason for a parser of our own: Date.parse reads several of these, some in the host's zone.
  for (const text of ['2026-11-30', '2026-11-30 12:00:00', 'Nov 30 2026 12:00:00', '2026-11-30T12:00Z', '2026-02-29T00:00:00Z']) {
    t.false(Number.isNaN(Date.parse(text)), text);
  }
});

test('the result does not depend on the process time zone', (t) => {
  const saved = process.env.TZ;
  t.teardown(() => {
    if (saved === undefined) delete process.env.TZ;
    else process.env.TZ = saved;
  });
  const seen = new Set<number | undefined>();
  const parsed = new Set<number>();
  for (const zone of ['UTC', 'America/New_York', 'Asia/Kolkata', 'Pacific/Kiritimati']) {
    process.env.TZ = zone;
    seen.add(parseUtcDateTime('2026-11-30T12:00:00'));
    parsed.add(Date.parse('2026-11-30T12:00:00'));
  }
  t.deepEqual([...seen], [noon]);
  t.is(parsed.size, 4, 'Date.parse does depend on it (so the zones really changed)');
});
