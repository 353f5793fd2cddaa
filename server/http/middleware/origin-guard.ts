/**
 * Cross-site request refusal for every unsafe method, whatever the content type (Hono's
 * csrf() only looks at form posts): a foreign Origin, or Sec-Fetch-Site: cross-site, is
 * enough to refuse. API clients that send neither header pass.
 */
import type { MiddlewareHandler } from 'hono';
import { DomainError } from '../../domain/errors.js';
import { headerOf } from '../node-request.js';

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The app's own origin: PUBLIC_URL when configured, else the request's scheme and Host. */
export function ownOrigin(publicOrigin: string | undefined, scheme: string, host: string | undefined): string | null {
  if (publicOrigin) return publicOrigin;
  return host ? `${scheme}://${host}` : null;
}

export const crossSiteRefusal = () => new DomainError('cross_site_request', 'Cross-site requests are not accepted');

export function isCrossSite(
  headers: { origin?: string | undefined; secFetchSite?: string | undefined },
  own: string | null,
): boolean {
  if (headers.secFetchSite?.toLowerCase() === 'cross-site') return true;
  if (headers.origin !== undefined && headers.origin !== own) return true;
  return false;
}

export function originGuard(publicOrigin: string | undefined): MiddlewareHandler {
  return async (c, next) => {
    if (SAFE.has(c.req.method)) return next();
    const origin = headerOf(c, 'origin');
    const secFetchSite = headerOf(c, 'sec-fetch-site');
    if (origin === undefined && secFetchSite === undefined) return next();
    const url = new URL(c.req.url);
    const own = ownOrigin(publicOrigin, url.protocol.slice(0, -1), headerOf(c, 'host'));
    if (isCrossSite({ origin, secFetchSite }, own)) throw crossSiteRefusal();
    return next();
  };
}
