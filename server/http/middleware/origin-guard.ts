/**
 * Cross-site request refusal for every unsafe method, whatever the content type (Hono's
 * csrf() only looks at form posts): a foreign Origin, or Sec-Fetch-Site: cross-site, is
 * enough to refuse. API clients that send neither header pass. The socket handshake uses
 * the same rule (server/realtime/socket-gateway.ts).
 */
import type { MiddlewareHandler } from 'hono';
import { DomainError } from '../../domain/errors.js';

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The app's own origin: PUBLIC_URL when configured, else the request's scheme and Host. */
export function ownOrigin(publicOrigin: string | undefined, scheme: string, host: string | undefined): string | null {
  if (publicOrigin) return publicOrigin;
  return host ? `${scheme}://${host}` : null;
}

export const crossSiteRefusal = () => new DomainError('cross_site_request', 'Cross-site requests are not accepted');

/**
 * Whether the request comes from another site. A header sent twice arrives joined with
 * commas (HTTP's rule for repeated fields): an Origin that is two origins is not ours, and a
 * Sec-Fetch-Site with several values is refused rather than guessed at.
 */
export function isCrossSite(headers: { origin?: string | undefined; secFetchSite?: string | undefined }, own: string | null): boolean {
  const site = headers.secFetchSite?.trim().toLowerCase();
  if (site !== undefined && (site === 'cross-site' || site.includes(','))) return true;
  if (headers.origin !== undefined && headers.origin !== own) return true;
  return false;
}

export function originGuard(publicOrigin: string | undefined): MiddlewareHandler {
  // Not async: the safe methods, most requests, pass straight on.
  return (c, next) => {
    if (SAFE.has(c.req.method)) return next();
    const origin = c.req.header('origin');
    const secFetchSite = c.req.header('sec-fetch-site');
    if (origin === undefined && secFetchSite === undefined) return next();
    const scheme = c.req.url.startsWith('https:') ? 'https' : 'http';
    if (isCrossSite({ origin, secFetchSite }, ownOrigin(publicOrigin, scheme, c.req.header('host')))) throw crossSiteRefusal();
    return next();
  };
}
