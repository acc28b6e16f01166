// Web portal sessions (docs/portal.md "Security"): a random id in a cookie (HttpOnly, SameSite=Strict, Path
// /portal, Secure under TLS), kept in memory, idle-expiring; each session has its own CSRF token, which every
// POST must carry. A visitor gets a session before signing in (the sign-in and registration forms need a
// token too), and signing in replaces it with a new id, so a planted session id is worth nothing.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Clock } from '../kernel/ports.js';
import type { InboxBatch } from '../kernel/types.js';

export const cookieName = 'imwsi_portal';

export interface Session {
  readonly id: string;
  readonly csrf: string;
  /** The signed-in account's address; absent before signing in. */
  readonly address: string | undefined;
  seenAt: number;
  /** The inbox batch this session holds leased and shows until it is acknowledged or its lease runs out. */
  leased: InboxBatch | undefined;
}

export interface SessionOptions {
  readonly idleSeconds: number;
  /** Sessions held at most; the least recently created go first. */
  readonly maxSessions: number;
  readonly secure: boolean;
  /** The cookie's name and path: the portal's by default; the operator console (src/console/) has its own. */
  readonly cookieName?: string | undefined;
  readonly path?: string | undefined;
}

const token = () => randomBytes(24).toString('base64url');
const digest = (s: string) => createHash('sha256').update(s).digest();

/** Compares a submitted CSRF token with the session's in constant time. */
export const csrfMatches = (session: Session, submitted: unknown): boolean =>
  typeof submitted === 'string' && timingSafeEqual(digest(session.csrf), digest(submitted));

function cookieOf(req: IncomingMessage, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

export function sessionStore(options: SessionOptions, clock: Clock) {
  const sessions = new Map<string, Session>();
  const idleMs = options.idleSeconds * 1000;
  const name = options.cookieName ?? cookieName;
  const path = options.path ?? '/portal';

  function setCookie(res: ServerResponse, id: string): void {
    const flags = `Path=${path}; HttpOnly; SameSite=Strict; Max-Age=${options.idleSeconds}${options.secure ? '; Secure' : ''}`;
    res.setHeader('Set-Cookie', `${name}=${id}; ${flags}`);
  }

  function create(res: ServerResponse, address: string | undefined): Session {
    while (sessions.size >= options.maxSessions) {
      const oldest = sessions.keys().next().value;
      if (oldest === undefined) break;
      sessions.delete(oldest);
    }
    const session: Session = { id: token(), csrf: token(), address, seenAt: clock(), leased: undefined };
    sessions.set(session.id, session);
    setCookie(res, session.id);
    return session;
  }

  return {
    /** The request's live session, if any. */
    find(req: IncomingMessage): Session | undefined {
      const id = cookieOf(req, name);
      const session = id === undefined ? undefined : sessions.get(id);
      if (!session) return undefined;
      const now = clock();
      if (now - session.seenAt > idleMs) {
        sessions.delete(session.id);
        return undefined;
      }
      session.seenAt = now;
      return session;
    },
    /** The request's session, or a new anonymous one (for a page with a form). */
    ensure(req: IncomingMessage, res: ServerResponse): Session {
      return this.find(req) ?? create(res, undefined);
    },
    /** Signing in: the old session goes and a new id carries the account. */
    signIn(old: Session | undefined, res: ServerResponse, address: string): Session {
      if (old) sessions.delete(old.id);
      return create(res, address);
    },
    end(session: Session, res: ServerResponse): void {
      sessions.delete(session.id);
      res.setHeader('Set-Cookie', `${name}=; Path=${path}; HttpOnly; SameSite=Strict; Max-Age=0${options.secure ? '; Secure' : ''}`);
    },
  };
}

export type SessionStore = ReturnType<typeof sessionStore>;
