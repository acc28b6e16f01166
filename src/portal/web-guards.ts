// What every server-rendered site of the gateway puts before and after its pages (the portal, and the
// operator console in src/console/): security headers, small flat forms, the CSRF check of every POST, and a
// short answer without details for a bad body or an unexpected error.
import express, { type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import type { Logger } from '../platform/logger.js';
import { csrfMatches, type SessionStore } from './sessions.js';

/** Every page: no framing, no script, no caching of personal pages, no referrer to other sites. */
export function securityHeaders(_req: Request, res: Response, next: NextFunction): void {
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

/** Forms only (small, flat: no nested keys, a bounded number of fields); every POST carries its session's
 * CSRF token and, where the browser says, comes from this origin. */
export function formGuards(sessions: SessionStore, secure: boolean): RequestHandler[] {
  return [
    express.urlencoded({ extended: false, limit: '32kb', parameterLimit: 40 }),
    (req, res, next) => {
      if (req.method !== 'POST') return next();
      const origin = req.headers.origin;
      const sameOrigin = origin === undefined || origin === `${secure ? 'https' : 'http'}://${req.headers.host ?? ''}`;
      const session = sessions.find(req);
      const body: unknown = req.body;
      const submitted: unknown = body && typeof body === 'object' ? Object.getOwnPropertyDescriptor(body, 'csrf')?.value : undefined;
      if (sameOrigin && session && csrfMatches(session, submitted)) return next();
      res.status(403).type('text/plain').send('This form has expired or did not come from this site: reload the page and try again.\n');
    },
  ];
}

/** A body too large or malformed (express.urlencoded), or anything unexpected: a short answer, no details. */
export function formErrors(logger: Logger, site: string) {
  return (error: unknown, _req: Request, res: Response, next: NextFunction): void => {
    if (res.headersSent) return next(error);
    const status =
      typeof error === 'object' && error !== null && 'status' in error && typeof error.status === 'number' ? error.status : 500;
    if (status >= 500) logger.error({ err: error }, site);
    res
      .status(status)
      .type('text/plain')
      .send(status === 413 ? 'The form is too large.\n' : 'The request could not be handled.\n');
  };
}
