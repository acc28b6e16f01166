// The notice registry (src/kernel/notices.ts) is the one place a notice type is defined: every registered type
// produces the text clients have always read, carries the fields its type documents, and the README's
// "Notifications" table lists exactly the registered types with those fields and texts.
import { readFileSync } from 'node:fs';
import test from 'ava';
import { type Notification, type NotificationType, noticeText, notices, unacknowledgedExpiry } from '../../src/kernel/notices.js';

interface Case {
  readonly notice: Notification;
  /** The content as a client reads it: unchanged since before the registry (issue 8). */
  readonly text: string;
}

// The group a group notice is about, and the member it names.
const verona = [
  { name: 'groupId', value: 'g1' },
  { name: 'groupName', value: 'Verona' },
];
const romeoInVerona = [...verona, { name: 'screenName', value: 'Romeo' }];

// Every text variant of every type. A new type fails to compile here until it has its cases.
const cases: { readonly [T in NotificationType]: readonly (Case & { readonly notice: { readonly type: T } })[] } = {
  deliveryReport: [
    {
      notice: { type: 'deliveryReport', messageId: 'm-1', address: 'bob@example.com', status: 'delivered' },
      text: 'Your message m-1 was delivered to bob@example.com.',
    },
    {
      notice: { type: 'deliveryReport', messageId: 'm-1', address: 'bob@example.com', status: 'expired', reason: unacknowledgedExpiry },
      text: 'Your message m-1 to bob@example.com expired undelivered.',
    },
    {
      notice: {
        type: 'deliveryReport',
        messageId: 'm-2',
        address: 'x@c.example',
        status: 'expired',
        reason: 'validity period ended before the peer domain accepted it',
      },
      text: 'Your message m-2 to x@c.example was not delivered (expired: validity period ended before the peer domain accepted it).',
    },
    {
      notice: {
        type: 'deliveryReport',
        messageId: 'm-3',
        address: 'x@c.example',
        status: 'failed',
        reason: 'No route to domain c.example',
      },
      text: 'Your message m-3 to x@c.example was not delivered (failed: No route to domain c.example).',
    },
    {
      notice: { type: 'deliveryReport', messageId: 'm-4', address: 'dave@b.example', status: 'failed' },
      text: 'Your message m-4 to dave@b.example was not delivered (failed).',
    },
  ],
  presence: [
    {
      notice: {
        type: 'presence',
        address: 'alice@example.com',
        status: 'away',
        attributes: [
          { name: 'statusText', value: 'at lunch' },
          { name: 'capability', value: 'text' },
          { name: 'ext.mood', value: 'happy' },
        ],
      },
      text: 'alice@example.com is away: at lunch',
    },
    { notice: { type: 'presence', address: 'alice@example.com', status: 'offline', attributes: [] }, text: 'alice@example.com is offline' },
  ],
  subscriptionRequest: [
    {
      notice: {
        type: 'subscriptionRequest',
        address: 'bob@example.com',
        status: 'pending',
        attributes: [{ name: 'alias', value: 'Bobby' }],
      },
      text: 'bob@example.com asks to see your presence.',
    },
  ],
  authorizationRequest: [
    {
      notice: {
        type: 'authorizationRequest',
        address: 'alice@example.com',
        status: 'pending',
        attributes: [{ name: 'addBackInvited', value: 'true' }],
      },
      text: 'alice@example.com would like to add you to a contact list. Is this OK?',
    },
  ],
  subscriptionUpdate: [
    {
      notice: { type: 'subscriptionUpdate', address: 'alice@example.com', status: 'granted', attributes: [] },
      text: 'alice@example.com approved your request.',
    },
    {
      notice: { type: 'subscriptionUpdate', address: 'alice@example.com', status: 'refused', attributes: [] },
      text: 'alice@example.com declined your request.',
    },
  ],
  authorizationResult: [
    {
      notice: {
        type: 'authorizationResult',
        address: 'bob@example.com',
        status: 'granted',
        attributes: [{ name: 'addedBack', value: 'true' }],
      },
      text: 'bob@example.com approved your request.',
    },
    {
      notice: { type: 'authorizationResult', address: 'bob@example.com', status: 'refused', attributes: [] },
      text: 'bob@example.com declined your request.',
    },
  ],
  contactAdded: [
    {
      notice: { type: 'contactAdded', address: 'julia@example.com', attributes: [{ name: 'alias', value: 'Julia' }] },
      text: 'julia@example.com added you to a contact list.',
    },
  ],
  attemptedContact: [
    {
      notice: { type: 'attemptedContact', address: 'bob@example.com', reason: 'unavailable' },
      text: 'Attempted contact from bob@example.com (unavailable).',
    },
    { notice: { type: 'attemptedContact', reason: 'blocked' }, text: 'Attempted contact from someone (blocked).' },
  ],
  groupMessage: [
    {
      notice: {
        type: 'groupMessage',
        status: 'group',
        attributes: romeoInVerona,
      },
      text: 'Romeo wrote in Verona.',
    },
  ],
  groupInvitation: [
    {
      notice: {
        type: 'groupInvitation',
        address: 'romeo@example.com',
        status: 'pending',
        attributes: romeoInVerona,
      },
      text: 'Romeo invites you to Verona.',
    },
  ],
  groupInvitationAnswer: [
    {
      notice: {
        type: 'groupInvitationAnswer',
        address: 'maria@example.com',
        status: 'declined',
        attributes: verona,
      },
      text: 'maria@example.com declined your invitation to Verona.',
    },
  ],
  groupJoinRequest: [
    {
      notice: {
        type: 'groupJoinRequest',
        status: 'pending',
        attributes: romeoInVerona,
      },
      text: 'Romeo asks to join Verona.',
    },
  ],
  groupJoinResult: [
    {
      notice: {
        type: 'groupJoinResult',
        status: 'granted',
        attributes: verona,
      },
      text: 'Your request to join Verona was approved.',
    },
    {
      notice: {
        type: 'groupJoinResult',
        status: 'refused',
        attributes: verona,
      },
      text: 'Your request to join Verona was declined.',
    },
  ],
  groupMember: [
    {
      notice: {
        type: 'groupMember',
        status: 'joined',
        attributes: romeoInVerona,
      },
      text: 'Romeo joined Verona.',
    },
    {
      notice: {
        type: 'groupMember',
        status: 'kicked',
        attributes: romeoInVerona,
      },
      text: 'Romeo was removed from Verona.',
    },
  ],
  groupProperties: [
    {
      notice: {
        type: 'groupProperties',
        status: 'changed',
        attributes: romeoInVerona,
      },
      text: 'Romeo changed the settings of Verona.',
    },
  ],
  groupTyping: [
    {
      notice: {
        type: 'groupTyping',
        status: 'composing',
        attributes: romeoInVerona,
      },
      text: 'Romeo is typing in Verona.',
    },
    {
      notice: {
        type: 'groupTyping',
        status: 'idle',
        attributes: romeoInVerona,
      },
      text: 'Romeo stopped typing in Verona.',
    },
  ],
  groupExpiring: [
    {
      notice: {
        type: 'groupExpiring',
        status: 'expiring',
        attributes: [...verona, { name: 'expiresAt', value: '2026-11-30T18:00:00.000Z' }],
      },
      text: 'Verona ends at 2026-11-30T18:00:00.000Z unless it is extended.',
    },
  ],
  groupClosed: [
    {
      notice: {
        type: 'groupClosed',
        reason: 'everyone left',
        attributes: verona,
      },
      text: 'Verona was closed (everyone left).',
    },
  ],
};

const types = Object.keys(notices) as NotificationType[];
const casesOf = (type: NotificationType): readonly Case[] => cases[type];

/** The wire fields a notice carries besides `type`, by WSDL name, as stored and encoded (absent and empty dropped). */
function wireFields(notice: Notification): string[] {
  return Object.entries(notice).flatMap(([name, value]) => {
    if (name === 'type' || value === undefined) return [];
    if (name === 'attributes') return (value as unknown[]).length > 0 ? ['attribute'] : [];
    return [name];
  });
}

/** A field's value, or an attribute's: what `<name>` stands for in a README text. */
function valueOf(notice: Notification, name: string): string | undefined {
  const field = (notice as unknown as Record<string, unknown>)[name];
  if (typeof field === 'string') return field;
  return ('attributes' in notice ? notice.attributes : []).find((a) => a.name === name)?.value;
}

/** A README text with each `<name>` filled in; a `[...]` part only where its values are present. */
function render(template: string, notice: Notification): string | undefined {
  const names = (part: string) => [...part.matchAll(/<([\w.]+)>/g)].map((m) => m[1]!);
  const present = (part: string) => names(part).every((name) => valueOf(notice, name));
  const chosen = template.replace(/\[([^\]]*)\]/g, (_, part: string) => (present(part) ? part : ''));
  return present(chosen) ? chosen.replace(/<([\w.]+)>/g, (_, name: string) => valueOf(notice, name)!) : undefined;
}

interface Row {
  readonly type: string;
  readonly fields: string[];
  readonly texts: string[];
}

const header = '| `type` | to, when | fields | `content` |';

function readmeTable(): { headers: number; rows: Row[] } {
  const lines = readFileSync(new URL('../../README.md', import.meta.url), 'utf8').split('\n');
  const start = lines.indexOf(header);
  const rows: Row[] = [];
  for (const line of start < 0 ? [] : lines.slice(start + 2)) {
    if (!line.startsWith('|')) break;
    const cells = line
      .split('|')
      .slice(1, -1)
      .map((c) => c.trim());
    const spans = (cell: string) => [...cell.matchAll(/`([^`]+)`/g)].map((m) => m[1]!);
    rows.push({ type: spans(cells[0] ?? '')[0] ?? '', fields: spans(cells[2] ?? ''), texts: spans(cells[3] ?? '') });
  }
  return { headers: lines.filter((l) => l === header).length, rows };
}

test('every registered notice type has its cases here, and nothing else does', (t) => {
  t.deepEqual(Object.keys(cases).sort(), [...types].sort());
});

test('every registered notice type produces its documented text', (t) => {
  for (const type of types) {
    for (const { notice, text } of casesOf(type)) t.is(noticeText(notice), text, type);
  }
});

test('every registered notice type carries the fields its registry entry lists, and the required ones always', (t) => {
  for (const type of types) {
    const listed = notices[type].fields as readonly string[];
    const required = listed.filter((f) => !f.endsWith('?'));
    const allowed = listed.map((f) => f.replace(/\?$/, ''));
    for (const { notice } of casesOf(type)) {
      const fields = wireFields(notice);
      t.deepEqual(
        fields.filter((f) => !allowed.includes(f)),
        [],
        `${type}: undocumented fields`,
      );
      t.deepEqual(
        required.filter((f) => !fields.includes(f)),
        [],
        `${type}: missing required fields`,
      );
    }
  }
});

test('the README lists every notice type in one Notifications table, with its fields and texts, and nothing else', (t) => {
  const { headers, rows } = readmeTable();
  t.is(headers, 1, 'one Notifications table');
  t.deepEqual(
    rows.map((r) => r.type),
    [...types],
    'one row per registered type, in registry order',
  );
  for (const row of rows) {
    const type = row.type as NotificationType;
    if (!(type in notices)) continue;
    t.deepEqual(row.fields, [...notices[type].fields], `${type}: fields`);
    for (const { notice, text } of casesOf(type)) {
      t.true(
        row.texts.some((template) => render(template, notice) === text),
        `${type}: README has the text "${text}"`,
      );
    }
    for (const template of row.texts) {
      t.true(
        casesOf(type).some(({ notice, text }) => render(template, notice) === text),
        `${type}: README text "${template}" is produced`,
      );
    }
  }
});
