/** Resolves the session cookie to a user on every API request; handlers ask for the user they need. */
import type { Context, MiddlewareHandler } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { Config } from '../../config.js';
import type { AccountService } from '../../domain/account-service.js';
import { DomainError } from '../../domain/errors.js';
import type { User } from '../../domain/model.js';
import type { AppEnv } from '../app-env.js';
import { headerOf } from '../node-request.js';

/**
 * The raw value of the first cookie called `name` in a Cookie header. Runs on every API request,
 * so it finds the one pair it needs instead of parsing them all (hono's parse splits the whole
 * header). No unquoting or %-decoding: a session token never needs either, and one that has
 * them fails the token check anyway.
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

function cookieOf(c: Context, name: string): string | undefined {
  const header = headerOf(c, 'cookie');
  return header ? cookieValue(header, name) : undefined;
}

export function sessionCookieName(production: boolean): string {
  // __Host- pins the cookie to this exact origin over HTTPS (no Domain, Path=/, Secure).
  return production ? '__Host-op_session' : 'op_session';
}

export function sessionMiddleware(accounts: AccountService, config: Config): MiddlewareHandler<AppEnv> {
  const name = sessionCookieName(config.production);
  return async (c, next) => {
    const token = cookieOf(c, name);
    const found = token ? await accounts.authenticate(token) : null;
    c.set('user', found?.user ?? null);
    c.set('sessionId', found?.sessionId ?? null);
    return next();
  };
}

export function setSessionCookie(c: Context, config: Config, token: string, expiresAt: number): void {
  setCookie(c, sessionCookieName(config.production), token, {
    httpOnly: true,
    sameSite: 'Lax',
    secure: config.production,
    path: '/',
    maxAge: Math.max(1, Math.floor((expiresAt - Date.now()) / 1000)),
  });
}

export function clearSessionCookie(c: Context, config: Config): void {
  deleteCookie(c, sessionCookieName(config.production), { path: '/', secure: config.production });
}

export function sessionToken(c: Context, config: Config): string | undefined {
  return getCookie(c, sessionCookieName(config.production));
}

/** The logged-in user, or a 401. */
export function requireUser(c: Context<AppEnv>): User {
  return loggedIn(c.get('user'));
}

export function loggedIn(user: User | null): User {
  if (!user) throw new DomainError('unauthorized', 'Please log in first');
  return user;
}
