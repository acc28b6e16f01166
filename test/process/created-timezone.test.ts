// A UsernameToken Created without a zone is read as UTC by a real `imwsi serve` process, whatever the host's
// TZ: the same requests are accepted or refused under UTC, America/New_York and Asia/Kolkata. (It used to be
// read by Date.parse in the server's local time, so UTC wall-clock time without a zone was refused in New
// York and Kolkata wall-clock time was accepted in Kolkata.)
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import test from 'ava';
import { tempDir } from '../helpers/gateway.js';
import { imwsi, serve } from '../helpers/process.js';
import { envelope, faultCode, post } from '../helpers/raw.js';
import { password } from '../helpers/gateway.js';

const user = 'bob@example.com';
const windowSeconds = 300;
const zones = ['UTC', 'America/New_York', 'Asia/Kolkata'] as const;

/** xsd:dateTime of `ms` in UTC without a zone, as old stacks write it (suds with datetime.utcnow(), gmdate without Z). */
const zoneless = (ms: number, fraction = true) => new Date(ms).toISOString().slice(0, fraction ? -1 : -5);

/** The wall-clock time of `zone` at `ms`, without a zone: what Date.parse on a host in that zone reads as `ms`. */
function wallClock(zone: string, ms: number): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    })
      .formatToParts(ms)
      .map((part) => [part.type, part.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}:${parts.second}`;
}

/** Date.parse of `text` in a node process running under `zone` (how the gateway used to read it). */
function dateParseIn(zone: string, text: string): number {
  const result = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(Date.parse(process.argv[1])))', text], {
    encoding: 'utf8',
    env: { ...process.env, TZ: zone },
  });
  return Number(result.stdout);
}

/** Each request's Created (computed when sent) and the outcome expected under every zone. */
const cases: readonly { name: string; created: (zone: string) => string; outcome: string }[] = [
  { name: 'UTC now with Z', created: () => new Date().toISOString(), outcome: 'accepted' },
  { name: 'UTC now, no zone', created: () => zoneless(Date.now()), outcome: 'accepted' },
  { name: 'UTC now, no zone, whole seconds', created: () => zoneless(Date.now(), false), outcome: 'accepted' },
  { name: 'UTC 2 minutes ago, no zone', created: () => zoneless(Date.now() - 120_000), outcome: 'accepted' },
  { name: 'UTC 10 minutes ago, no zone', created: () => zoneless(Date.now() - 600_000), outcome: 'SVC1104' },
  { name: 'UTC in 10 minutes, no zone', created: () => zoneless(Date.now() + 600_000), outcome: 'SVC1104' },
  { name: 'now in Kolkata with its offset', created: () => `${wallClock('Asia/Kolkata', Date.now())}+05:30`, outcome: 'accepted' },
  { name: 'not an xsd:dateTime', created: () => zoneless(Date.now()).replace('T', ' '), outcome: 'SVC1106' },
];

for (const zone of zones) {
  test(`under TZ=${zone} a Created without a zone is read as UTC`, async (t) => {
    const flags = ['--db', join(tempDir(), 'tz.sqlite'), '--domain', 'example.com', '--created-window-seconds', String(windowSeconds)];
    const added = imwsi(['users', 'add', user, '--password', password(user), ...flags]);
    t.is(added.status, 0, added.stderr);
    const server = await serve(flags, { TZ: zone });
    t.teardown(() => server.stop());

    const outcome = async (created: string) => {
      const response = await post(
        `${server.url}/wsi/InstantMessaging`,
        envelope('GetMessages', '<im:maxMessages>1</im:maxMessages>', { user, created }),
      );
      return response.status === 200 ? 'accepted' : (faultCode(response.body) ?? `HTTP ${response.status}`);
    };
    for (const { name, created, outcome: expected } of cases) {
      const text = created(zone);
      t.is(await outcome(text), expected, `${name}: ${text}`);
    }

    if (zone === 'UTC') return;
    // The host's wall-clock time without a zone is what Date.parse there read as "now": refused, as under UTC.
    const local = wallClock(zone, Date.now());
    t.true(Math.abs(dateParseIn(zone, local) - Date.now()) < 5_000, `TZ=${zone} is in effect for a node child process`);
    t.is(await outcome(local), 'SVC1104', `wall-clock time of ${zone} without a zone: ${local}`);
  });
}
