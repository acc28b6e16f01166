// Filter patterns are globs matched without backtracking blow-up (docs/operations.md "Filters": no
// user-supplied regex is ever run), and each criterion matches as documented.
import test from 'ava';
import { checkFilter, filterMatches, globMatches, maxPatternChars, scannedChars } from '../../src/modules/policy/filter-rules.js';

test('globs: * any run, ? one character, everything else literal, case-insensitive', (t) => {
  t.true(globMatches('*@spam.example', 'Eve@SPAM.example'));
  t.false(globMatches('*@spam.example', 'eve@spam.example.org'));
  t.true(globMatches('b?b@*', 'bob@example.com'));
  t.false(globMatches('b?b@*', 'boob@example.com'));
  t.true(globMatches('a.c', 'a.c'));
  t.false(globMatches('a.c', 'abc'), 'a dot is a dot, not a regex wildcard');
  t.true(globMatches('(x+)+y', '(x+)+y'), 'regex syntax is literal text');
  t.true(globMatches('**', ''));
});

test('a pattern built to make a backtracking matcher explode is matched in bounded steps', (t) => {
  const pattern = `${'*a'.repeat(maxPatternChars / 2 - 1)}*b`;
  const text = 'a'.repeat(scannedChars);
  t.false(globMatches(pattern, text));
  t.true(globMatches(pattern, text + 'b'));
});

test('each criterion: sender, domain, recipient, type, size bounds, subject and text contain, hours wrap midnight', (t) => {
  const at = (hhmm: string) => Date.parse(`2026-11-30T${hhmm}:00Z`);
  const message = {
    sender: 'eve@spam.example',
    recipient: 'bob@example.com',
    contentType: 'text/plain; charset=utf-8',
    content: Buffer.from('win a prize now'),
    subject: 'Lottery!',
    priority: 'normal',
    now: at('23:30'),
  };
  const matches = (criteria: object, overrides: object = {}) => filterMatches(criteria, { ...message, ...overrides });
  t.true(matches({ senderDomain: 'spam.example', recipient: 'bob@*' }));
  t.false(matches({ senderDomain: 'spam.example', recipient: 'carol@*' }), 'every criterion must match');
  t.true(matches({ contentType: 'text/*' }));
  t.false(matches({ contentType: 'text/html' }));
  t.true(matches({ minBytes: 15, maxBytes: 15 }));
  t.false(matches({ minBytes: 16 }));
  t.false(matches({ maxBytes: 14 }));
  t.true(matches({ subject: 'lottery' }));
  t.true(matches({ priority: 'normal' }));
  t.false(matches({ priority: 'urgent' }));
  t.true(matches({ text: 'a pri?e' }));
  t.false(matches({ text: 'prize' }, { contentType: 'application/octet-stream' }), 'text is matched in text/* content only');
  t.true(matches({ hours: '22:00-06:00' }));
  t.true(matches({ hours: '22:00-06:00' }, { now: at('05:59') }));
  t.false(matches({ hours: '22:00-06:00' }, { now: at('06:00') }));
});

test('a filter is checked whole: SVC7003 says what is wrong', (t) => {
  const problem = (fn: () => unknown) => (t.throws(fn) as Error).message;
  t.is(
    problem(() => checkFilter({}, 'reject', undefined)),
    'Invalid filter: give at least one criterion',
  );
  t.regex(
    problem(() => checkFilter({ subject: 'x'.repeat(maxPatternChars + 1) }, 'reject', undefined)),
    /subject must hold 1 to 100 characters/,
  );
  t.regex(
    problem(() => checkFilter({ hours: '25:00-26:00' }, 'reject', undefined)),
    /hours must look like 22:00-06:00/,
  );
  t.regex(
    problem(() => checkFilter({ minBytes: -1 }, 'reject', undefined)),
    /minBytes must be a whole number/,
  );
  t.regex(
    problem(() => checkFilter({ subject: 'x' }, 'bounce', undefined)),
    /treatment must be one of reject, rejectSilent, discard, store, redirect, tag/,
  );
  t.regex(
    problem(() => checkFilter({ subject: 'x' }, 'redirect', undefined)),
    /a redirect needs an address/,
  );
  t.regex(
    problem(() => checkFilter({ subject: 'x' }, 'reject', 'carol@example.com')),
    /no other treatment takes one/,
  );
  t.regex(
    problem(() => checkFilter({ priority: 'asap' }, 'reject', undefined)),
    /priority must be one of low, normal, high, urgent/,
  );
  t.is(checkFilter({ subject: 'x' }, 'tag', 'spam'), 'tag');
});
