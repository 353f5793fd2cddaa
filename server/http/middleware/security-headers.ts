import type { MiddlewareHandler } from 'hono';
import { withResponseHeaders, type HeaderList } from '../response-headers.js';

/** Fixed response headers for every response, computed once. */
function securityHeaderList(production: boolean): HeaderList {
  const headers: [string, string][] = [
    [
      'Content-Security-Policy',
      [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data: https:",
        "connect-src 'self'",
        "font-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
      ].join('; '),
    ],
    ['X-Content-Type-Options', 'nosniff'],
    ['Referrer-Policy', 'strict-origin-when-cross-origin'],
    ['X-Frame-Options', 'DENY'],
    ['Cross-Origin-Opener-Policy', 'same-origin'],
    ['Permissions-Policy', 'camera=(), microphone=(), geolocation=()'],
  ];
  if (production) headers.push(['Strict-Transport-Security', 'max-age=31536000; includeSubDomains']);
  return headers;
}

export function securityHeaders(production: boolean): MiddlewareHandler {
  const headers = securityHeaderList(production);
  return (c, next) => withResponseHeaders(c, headers, next);
}
