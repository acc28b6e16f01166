// The operator console at /console/ (GO-2, PP2-9, PP2-11; docs/operations.md "Console"): accounts,
// usage, limits, filters and switches, groups and peers, and live traffic for admin accounts, served by the gateway. It is built from the portal's pieces
// (sessions with their CSRF tokens, the form guards and security headers, the page layout, the throttled
// sign-in), with a cookie of its own on /console, and it calls the administration module's service: the
// same role checks and audit log as the Administration SOAP service and the CLI.
import express, { type Request, type Response, type Router } from 'express';
import { AppError } from '../kernel/errors.js';
import type { Clock } from '../kernel/ports.js';
import { loginThrottle } from '../platform/auth/login-throttle.js';
import type { Logger } from '../platform/logger.js';
import type { Composition } from '../platform/modules/compose.js';
import { formLogin, signInFields } from '../portal/account-pages.js';
import { form, html, type PageContext, signOut, type Site } from '../portal/html.js';
import { portalKit, portalServicesOf } from '../portal/portal-kit.js';
import { type Session, sessionStore } from '../portal/sessions.js';
import { formErrors, formGuards, securityHeaders } from '../portal/web-guards.js';
import { type ConsoleKit, consolePages } from './console-pages.js';
import { policyPages } from './policy-pages.js';

export interface ConsoleOptions {
  readonly modules: Pick<Composition, 'service'>;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly secure: boolean;
}

export const consoleSite: Site = {
  base: '/console',
  name: 'imwsi operator console',
  nav: (ctx) =>
    html`<nav><a href="/console/accounts">Accounts</a> <a href="/console/usage">Usage</a> <a href="/console/policy">Limits, filters, switches</a> <a href="/console/groups">Groups and peers</a> <a href="/console/traffic">Live traffic</a> ${signOut(ctx)}</nav>`,
  publicNav: html`<nav><a href="/console/">Sign in</a></nav>`,
};

export function consoleRouter(options: ConsoleOptions): Router {
  const sessions = sessionStore(
    { idleSeconds: 900, maxSessions: 1000, secure: options.secure, cookieName: 'imwsi_console', path: '/console' },
    options.clock,
  );
  const { modules } = options;
  const kit = portalKit(portalServicesOf(modules), sessions, options.logger, options.clock);
  const context = (session: Session, title: string, notice?: PageContext['notice']): PageContext => ({
    ...kit.context(session, title, notice),
    site: consoleSite,
  });
  const throttle = loginThrottle();
  const router = express.Router();
  router.use(securityHeaders);
  router.use(...formGuards(sessions, options.secure));

  function signInPage(req: Request, res: Response, notice?: PageContext['notice'], status = 200): void {
    const session = sessions.ensure(req, res);
    const ctx = context(session, 'Operator sign-in', notice);
    kit.show(res, ctx, html`${form(ctx, 'login', signInFields)}<p class="muted">Admin accounts only.</p>`, status);
  }

  /** The signed-in admin (re-read at every request: a suspended or demoted admin is out at once), or sign-in. */
  async function signedInAdmin(req: Request, res: Response) {
    const session = sessions.find(req);
    if (session?.address !== undefined) {
      try {
        const account = await kit.services.registration.current(session.address);
        if (account.role === 'admin')
          return { session, account, ctx: (title: string, notice?: PageContext['notice']) => context(session, title, notice) };
      } catch {
        // Gone or suspended: signed out below.
      }
      sessions.end(session, res);
    }
    res.redirect(303, '/console/');
    return undefined;
  }

  router.get('/', (req, res) => {
    if (sessions.find(req)?.address !== undefined) return res.redirect(303, '/console/accounts');
    signInPage(req, res);
  });
  router.post('/login', async (req, res) => {
    const old = sessions.find(req);
    try {
      const account = await formLogin(req, kit.services.registration, throttle, options.clock);
      if (account.role !== 'admin') throw new AppError('POL1005', ['admin']);
      sessions.signIn(old, res, account.address);
      res.redirect(303, '/console/accounts');
    } catch (error) {
      const { notice, status } = kit.failure(error, res);
      signInPage(req, res, notice, status);
    }
  });
  router.post('/logout', (req, res) => {
    const session = sessions.find(req);
    if (session) sessions.end(session, res);
    res.redirect(303, '/console/');
  });
  const pages: ConsoleKit = {
    admin: modules.service('admin'),
    signedInAdmin,
    show: (res, ctx, body, status) => kit.show(res, ctx, body, status),
    failure: (error, res) => kit.failure(error, res),
    clock: options.clock,
  };
  consolePages(router, pages);
  policyPages(router, pages);
  router.use(formErrors(options.logger, 'console'));
  return router;
}
