// The web portal at /portal/ (5.19.8-12, docs/portal.md): the operator's "Instant Messenger" website, served by
// the gateway. Server-rendered pages with no script: a handful of forms needs no front-end build, works in
// any browser, and leaves no client code to keep in step with the services. It calls the same composed
// services as SOAP (registration, profiles, aliases, contacts, messaging, inbox): there is no second path to
// the data.
import express, { type Router } from 'express';
import type { Clock } from '../kernel/ports.js';
import { loginThrottle } from '../platform/auth/login-throttle.js';
import type { Logger } from '../platform/logger.js';
import type { Composition } from '../platform/modules/compose.js';
import { accountPages } from './account-pages.js';
import { stylesheet } from './html.js';
import { inboxPages } from './inbox-pages.js';
import { portalKit, portalServicesOf } from './portal-kit.js';
import { profilePages } from './profile-pages.js';
import { sessionStore } from './sessions.js';
import { formErrors, formGuards, securityHeaders } from './web-guards.js';

export interface PortalOptions {
  /** The composed modules: the portal takes the same services SOAP's handlers were given. */
  readonly modules: Pick<Composition, 'service'>;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Served over TLS: the session cookie is Secure. */
  readonly secure: boolean;
}

export function portalRouter(options: PortalOptions): Router {
  const sessions = sessionStore({ idleSeconds: 1800, maxSessions: 10_000, secure: options.secure }, options.clock);
  const { modules } = options;
  const services = portalServicesOf(modules);
  const kit = portalKit(services, sessions, options.logger, options.clock);
  const router = express.Router();
  router.use(securityHeaders);
  router.get('/portal.css', (_req, res) => {
    res.type('css').set('Cache-Control', 'max-age=3600').send(stylesheet);
  });
  router.use(...formGuards(sessions, options.secure));
  accountPages(router, kit, loginThrottle(), options.clock);
  inboxPages(router, kit);
  profilePages(router, kit);
  router.use(formErrors(options.logger, 'portal'));
  return router;
}
