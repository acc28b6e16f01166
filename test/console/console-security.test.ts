// The console's protections, as a plain HTTP client sees them: the portal's session and CSRF rules on a cookie
// of its own (Path=/console), no page without an admin session, and the SOAP-level role check behind it.
import test from 'ava';
import { password, startTestGateway } from '../helpers/gateway.js';
import { portalClient } from '../portal/portal-http.js';

test('a console session is an HttpOnly SameSite=Strict cookie on /console; a POST without its CSRF token is refused', async (t) => {
  const gateway = await startTestGateway({
    accounts: [{ address: 'op@example.com', password: password('op@example.com'), role: 'admin' }, 'bob'],
  });
  t.teardown(() => gateway.stop());
  const console_ = portalClient(gateway, '/console');
  const signIn = await console_.get('/');
  t.is(signIn.status, 200);
  t.regex(signIn.headers.get('set-cookie') ?? '', /^imwsi_console=[\w-]+; Path=\/console; HttpOnly; SameSite=Strict/);
  t.regex(signIn.headers.get('content-security-policy') ?? '', /default-src 'none'/);
  const csrf = console_.csrfOf(signIn.body);

  const forged = await console_.post('/login', { address: 'op@example.com', password: password('op@example.com') });
  t.is(forged.status, 403, 'no CSRF token');
  const signedIn = await console_.post('/login', { address: 'op@example.com', password: password('op@example.com'), csrf });
  t.is(signedIn.status, 303);
  t.is(signedIn.headers.get('location'), '/console/accounts');
  const accounts = await console_.get('/accounts');
  t.regex(accounts.body, /bob@example.com/);
  const token = console_.csrfOf(accounts.body);
  t.not(token, csrf, 'signing in gives a new session and token');

  const crossSite = await console_.post('/suspend', { address: 'bob@example.com', csrf: token }, { origin: 'http://evil.example' });
  t.is(crossSite.status, 403, 'a form from another origin');
  t.is((await gateway.store.accounts.findByAddress('bob@example.com'))!.state, 'active');
  const suspended = await console_.post('/suspend', { address: 'bob@example.com', csrf: token });
  t.is(suspended.status, 200);
  t.is((await gateway.store.accounts.findByAddress('bob@example.com'))!.state, 'suspended');

  const stranger = portalClient(gateway, '/console');
  for (const path of ['/accounts', '/usage', '/usage/export?day=2026-11-30', '/traffic']) {
    const answer = await stranger.get(path);
    t.is(answer.status, 303, path);
    t.is(answer.headers.get('location'), '/console/');
  }
});
