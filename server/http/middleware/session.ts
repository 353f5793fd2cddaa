/** Resolves the session cookie to a user on every API request; declared routes say whether they need one. */
import type { Context, MiddlewareHandler } from 'hono';
import { createMiddleware } from 'hono/factory';
import { deleteCookie, setCookie } from 'hono/cookie';
import type { Config } from '../../config.js';
import type { AccountService } from '../../domain/account-service.js';
import { DomainError } from '../../domain/errors.js';
import type { AppEnv, SignedInEnv } from '../app-env.js';

export function sessionCookieName(production: boolean): string {
  // __Host- pins the cookie to this exact origin over HTTPS (no Domain, Path=/, Secure).
  return production ? '__Host-op_session' : 'op_session';
}

/**
 * The raw value of the first cookie called `name` in a Cookie header: the one cookie reader,
 * for HTTP requests and socket handshakes alike. It runs on every API request, so it finds
 * the one pair it needs instead of parsing them all (hono's parse validates and decodes
 * every pair, a share of a status read's CPU that shows in a profile). No unquoting or
 * %-decoding: a session token never needs either, and one that has them fails the token
 * check anyway.
 */
export function cookieValue(header: string, name: string): string | undefined {
  for (let at = header.indexOf(name); at !== -1; at = header.indexOf(name, at + 1)) {
    const end = at + name.length;
    if (header.charCodeAt(end) !== 61 /* = */) continue;
    let before = at - 1;
    while (before >= 0 && (header[before] === ' ' || header[before] === '\t')) before--;
    if (before >= 0 && header[before] !== ';') continue;
    const stop = header.indexOf(';', end + 1);
    return header.slice(end + 1, stop === -1 ? header.length : stop).trim();
  }
  return undefined;
}

/** The session token in a Cookie header. */
export function sessionTokenIn(cookieHeader: string | undefined, production: boolean): string | undefined {
  return cookieHeader ? cookieValue(cookieHeader, sessionCookieName(production)) : undefined;
}

export function sessionToken(c: Context, config: Pick<Config, 'production'>): string | undefined {
  return sessionTokenIn(c.req.header('cookie'), config.production);
}

export function sessionMiddleware(accounts: AccountService, config: Pick<Config, 'production'>): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const token = sessionToken(c, config);
    const found = token ? await accounts.authenticate(token) : null;
    c.set('user', found?.user ?? null);
    c.set('sessionId', found?.sessionId ?? null);
    return next();
  };
}

/** For declared routes that need a session: 401 before the request is looked at any further. */
export const requireSession = createMiddleware<SignedInEnv>((c, next) => {
  const user = c.get('user');
  if (!user) throw new DomainError('unauthorized', 'Please log in first');
  c.set('viewer', user);
  return next();
});

export function setSessionCookie(c: Context, config: Pick<Config, 'production'>, token: string, expiresAt: number): void {
  setCookie(c, sessionCookieName(config.production), token, {
    httpOnly: true,
    sameSite: 'Lax',
    secure: config.production,
    path: '/',
    maxAge: Math.max(1, Math.floor((expiresAt - Date.now()) / 1000)),
  });
}

export function clearSessionCookie(c: Context, config: Pick<Config, 'production'>): void {
  deleteCookie(c, sessionCookieName(config.production), { path: '/', secure: config.production });
}
