// The web portal's security rules (docs/portal.md "Security"), over plain HTTP: the session cookie's flags,
// CSRF tokens, a new session id at sign-in, the sign-in throttle, security headers, and escaping.
import test from 'ava';
import { password, startTestGateway } from '../helpers/gateway.js';
import { portalClient } from './portal-http.js';

test('the session cookie is HttpOnly, SameSite=Strict, limited to /portal, and replaced at sign-in', async (t) => {
  const gateway = await startTestGateway({ accounts: ['bob'] });
  t.teardown(() => gateway.stop());
  const portal = portalClient(gateway);
  const first = await portal.get('/');
  const set = first.headers.get('set-cookie') ?? '';
  t.regex(set, /^imwsi_portal=[\w-]{32}; Path=\/portal; HttpOnly; SameSite=Strict; Max-Age=1800$/);
  t.regex(first.headers.get('content-security-policy') ?? '', /default-src 'none'.*frame-ancestors 'none'/);
  t.is(first.headers.get('x-frame-options'), 'DENY');
  const before = portal.cookie;
  const signedIn = await portal.post('/login', {
    csrf: portal.csrfOf(first.body),
    address: 'bob@example.com',
    password: password('bob@example.com'),
  });
  t.is(signedIn.status, 303);
  t.not(portal.cookie, before);
  t.regex((await portal.get('/')).body, /Signed in|bob@example\.com/);
});

test('a POST without the session CSRF token, or from another origin, gets 403 and changes nothing', async (t) => {
  const gateway = await startTestGateway({ accounts: ['bob'] });
  t.teardown(() => gateway.stop());
  const portal = portalClient(gateway);
  const page = await portal.get('/');
  const csrf = portal.csrfOf(page.body);
  const credentials = { address: 'bob@example.com', password: password('bob@example.com') };
  t.is((await portal.post('/login', credentials)).status, 403);
  t.is((await portal.post('/login', { ...credentials, csrf: 'forged' })).status, 403);
  t.is((await portal.post('/login', { ...credentials, csrf }, { origin: 'https://evil.example' })).status, 403);
  // Signed in, a forged password change is refused and the password stays.
  t.is((await portal.post('/login', { ...credentials, csrf })).status, 303);
  t.is((await portal.post('/password', { oldPassword: credentials.password, newPassword: 'mallory-secret' })).status, 403);
  const other = portalClient(gateway);
  const again = await other.post('/login', { ...credentials, csrf: other.csrfOf((await other.get('/')).body) });
  t.is(again.status, 303);
});

test('sign-in attempts are throttled: after 6 wrong passwords the next attempt waits (429, Retry-After), even with the right one', async (t) => {
  const gateway = await startTestGateway({ accounts: ['bob'] });
  t.teardown(() => gateway.stop());
  const portal = portalClient(gateway);
  const csrf = portal.csrfOf((await portal.get('/')).body);
  for (let i = 0; i < 6; i++) {
    const wrong = await portal.post('/login', { csrf, address: 'bob@example.com', password: `wrong-${i}` });
    t.is(wrong.status, 400);
    t.regex(wrong.body, /Invalid username or password/);
  }
  const throttled = await portal.post('/login', { csrf, address: 'bob@example.com', password: password('bob@example.com') });
  t.is(throttled.status, 429);
  t.true(Number(throttled.headers.get('retry-after')) >= 1);
  t.regex(throttled.body, /Too many failed logins/);
});

test('values from users are escaped in the pages', async (t) => {
  const gateway = await startTestGateway({ accounts: ['bob', 'alice'] });
  t.teardown(() => gateway.stop());
  const portal = portalClient(gateway);
  const csrf = portal.csrfOf((await portal.get('/')).body);
  await portal.post('/login', { csrf, address: 'bob@example.com', password: password('bob@example.com') });
  const home = await portal.get('/');
  const sent = await portal.post('/send', {
    csrf: portal.csrfOf(home.body),
    to: 'bob@example.com',
    text: '<script>alert(1)</script>',
    clientMessageId: 'x1',
  });
  t.is(sent.status, 200);
  const inbox = await portal.get('/');
  t.false(inbox.body.includes('<script>alert(1)</script>'));
  t.true(inbox.body.includes('&lt;script&gt;alert(1)&lt;/script&gt;'));
});
