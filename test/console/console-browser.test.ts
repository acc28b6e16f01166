// The operator console in a real browser (headless Chromium): an admin suspends a user and the user's next
// send is refused over SOAP; an admin exports a day of usage; the live traffic page; a user cannot sign in.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { faultOf, list, nodeSoapClient, text } from '../helpers/clients.js';
import { password, startTestGateway } from '../helpers/gateway.js';
import { browserTest, browserTitle, launchBrowser, screenshot } from '../portal/browser.js';

const op = { address: 'op@example.com', password: password('op@example.com'), role: 'admin' as const };

/** A headless Chromium page that signed in to the console (as the admin op@example.com unless `who`), closed at teardown. */
async function signedInConsole(
  t: { teardown(fn: () => Promise<void>): void },
  gateway: { url: string },
  who: { address: string; password: string } = op,
) {
  const browser = await launchBrowser();
  t.teardown(() => browser.close());
  const page = await browser.newPage();
  await page.goto(`${gateway.url}/console/`);
  await page.getByLabel('User id').fill(who.address);
  await page.getByLabel('Password').fill(who.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  return page;
}

browserTest(browserTitle('an admin suspends a user in the console and the user next send is refused; resumed, it goes'), async (t) => {
  const gateway = await startTestGateway({ accounts: [op, 'alice', 'bob'] });
  t.teardown(() => gateway.stop());
  const bob = await nodeSoapClient(gateway.wsdlUrl, 'bob@example.com');
  const send = () => bob.call('SendMessages', { message: [{ recipient: ['alice@example.com'], content: text('hello') }] });
  await send();

  const page = await signedInConsole(t, gateway);
  const shots = join(gateway.dir, 'screenshots');
  t.is(await page.locator('main h2').textContent(), 'Accounts');
  await page.getByRole('button', { name: 'Suspend bob@example.com' }).click();
  t.is(await page.getByRole('status').textContent(), 'bob@example.com is suspended.');
  await screenshot(page, 'accounts', shots, 'console');

  const refused = await send().catch((error: unknown) => faultOf(error).messageId);
  t.is(refused, 'POL6001', "Bob's next send is refused");

  await page.getByRole('button', { name: 'Resume bob@example.com' }).click();
  t.is(await page.getByRole('status').textContent(), 'bob@example.com is active.');
  t.is(list((await send()).result).length, 1);

  await page.getByRole('link', { name: 'Live traffic' }).click();
  t.regex((await page.locator('main').textContent()) ?? '', /example\.com[\s\S]*alice@example\.com/);
  await screenshot(page, 'traffic', shots, 'console');
});

browserTest(browserTitle('an admin exports a day of usage from the console as CSV'), async (t) => {
  const gateway = await startTestGateway({ accounts: [op, 'alice', 'bob'] });
  t.teardown(() => gateway.stop());
  const alice = await nodeSoapClient(gateway.wsdlUrl, 'alice@example.com');
  for (const words of ['one', 'two'])
    await alice.call('SendMessages', { message: [{ recipient: ['bob@example.com'], content: text(words) }] });

  const page = await signedInConsole(t, gateway);
  await page.getByRole('link', { name: 'Usage' }).click();
  await screenshot(page, 'usage', join(gateway.dir, 'screenshots'), 'console');
  const today = new Date().toISOString().slice(0, 10);
  t.is(await page.getByLabel('Day').inputValue(), today);
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export the day' }).click()]);
  t.is(download.suggestedFilename(), `usage-${today}.csv`);
  const csv = readFileSync((await download.path())!, 'utf8')
    .trim()
    .split('\r\n');
  t.is(csv[0]!.split(',')[0], 'recordId');
  t.deepEqual(
    csv.slice(1).map((row) => row.split(',').slice(2, 5).join(' ')),
    [
      'message-sent SENDING alice@example.com',
      'message-exploded RECEIVING bob@example.com',
      'message-sent SENDING alice@example.com',
      'message-exploded RECEIVING bob@example.com',
    ],
  );
});

browserTest(browserTitle('an admin switches public chat off in the console: a user can no longer join a room'), async (t) => {
  const gateway = await startTestGateway({ accounts: [op, 'alice'] });
  t.teardown(() => gateway.stop());
  const groups = await nodeSoapClient(`${gateway.url}/wsi/Groups?wsdl`, op.address);
  const { group } = await groups.call('CreateGroup', { name: 'Lobby', visibility: 'public' });
  const alice = await nodeSoapClient(`${gateway.url}/wsi/Groups?wsdl`, 'alice@example.com');

  const page = await signedInConsole(t, gateway);
  await page.getByRole('link', { name: 'Groups and peers' }).click();
  await page.getByRole('button', { name: 'Switch public chat off' }).click();
  t.is(await page.getByRole('status').textContent(), 'Public chat is off.');
  await screenshot(page, 'groups', join(gateway.dir, 'screenshots'), 'console');
  t.is(
    await alice.call('JoinGroup', { groupId: group.groupId, screenName: 'Alice' }).catch((error: unknown) => faultOf(error).messageId),
    'POL5009',
  );
  await page.getByRole('button', { name: 'Switch public chat on' }).click();
  t.is(await page.getByRole('status').textContent(), 'Public chat is on.');
  t.truthy(await alice.call('JoinGroup', { groupId: group.groupId, screenName: 'Alice' }));
});

browserTest(browserTitle('a user account cannot sign in to the console (POL1005)'), async (t) => {
  const gateway = await startTestGateway({ accounts: ['alice'] });
  t.teardown(() => gateway.stop());
  const page = await signedInConsole(t, gateway, { address: 'alice@example.com', password: password('alice@example.com') });
  t.regex((await page.getByRole('alert').textContent()) ?? '', /needs the admin role/);
  const accounts = await page.goto(`${gateway.url}/console/accounts`);
  t.is(new URL(accounts!.url()).pathname, '/console/', 'the accounts page sends a visitor to sign in');
});

browserTest(
  browserTitle('an admin sets a limit, a system filter and a switch on the policy page; each acts on the next send'),
  async (t) => {
    const gateway = await startTestGateway({ accounts: [op, 'alice', 'bob'] });
    t.teardown(() => gateway.stop());
    const alice = await nodeSoapClient(gateway.wsdlUrl, 'alice@example.com');
    const send = (subject: string) =>
      alice.call('SendMessages', { message: [{ recipient: ['bob@example.com'], subject, content: text('hello') }] }).then(
        (r: any) => list<any>(list<any>(r.result)[0].recipientResult)[0].errorCode ?? 'sent',
        (error: unknown) => faultOf(error).messageId,
      );

    const page = await signedInConsole(t, gateway);
    await page.getByRole('link', { name: 'Limits, filters, switches' }).click();

    await page.getByLabel('Limit scope').selectOption('account');
    await page.getByLabel('Domain, role, address or peer').fill('alice@example.com');
    await page.getByLabel('Limit', { exact: true }).selectOption('messages.hour');
    await page.getByLabel('Value').fill('1');
    await page.getByRole('button', { name: 'Set the limit' }).click();
    t.is(await page.getByRole('status').textContent(), 'messages.hour is 1 at account alice@example.com.');
    t.is(await send('first'), 'sent');
    t.is(await send('second'), 'POL7001');
    await page.getByRole('button', { name: 'Remove messages.hour at account alice@example.com' }).click();

    await page.getByLabel('Subject (glob, * and ?)').fill('*lottery*');
    await page.getByLabel('Treatment').selectOption('reject');
    await page.getByRole('button', { name: 'Add a system filter' }).click();
    t.regex((await page.getByRole('status').textContent()) ?? '', /^Filter \d+ added\.$/);
    t.is(await send('win the lottery'), 'POL7007');

    await page.getByLabel('Switch off').selectOption('submission');
    await page.getByLabel('Switch scope').selectOption('domain');
    await page.getByLabel('Domain, address or peer').fill('example.com');
    await page.getByRole('button', { name: 'Switch off', exact: true }).click();
    t.is(await page.getByRole('status').textContent(), 'submission is off at domain example.com.');
    await screenshot(page, 'policy', join(gateway.dir, 'screenshots'), 'console');
    t.is(await send('during'), 'POL7008');
    await page.getByRole('button', { name: 'On: submission at domain example.com' }).click();
    t.is(await send('after'), 'sent');
  },
);

browserTest(browserTitle('an admin moderates groups in the console: closes one, bans a user from every group'), async (t) => {
  const gateway = await startTestGateway({ accounts: [op, 'alice', 'troll'] });
  t.teardown(() => gateway.stop());
  const groupsOf = (who: string) => nodeSoapClient(`${gateway.url}/wsi/Groups?wsdl`, who);
  const alice = await groupsOf('alice@example.com');
  const troll = await groupsOf('troll@example.com');
  const chat = (await alice.call('CreateGroup', { name: 'Chess club', access: 'open' })).group.groupId;
  const book = (await alice.call('CreateGroup', { name: 'Book club', access: 'open' })).group.groupId;
  for (const id of [chat, book]) await troll.call('JoinGroup', { groupId: id, screenName: 'Troll' });

  const page = await signedInConsole(t, gateway);
  await page.getByRole('link', { name: 'Groups and peers' }).click();
  await page.getByLabel('Address').fill('troll@example.com');
  await page.getByLabel('Reason the groups read').fill('spam');
  await page.getByLabel('Ban, not only kick').check();
  await page.getByRole('button', { name: 'Remove from every group' }).click();
  t.is(await page.getByRole('status').textContent(), 'troll@example.com was banned from 2 group(s).');
  t.is(await troll.call('JoinGroup', { groupId: chat, screenName: 'Troll2' }).catch((e: unknown) => faultOf(e).messageId), 'POL5007');

  await page.getByRole('button', { name: 'Close Book club' }).click();
  t.is(await page.getByRole('status').textContent(), `Group ${book} is closed; its members were told.`);
  await screenshot(page, 'groups', join(gateway.dir, 'screenshots'), 'console');
  t.is(await alice.call('GetGroup', { groupId: book }).catch((e: unknown) => faultOf(e).messageId), 'SVC5001');
});
