import type { MiddlewareHandler } from 'hono';
import { withResponseHeaders, type HeaderList } from '../response-headers.js';

/**
 * Fixed response headers, computed once, in two sets.
 *
 * Pages (the web app, its files, the API reference) get the document policies: a CSP the
 * app's own scripts and styles fit, the referrer and permissions policies, COOP.
 *
 * API answers (JSON under /api/, /healthz, /metrics) get what the OWASP REST cheat sheet asks
 * of an API: nosniff, no framing, and `default-src 'none'`, so that a response opened as a
 * document can load and run nothing. The document-only policies mean nothing on a response
 * that is never a document, and every byte of them went out on every poll of the tracker.
 */
function documentHeaders(production: boolean): HeaderList {
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
  if (production) headers.push(HSTS);
  return headers;
}

function apiHeaders(production: boolean): HeaderList {
  const headers: [string, string][] = [
    ['Content-Security-Policy', "default-src 'none'; frame-ancestors 'none'"],
    ['X-Content-Type-Options', 'nosniff'],
    ['X-Frame-Options', 'DENY'],
  ];
  if (production) headers.push(HSTS);
  return headers;
}

const HSTS: [string, string] = ['Strict-Transport-Security', 'max-age=31536000; includeSubDomains'];

/** Whether a path answers with data rather than a page: the API (but its reference page and that page's files), health, metrics. */
export function isApiPath(path: string): boolean {
  if (path.startsWith('/api/')) return !(path === '/api/docs' || path.startsWith('/api/docs/'));
  return path === '/healthz' || path === '/metrics';
}

export function securityHeaders(production: boolean): MiddlewareHandler {
  const api = apiHeaders(production);
  const document = documentHeaders(production);
  return (c, next) => withResponseHeaders(c, isApiPath(c.req.path) ? api : document, next);
}
