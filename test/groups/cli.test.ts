// imwsi groups create | list | close | public-chat | ban | unban: the operator's commands, run as the real CLI on a
// database file, and what a member then sees over SOAP.
import { join } from 'node:path';
import test from 'ava';
import { tempDir } from '../helpers/gateway.js';
import { runImwsi } from '../helpers/process.js';

test('imwsi groups: create for an owner, list (rooms, --all, --query), close, ban everywhere, public-chat; errors say what to do', async (t) => {
  const flags = ['--db', join(tempDir(), 'groups.sqlite'), '--domain', 'example.com'];
  t.is((await runImwsi(['users', 'add', 'chess@example.com', '--password', 'chess-secret-1', ...flags])).status, 0);

  const room = await runImwsi([
    'groups',
    'create',
    'Chess lobby',
    '--owner',
    'chess@example.com',
    '--public',
    '--screen-name',
    'Host',
    '--topic',
    'openings',
    ...flags,
  ]);
  t.is(room.status, 0, room.stderr);
  t.regex(room.stdout, /^group [A-Za-z0-9]{12}: "Chess lobby", public, open, owner chess@example.com$/m);
  const secret = await runImwsi(['groups', 'create', 'Secret', '--owner', 'chess@example.com', ...flags]);
  t.regex(secret.stdout, /private, closed/);
  const secretId = /^group (\S+):/.exec(secret.stdout)?.[1] ?? '';

  t.deepEqual(
    (await runImwsi(['groups', 'list', ...flags])).stdout
      .trim()
      .split('\n')
      .map((l) => l.split('\t').slice(1)),
    [['public', 'open', '1 members', 'Chess lobby (openings)']],
  );
  const all = (await runImwsi(['groups', 'list', '--all', '--query', 'SEC', ...flags])).stdout;
  t.regex(all, new RegExp(`^${secretId}\tprivate\tclosed\t1 members\tSecret$`, 'm'));

  t.regex((await runImwsi(['groups', 'close', secretId, ...flags])).stdout, /closed group/);
  const again = await runImwsi(['groups', 'close', secretId, ...flags]);
  t.is(again.status, 1);
  t.regex(again.stderr, /no open group .*: see `imwsi groups list --all`/);
  t.regex(
    (await runImwsi(['groups', 'ban', 'chess@example.com', '--reason', 'spam', ...flags])).stdout,
    /chess@example.com is banned from public chat \(removed from 1 rooms\)/,
  );
  t.regex((await runImwsi(['groups', 'unban', 'chess@example.com', ...flags])).stdout, /may join public rooms again/);
  const notBanned = await runImwsi(['groups', 'unban', 'chess@example.com', ...flags]);
  t.is(notBanned.status, 1);
  t.regex(notBanned.stderr, /is not banned from public chat: nothing to lift/);
  t.regex((await runImwsi(['groups', 'public-chat', 'off', ...flags])).stdout, /public chat is off/);
  const usage = await runImwsi(['groups', 'public-chat', 'maybe', ...flags]);
  t.is(usage.status, 2);
  const noOwner = await runImwsi(['groups', 'create', 'Orphan', ...flags]);
  t.is(noOwner.status, 2);
  t.regex(noOwner.stderr, /--owner is required/);
});
