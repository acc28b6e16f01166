// The signed wsu:Timestamp is read like the UsernameToken's Created (src/kernel/time.ts): strict xsd:dateTime,
// and Created/Expires without a zone are UTC, so the verdict is the same whatever the gateway host's zone.
import test from 'ava';
import { AppError } from '../../src/kernel/errors.js';
import { verifyMessageSignature } from '../../src/platform/auth/message-signature.js';
import { envelope } from '../helpers/raw.js';
import { makeKeyPair, signEnvelope } from '../helpers/signing.js';

const soap11 = 'http://schemas.xmlsoap.org/soap/envelope/';
const wsu = 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd';
const policy = { clockSkewSeconds: 300, maxTimestampLifetimeSeconds: 900 };
const now = Date.UTC(2026, 10, 30, 12, 0, 0);
const pair = makeKeyPair('timestamp');

function signed(created: string, expires: string): string {
  const timestamp = `<wsu:Timestamp xmlns:wsu="${wsu}"><wsu:Created>${created}</wsu:Created><wsu:Expires>${expires}</wsu:Expires></wsu:Timestamp>`;
  const xml = envelope('GetMessages', '', { user: 'game@example.com' }).replace('</wsse:Security>', `${timestamp}</wsse:Security>`);
  return signEnvelope(xml, pair);
}

function verdict(xml: string): string {
  try {
    verifyMessageSignature(xml, soap11, pair.cert, now, policy);
    return 'accepted';
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    return `${error.code}: ${error.variables.join(' ')}`;
  }
}

// [Created, Expires, verdict at 2026-11-30T12:00:00Z]
const cases: readonly [string, string, string][] = [
  ['2026-11-30T12:00:00Z', '2026-11-30T12:05:00Z', 'accepted'],
  ['2026-11-30T12:00:00', '2026-11-30T12:05:00', 'accepted'],
  ['2026-11-30T12:00:00.250', '2026-11-30T12:05:00.250', 'accepted'],
  ['2026-11-30T17:30:00+05:30', '2026-11-30T07:05:00-05:00', 'accepted'],
  ['2026-11-30T12:00:00', '2026-11-30T12:05:00Z', 'accepted'],
  // Kolkata's wall-clock time without a zone: Date.parse in Asia/Kolkata used to accept it.
  ['2026-11-30T17:30:00', '2026-11-30T17:35:00', 'SVC1109: Created is in the future'],
  // New York's wall-clock time without a zone: Date.parse in America/New_York used to accept it.
  ['2026-11-30T07:00:00', '2026-11-30T07:05:00', 'SVC1109: the Timestamp has expired'],
  ['2026-11-30T12:00:00', '2026-11-30T13:00:00', 'SVC1109: the Timestamp lives longer than 900 s'],
  ['2026-11-30', '2026-11-30T12:05:00Z', 'SVC1109: Created and Expires are required xsd:dateTime values'],
  ['2026-11-30T12:00:00Z', 'Mon, 30 Nov 2026 12:05:00 GMT', 'SVC1109: Created and Expires are required xsd:dateTime values'],
  ['2026-11-30 12:00:00', '2026-11-30 12:05:00', 'SVC1109: Created and Expires are required xsd:dateTime values'],
  ['yesterday', 'tomorrow', 'SVC1109: Created and Expires are required xsd:dateTime values'],
];
const envelopes = cases.map(([created, expires]) => signed(created, expires));

test('a signed Timestamp without a zone gets the same verdict under any process time zone', (t) => {
  const saved = process.env.TZ;
  t.teardown(() => {
    if (saved === undefined) delete process.env.TZ;
    else process.env.TZ = saved;
  });
  for (const [zone, offsetMinutes] of [
    ['UTC', 0],
    ['America/New_York', 300],
    ['Asia/Kolkata', -330],
  ] as const) {
    process.env.TZ = zone;
    t.is(new Date(now).getTimezoneOffset(), offsetMinutes, `${zone} is in effect`);
    cases.forEach(([created, expires, expected], i) => t.is(verdict(envelopes[i]!), expected, `${zone}: ${created} .. ${expires}`));
  }
});
