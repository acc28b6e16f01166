// Signing in and out, the first registration (5.19.8-12: the default user id and password, then a password
// of one's own) and the password change. Sign-in attempts go through the same login throttle as SOAP.
import type { Request, Response, Router } from 'express';
import { AppError } from '../kernel/errors.js';
import type { Clock } from '../kernel/ports.js';
import type { LoginThrottle } from '../platform/auth/login-throttle.js';
import { form, html, type PageContext } from './html.js';
import { field, optionalField, type PortalKit } from './portal-kit.js';

const clientOf = (req: Request) => req.socket.remoteAddress ?? 'unknown';

/** The fields of a sign-in form (the portal's, the console's). */
export const signInFields = html`<label for="address">User id</label><input type="text" id="address" name="address" autocomplete="username" required>
        <label for="password">Password</label><input type="password" id="password" name="password" autocomplete="current-password" required>
        <button type="submit">Sign in</button>`;

/**
 * The sign-in form's user id and password checked through the login throttle, as SOAP logins are: the
 * account, or the error to show (SVC1102, POL1008 throttled, POL6001 suspended ...).
 */
export async function formLogin(req: Request, registration: PortalKit['services']['registration'], throttle: LoginThrottle, clock: Clock) {
  const address = field(req, 'address', 320).trim();
  const client = clientOf(req);
  if (!address) throw new AppError('SVC1102');
  throttle.check(address, client, clock());
  const account = await registration.login(address, field(req, 'password', 1024)).catch((error: unknown) => {
    if (error instanceof AppError && error.code === 'SVC1102') throttle.failed(address, client, clock());
    throw error;
  });
  throttle.succeeded(address, client, clock());
  return account;
}

export function accountPages(router: Router, kit: PortalKit, throttle: LoginThrottle, clock: Clock): void {
  const { services, sessions } = kit;

  function signInPage(req: Request, res: Response, notice?: PageContext['notice'], status = 200): void {
    const session = sessions.ensure(req, res);
    const body = form(kit.context(session, 'Sign in'), 'login', signInFields);
    kit.show(
      res,
      kit.context(session, 'Sign in', notice),
      html`${body}<p class="muted">New phone number or account from your operator?
      <a href="/portal/register">Complete your first registration</a>.</p>`,
      status,
    );
  }

  function registerPage(req: Request, res: Response, notice?: PageContext['notice'], status = 200): void {
    const session = sessions.ensure(req, res);
    const ctx = kit.context(session, 'First registration', notice);
    kit.show(
      res,
      ctx,
      form(
        ctx,
        'register',
        html`<p class="muted">Enter the user id (or your number, tel:+…) and the password your operator gave you, and choose
          your own password. Where the operator allows it, choose a new user id instead.</p>
        <label for="address">User id or number</label><input type="text" id="address" name="address" required>
        <label for="password">Password from your operator</label><input type="password" id="password" name="password" autocomplete="off" required>
        <label for="newPassword">Your new password</label><input type="password" id="newPassword" name="newPassword" autocomplete="new-password">
        <label for="registrationToken">Registration token (if you were given one)</label><input type="text" id="registrationToken" name="registrationToken">
        <button type="submit">Register</button>`,
      ),
      status,
    );
  }

  router.get('/', (req, res, next) => {
    const session = sessions.find(req);
    if (session?.address === undefined) return signInPage(req, res);
    next();
  });
  router.get('/register', (req, res) => registerPage(req, res));

  router.post('/login', async (req, res) => {
    const old = sessions.find(req);
    try {
      const account = await formLogin(req, services.registration, throttle, clock);
      sessions.signIn(old, res, account.address);
      res.redirect(303, '/portal/');
    } catch (error) {
      const { notice, status } = kit.failure(error, res);
      signInPage(req, res, notice, status);
    }
  });

  router.post('/register', async (req, res) => {
    const old = sessions.find(req);
    try {
      const newPassword = optionalField(req, 'newPassword', 1024);
      const { account } = await services.registration.register(
        {
          address: field(req, 'address', 320),
          password: field(req, 'password', 1024),
          registrationToken: optionalField(req, 'registrationToken', 64),
          newPassword,
        },
        clientOf(req),
      );
      sessions.signIn(old, res, account.address);
      res.redirect(303, '/portal/?registered=1');
    } catch (error) {
      const { notice, status } = kit.failure(error, res);
      registerPage(req, res, notice, status);
    }
  });

  router.post('/logout', (req, res) => {
    const session = sessions.find(req);
    if (session) sessions.end(session, res);
    res.redirect(303, '/portal/');
  });

  async function passwordPage(req: Request, res: Response, notice?: PageContext['notice'], status = 200): Promise<void> {
    const who = await kit.signedIn(req, res);
    if (!who) return;
    const ctx = kit.context(who.session, 'Change password', notice);
    kit.show(
      res,
      ctx,
      form(
        ctx,
        'password',
        html`<label for="oldPassword">Current password</label><input type="password" id="oldPassword" name="oldPassword" autocomplete="current-password" required>
        <label for="newPassword">New password (at least 8 characters)</label><input type="password" id="newPassword" name="newPassword" autocomplete="new-password" required>
        <button type="submit">Change password</button>`,
      ),
      status,
    );
  }
  router.get('/password', (req, res) => passwordPage(req, res));
  router.post('/password', async (req, res) => {
    const who = await kit.signedIn(req, res);
    if (!who) return;
    try {
      await services.registration.changePassword(who.account, field(req, 'oldPassword', 1024), field(req, 'newPassword', 1024));
      await passwordPage(req, res, { kind: 'ok', text: 'Your password is changed.' });
    } catch (error) {
      const { notice, status } = kit.failure(error, res);
      await passwordPage(req, res, notice, status);
    }
  });
}
