// The web portal at /portal/ (5.19.8-12, docs/portal.md): the operator's "Instant Messenger" website, served by
// the gateway. Server-rendered pages with no script: a handful of forms needs no front-end build, works in
// any browser, and leaves no client code to keep in step with the services. It calls the same composed
// services as SOAP (registration, profiles, aliases, contacts, messaging, inbox): there is no second path to
// the data.
import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import type { Clock } from '../kernel/ports.js';
import { loginThrottle } from '../platform/auth/login-throttle.js';
import type { Logger } from '../platform/logger.js';
import type { Composition } from '../platform/modules/compose.js';
import { accountPages } from './account-pages.js';
import { stylesheet } from './html.js';
import { inboxPages } from './inbox-pages.js';
import { portalKit, type PortalServices } from './portal-kit.js';
import { profilePages } from './profile-pages.js';
import { csrfMatches, sessionStore } from './sessions.js';

export interface PortalOptions {
  /** The composed modules: the portal takes the same services SOAP's handlers were given. */
  readonly modules: Pick<Composition, 'service'>;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Served over TLS: the session cookie is Secure. */
  readonly secure: boolean;
}

/** Every portal answer: no framing, no script, no caching of personal pages, no referrer to other sites. */
function securityHeaders(_req: Request, res: Response, next: NextFunction): void {
  res.set({
    'Content-Security-Policy':
      "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
    'X-Frame-Options': 'DENY',
    'X-Content-Type-Options': 'nosniff',
    // same-origin, not no-referrer: under no-referrer Chromium sends `Origin: null` with our own forms.
    'Referrer-Policy': 'same-origin',
    'Cache-Control': 'no-store',
  });
  next();
}

export function portalRouter(options: PortalOptions): Router {
  const sessions = sessionStore({ idleSeconds: 1800, maxSessions: 10_000, secure: options.secure }, options.clock);
  const { modules } = options;
  const services: PortalServices = {
    registration: modules.service('registration'),
    profiles: modules.service('profiles'),
    aliases: modules.service('aliases'),
    contacts: modules.service('contacts'),
    messaging: modules.service('messaging'),
    inbox: modules.service('inbox'),
  };
  const kit = portalKit(services, sessions, options.logger, options.clock);
  const router = express.Router();
  router.use(securityHeaders);
  router.get('/portal.css', (_req, res) => {
    res.type('css').set('Cache-Control', 'max-age=3600').send(stylesheet);
  });
  // Forms only: small, flat (no nested keys), a bounded number of fields.
  router.use(express.urlencoded({ extended: false, limit: '32kb', parameterLimit: 40 }));
  // CSRF: every POST carries its session's token (and, where the browser says, comes from this origin).
  router.use((req, res, next) => {
    if (req.method !== 'POST') return next();
    const origin = req.headers.origin;
    const sameOrigin = origin === undefined || origin === `${options.secure ? 'https' : 'http'}://${req.headers.host ?? ''}`;
    const session = sessions.find(req);
    const body: unknown = req.body;
    const submitted: unknown = body && typeof body === 'object' ? Object.getOwnPropertyDescriptor(body, 'csrf')?.value : undefined;
    if (sameOrigin && session && csrfMatches(session, submitted)) return next();
    res.status(403).type('text/plain').send('This form has expired or did not come from this site: reload the page and try again.\n');
  });
  accountPages(router, kit, loginThrottle(), options.clock);
  inboxPages(router, kit);
  profilePages(router, kit);
  // A body too large or malformed (express.urlencoded), or anything unexpected: a short answer, no details.
  router.use((error: unknown, _req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent) return next(error);
    const status =
      typeof error === 'object' && error !== null && 'status' in error && typeof error.status === 'number' ? error.status : 500;
    if (status >= 500) options.logger.error({ err: error }, 'portal');
    res
      .status(status)
      .type('text/plain')
      .send(status === 413 ? 'The form is too large.\n' : 'The request could not be handled.\n');
  });
  return router;
}
