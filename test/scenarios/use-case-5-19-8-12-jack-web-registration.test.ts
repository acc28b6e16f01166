// Seed use case 5.19 steps 8-12, in a real browser: Jack's operator provisioned his number with a default
// user id and password; from his PC he opens the operator's "Instant Messenger" website (the portal), completes
// the first registration with those, choosing his own password, finds the message a friend sent meanwhile,
// then changes his password and signs in again with it.
import { join } from 'node:path';
import { password, startTestGateway } from '../helpers/gateway.js';
import { browserTest, browserTitle, launchBrowser, screenshot } from '../portal/browser.js';
import { imOf } from '../accounts/accounts-clients.js';
import { text } from '../helpers/clients.js';

browserTest(browserTitle("use case 5.19.8-12: Jack's first registration on the web, then a password change"), async (t) => {
  const gateway = await startTestGateway({ accounts: ['ian'] });
  t.teardown(() => gateway.stop());
  await gateway.accounts.add({ address: 'jack@example.com', password: 'default-jack-1', msisdn: '+15550100088', state: 'pending' });
  const ian = await imOf(gateway, 'ian@example.com', password('ian@example.com'));
  await ian.call('SendMessages', { message: [{ recipient: ['tel:+15550100088'], content: text('Welcome aboard, Jack!') }] });

  const browser = await launchBrowser();
  t.teardown(() => browser.close());
  const page = await browser.newPage();
  const shots = join(gateway.dir, 'screenshots');

  // 8) Jack goes to the operator's website.
  await page.goto(`${gateway.url}/portal/`);
  t.is(await page.locator('h2').textContent(), 'Sign in');
  await screenshot(page, 'sign-in', shots);

  // 9-10) First registration with the default user id and password, and a password of his own.
  await page.getByRole('link', { name: 'Complete your first registration' }).click();
  await page.getByLabel('User id or number').fill('tel:+15550100088');
  await page.getByLabel('Password from your operator').fill('default-jack-1');
  await page.getByLabel('Your new password').fill('jacks-own-secret');
  await screenshot(page, 'first-registration', shots);
  await page.getByRole('button', { name: 'Register' }).click();

  // 11) He is in: welcomed, and Ian's message sent to his number is waiting.
  t.regex((await page.getByRole('status').textContent()) ?? '', /Welcome, jack@example\.com: you are registered/);
  t.regex((await page.locator('table').textContent()) ?? '', /ian@example\.com\s*Welcome aboard, Jack!/);
  await screenshot(page, 'inbox', shots);
  const [cookie] = await page.context().cookies();
  t.like(cookie, { name: 'imwsi_portal', httpOnly: true, sameSite: 'Strict', path: '/portal' });

  // 12) He changes the password; a wrong current password is refused first.
  await page.getByRole('link', { name: 'Password' }).click();
  await page.getByLabel('Current password').fill('default-jack-1');
  await page.getByLabel('New password').fill('jack-final-secret');
  await page.getByRole('button', { name: 'Change password' }).click();
  t.is(await page.getByRole('alert').textContent(), 'The old password is wrong');
  await page.getByLabel('Current password').fill('jacks-own-secret');
  await page.getByLabel('New password').fill('jack-final-secret');
  await page.getByRole('button', { name: 'Change password' }).click();
  t.is(await page.getByRole('status').textContent(), 'Your password is changed.');
  await screenshot(page, 'password', shots);

  // He signs out and in again with the new password.
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.getByLabel('User id').fill('jack@example.com');
  await page.getByLabel('Password').fill('jack-final-secret');
  await page.getByRole('button', { name: 'Sign in' }).click();
  t.is(await page.locator('h2').textContent(), 'Inbox');
  t.is(await page.locator('nav .who').textContent(), 'jack@example.com');
});
