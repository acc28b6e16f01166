// imwsi limits | filters | switches: the operator's policy from the shell, each command runnable twice, and
// errors in the operator's words (exit status 1; 2 for a wrong command line).
import { join } from 'node:path';
import test from 'ava';
import { tempDir } from '../helpers/gateway.js';
import { runImwsi } from '../helpers/process.js';

async function ok(t: any, args: string[]): Promise<string> {
  const result = await runImwsi(args);
  t.is(result.status, 0, `${args.join(' ')}: ${result.stderr}`);
  return result.stdout;
}

test('limits set, list, remove and names; a second run of each changes nothing more', async (t) => {
  const flags = ['--db', join(tempDir(), 'policy.sqlite'), '--domain', 'example.com'];
  await ok(t, ['users', 'add', 'alice@example.com', '--password', 'alice-secret', ...flags]);
  for (let run = 0; run < 2; run++) {
    t.is(
      await ok(t, ['limits', 'set', 'messages.hour', '100', '--for-domain', 'example.com', ...flags]),
      'limit messages.hour = 100 for domain example.com\n',
    );
    t.is(await ok(t, ['limits', 'set', 'inbox.overflow', 'expire-oldest', ...flags]), 'limit inbox.overflow = expire-oldest for system\n');
  }
  await ok(t, ['limits', 'set', 'send.rate', '30', '--account', 'Alice@example.com', ...flags]);
  t.is(
    await ok(t, ['limits', 'list', ...flags]),
    'messages.hour\t100\tdomain example.com\ninbox.overflow\texpire-oldest\tsystem\nsend.rate\t30\taccount alice@example.com\n',
  );
  t.is(
    await ok(t, ['limits', 'remove', 'send.rate', '--account', 'alice@example.com', ...flags]),
    'removed limit send.rate for account alice@example.com\n',
  );
  t.is(
    await ok(t, ['limits', 'remove', 'send.rate', '--account', 'alice@example.com', ...flags]),
    'no limit send.rate set for account alice@example.com\n',
  );
  t.regex(
    await ok(t, ['limits', 'show', 'alice@example.com', ...flags]),
    /^inbox\.overflow\tsystem\tlimit expire-oldest\nmessages\.hour\tdomain example\.com\tlimit 100\tused 0\tleft 100\tresets \d{4}-.*\nsubmission on, delivery on, 0 stored by filters\n$/,
  );
  t.regex(await ok(t, ['limits', 'names']), /^message\.bytes {4}.*\npeer\.out\.minute.*recipients sent to a peer domain per minute\n$/s);

  const wrong = await runImwsi(['limits', 'set', 'messages.week', '1', ...flags]);
  t.is(wrong.status, 1);
  t.regex(wrong.stderr, /^imwsi: Unknown limit messages\.week: one of message\.bytes, /);
  const nobody = await runImwsi(['limits', 'set', 'messages.hour', '1', '--account', 'nobody@example.com', ...flags]);
  t.is(nobody.stderr, 'imwsi: no account nobody@example.com: see `imwsi users list`\n');
  const two = await runImwsi([
    'limits',
    'set',
    'messages.hour',
    '1',
    '--account',
    'alice@example.com',
    '--for-domain',
    'example.com',
    ...flags,
  ]);
  t.is(two.status, 2);
});

test('switches off, on and list; filters add, list and remove', async (t) => {
  const flags = ['--db', join(tempDir(), 'policy.sqlite'), '--domain', 'example.com'];
  await ok(t, ['users', 'add', 'bob@example.com', '--password', 'bob-secret-1', ...flags]);
  t.is(await ok(t, ['switches', 'off', 'delivery', '--for-domain', 'example.com', ...flags]), 'delivery off for domain example.com\n');
  t.is(
    await ok(t, ['switches', 'off', 'delivery', '--for-domain', 'example.com', ...flags]),
    'delivery off for domain example.com (it already was)\n',
  );
  t.is(await ok(t, ['switches', 'off', 'reports', ...flags]), 'reports off for the whole service\n');
  t.is(
    await ok(t, ['switches', 'list', ...flags]),
    'delivery off\tdomain example.com\tset by operator\nreports off\tthe whole service\tset by operator\n',
  );
  await ok(t, ['switches', 'on', 'delivery', '--for-domain', 'example.com', ...flags]);
  await ok(t, ['switches', 'on', 'reports', ...flags]);
  t.is(await ok(t, ['switches', 'list', ...flags]), 'everything is on\n');
  const bad = await runImwsi(['switches', 'off', 'reports', '--account', 'bob@example.com', ...flags]);
  t.is(bad.status, 1);
  t.regex(bad.stderr, /Invalid switch: reports switch per destination or for the service/);

  t.is(await ok(t, ['filters', 'add', '--sender-domain', 'spam.example', '--treatment', 'rejectSilent', ...flags]), 'filter 1 added\n');
  t.is(
    await ok(t, [
      'filters',
      'add',
      '--owner',
      'bob@example.com',
      '--subject',
      '*lottery*',
      '--max-bytes',
      '100',
      '--treatment',
      'discard',
      ...flags,
    ]),
    'filter 2 added\n',
  );
  t.is(
    await ok(t, ['filters', 'list', ...flags]),
    '1\tsystem\trejectSilent\t{"senderDomain":"spam.example"}\n2\tbob@example.com\tdiscard\t{"maxBytes":100,"subject":"*lottery*"}\n',
  );
  t.is(await ok(t, ['filters', 'remove', '2', '--owner', 'bob@example.com', ...flags]), 'filter 2 removed\n');
  t.is(await ok(t, ['filters', 'remove', '2', '--owner', 'bob@example.com', ...flags]), 'no filter 2 here: see `imwsi filters list`\n');
  const none = await runImwsi(['filters', 'add', '--treatment', 'reject', ...flags]);
  t.is(none.stderr, 'imwsi: Invalid filter: give at least one criterion\n');
});

test('removing an account removes its limits, switches and filters: a later account of that address starts clean', async (t) => {
  const flags = ['--db', join(tempDir(), 'policy.sqlite'), '--domain', 'example.com'];
  await ok(t, ['users', 'add', 'carol@example.com', '--password', 'carol-secret', ...flags]);
  await ok(t, ['limits', 'set', 'messages.hour', '5', '--account', 'carol@example.com', ...flags]);
  await ok(t, ['switches', 'off', 'delivery', '--account', 'carol@example.com', ...flags]);
  await ok(t, ['filters', 'add', '--owner', 'carol@example.com', '--subject', 'x', '--treatment', 'discard', ...flags]);
  await ok(t, ['limits', 'set', 'messages.day', '50', ...flags]);
  await ok(t, ['users', 'remove', 'carol@example.com', ...flags]);
  t.is(await ok(t, ['limits', 'list', ...flags]), 'messages.day\t50\tsystem\n');
  t.is(await ok(t, ['switches', 'list', ...flags]), 'everything is on\n');
  t.is(await ok(t, ['filters', 'list', ...flags]), 'no filters: see `imwsi filters add --help`\n');
});
