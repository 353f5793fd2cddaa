/**
 * Paths the server answers itself (server/contract/server-paths.ts: the API, Socket.IO,
 * images, metrics…) are not pages of this app. @solidjs/router takes every same-origin link
 * click except one with a `target`, `download` or `rel="external"` (see data/events.js in its
 * dist), so a plain link to /api/docs would render "Page not found". Instead, every
 * navigation to such a path, by link or by navigate(), is refused here and handed to the
 * browser, which asks the server.
 */
import { useBeforeLeave } from '@solidjs/router';
import { isServerPath } from '../../server/contract/server-paths.js';

/** The URL the browser must load instead of the router, or null for a page of this app. */
export function serverPathHref(to: string | number, origin: string): string | null {
  // A number is Back/Forward by some steps: entries of this app, so pages.
  if (typeof to === 'number') return null;
  const url = new URL(to, origin);
  return url.origin === origin && isServerPath(url.pathname) ? url.href : null;
}

export function useLeaveForServerPaths(load: (href: string) => void = (href) => window.location.assign(href)): void {
  useBeforeLeave((event) => {
    const href = serverPathHref(event.to, window.location.origin);
    if (href === null) return;
    event.preventDefault();
    load(href);
  });
}
