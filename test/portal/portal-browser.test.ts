// The portal's pages in a real browser (headless Chromium): editing the profile and aliases, finding someone
// and adding them as a contact, sending and reading messages. Each goes through the same services as SOAP,
// so what the browser did is checked over SOAP too.
import { join } from 'node:path';
import { list } from '../helpers/clients.js';
import { password, startTestGateway } from '../helpers/gateway.js';
import { accountsOf, imOf } from '../accounts/accounts-clients.js';
import { browserTest, browserTitle, launchBrowser, screenshot } from './browser.js';

const year = new Date().getUTCFullYear();

browserTest(browserTitle('in the browser a user edits the profile and aliases, finds someone, adds them, and messages'), async (t) => {
  const gateway = await startTestGateway({ accounts: ['mary', 'tina'] });
  t.teardown(() => gateway.stop());
  const tina = await accountsOf(gateway, 'tina@example.com', password('tina@example.com'));
  const shown = { visibility: 'public' };
  await tina.call('SetProfile', {
    profile: {
      city: { value: 'Helsinki', ...shown },
      about: { value: 'Zombie concerts', ...shown },
      birthYear: { value: String(year - 22), ...shown },
      searchable: true,
    },
  });

  const browser = await launchBrowser();
  t.teardown(() => browser.close());
  const page = await browser.newPage();
  const shots = join(gateway.dir, 'screenshots');
  await page.goto(`${gateway.url}/portal/`);
  await page.getByLabel('User id').fill('mary@example.com');
  await page.getByLabel('Password').fill(password('mary@example.com'));
  await page.getByRole('button', { name: 'Sign in' }).click();

  // Profile: a public city, a private birth year, searchable; an alias.
  await page.getByRole('link', { name: 'Profile and aliases' }).click();
  await page.getByLabel('Display name').fill('Mary M.');
  await page.getByLabel('City').fill('Helsinki');
  await page.locator('#city-visibility').selectOption('public');
  await page.getByLabel('Birth year').fill(String(year - 25));
  await page.locator('#birthYear-visibility').selectOption('private');
  await page.getByLabel('Others may find me by searching').check();
  await page.getByRole('button', { name: 'Save profile' }).click();
  t.is(await page.getByRole('status').textContent(), 'Profile saved.');
  await page.getByLabel('New alias (name@domain)').fill('MaryConcerts@example.com');
  await page.getByRole('button', { name: 'Add alias' }).click();
  t.is(await page.getByRole('status').textContent(), 'Alias maryconcerts@example.com added.');
  await screenshot(page, 'profile', shots);
  const seenByTina = await tina.call('GetProfile', { user: 'maryconcerts@example.com' });
  t.deepEqual(Object.keys(seenByTina.profile).sort(), ['city']);

  // Find people: Helsinki, 18-30; add Tina (she is shown by her address: she has no alias).
  await page.getByRole('link', { name: 'Find people' }).click();
  await page.getByLabel('City').fill('helsinki');
  await page.getByLabel('Age from').fill('18');
  await page.getByLabel('Age to').fill('30');
  await page.getByRole('button', { name: 'Search' }).click();
  t.regex((await page.locator('table tbody').textContent()) ?? '', /tina@example\.com.*Zombie concerts/s);
  await screenshot(page, 'search', shots);
  await page.getByRole('button', { name: 'Add as contact' }).click();
  t.regex((await page.getByRole('status').textContent()) ?? '', /tina is in your list Contacts/);

  // Messages: send to Tina; Tina answers over SOAP; Mary reads it and marks it read.
  await page.getByRole('link', { name: 'Inbox' }).click();
  await page.getByLabel('To (user ids or tel:+numbers, comma-separated)').fill('tina@example.com');
  await page.getByLabel('Message').fill('See you at the concert!');
  await page.getByRole('button', { name: 'Send' }).click();
  t.is(await page.getByRole('status').textContent(), 'Sent.');
  const tinaIm = await imOf(gateway, 'tina@example.com', password('tina@example.com'));
  const received = list<any>((await tinaIm.call('GetMessages', {})).message).filter((m) => m.kind === 'message');
  t.deepEqual(
    received.map((m) => [m.sender, Buffer.from(m.content, 'base64').toString()]),
    [['mary@example.com', 'See you at the concert!']],
  );
  await tinaIm.call('SendMessages', {
    message: [{ recipient: ['maryconcerts@example.com'], content: Buffer.from('Front row!').toString('base64') }],
  });
  await page.getByRole('link', { name: 'Inbox' }).click();
  t.regex((await page.locator('table').textContent()) ?? '', /tina@example\.com\s*Front row!/);
  await screenshot(page, 'messages', shots);
  // Reloading shows the same leased messages; marking them read empties the inbox.
  await page.reload();
  t.regex((await page.locator('table').textContent()) ?? '', /Front row!/);
  await page.getByRole('button', { name: 'Mark these as read' }).click();
  t.is(await page.locator('main p.muted').first().textContent(), 'No messages.');
});
