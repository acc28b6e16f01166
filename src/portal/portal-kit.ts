// What every portal page shares: the services (the same composed services SOAP calls: no second path to the
// data), the sessions, form fields read safely, the signed-in account, and one way to show an error.
import type { Request, Response } from 'express';
import { AppError, toAppError } from '../kernel/errors.js';
import type { Clock } from '../kernel/ports.js';
import type { Account } from '../kernel/types.js';
import type { Logger } from '../platform/logger.js';
import type { Composition } from '../platform/modules/compose.js';
import type { ServiceTypes } from '../platform/modules/registry.js';
import { type Html, page, type PageContext } from './html.js';
import type { Session, SessionStore } from './sessions.js';

export interface PortalServices {
  readonly registration: ServiceTypes['registration'];
  readonly profiles: ServiceTypes['profiles'];
  readonly aliases: ServiceTypes['aliases'];
  readonly contacts: ServiceTypes['contacts'];
  readonly messaging: ServiceTypes['messaging'];
  readonly inbox: ServiceTypes['inbox'];
}

/** The services the portal's pages call, from the composed modules (the portal's and the console's kit). */
export const portalServicesOf = (modules: Pick<Composition, 'service'>): PortalServices => ({
  registration: modules.service('registration'),
  profiles: modules.service('profiles'),
  aliases: modules.service('aliases'),
  contacts: modules.service('contacts'),
  messaging: modules.service('messaging'),
  inbox: modules.service('inbox'),
});

export interface SignedIn {
  readonly session: Session;
  readonly account: Account;
}

/** A form field as one string: absent, repeated or over `max` characters is SVC0002 naming it. */
export function field(req: Request, name: string, max = 4096): string {
  const body: unknown = req.body;
  const value: unknown = body && typeof body === 'object' ? Object.getOwnPropertyDescriptor(body, name)?.value : undefined;
  if (value === undefined) return '';
  if (typeof value !== 'string' || value.length > max) throw new AppError('SVC0002', [name]);
  return value;
}

export const optionalField = (req: Request, name: string, max?: number): string | undefined => field(req, name, max).trim() || undefined;

export function portalKit(services: PortalServices, sessions: SessionStore, logger: Logger, clock: Clock) {
  const context = (session: Session, title: string, notice?: PageContext['notice']): PageContext => ({
    title,
    user: session.address,
    csrf: session.csrf,
    notice,
  });

  return {
    services,
    sessions,
    context,
    now: clock,
    show(res: Response, ctx: PageContext, body: Html, status = 200): void {
      res.status(status).type('html').send(page(ctx, body));
    },
    /** The signed-in account (re-read: a suspended or deleted account's session stops), or a redirect to sign in. */
    async signedIn(req: Request, res: Response): Promise<SignedIn | undefined> {
      const session = sessions.find(req);
      if (session?.address === undefined) {
        res.redirect(303, '/portal/');
        return undefined;
      }
      try {
        return { session, account: await services.registration.current(session.address) };
      } catch {
        sessions.end(session, res);
        res.redirect(303, '/portal/');
        return undefined;
      }
    },
    /** A refused action: the page again with the error, and the HTTP status it deserves. */
    failure(error: unknown, res: Response): { notice: PageContext['notice']; status: number } {
      const appError = toAppError(error);
      if (appError.code === 'SVC0001') logger.error({ err: appError.cause }, 'portal');
      const limited = appError.code === 'POL1008' || appError.code === 'POL6003';
      if (limited) res.setHeader('Retry-After', appError.variables[0] ?? '1');
      const status = limited ? 429 : appError.code === 'SVC0001' ? 500 : 400;
      return {
        notice: { kind: 'error', text: appError.code === 'SVC0001' ? 'Something went wrong on our side: try again.' : appError.message },
        status,
      };
    },
  };
}

export type PortalKit = ReturnType<typeof portalKit>;
