/**
 * The URL paths the server answers itself; every other path is a page of the web app. One
 * list, read by the server's page fallback (a 404 for these, index.html for the rest), the
 * Vite dev server's proxy, and the web app's router (links to these leave the app).
 */
export const SERVER_PATH_PREFIXES = [
  '/api',
  '/socket.io',
  '/seller/update-order-status',
  '/healthz',
  '/metrics',
  '/images',
  '/assets',
] as const;

/** Whether the server, not the web app, answers this path. */
export function isServerPath(pathname: string): boolean {
  return SERVER_PATH_PREFIXES.some(
    (prefix) => pathname === prefix || (pathname.startsWith(prefix) && pathname.charAt(prefix.length) === '/'),
  );
}
