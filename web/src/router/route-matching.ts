/** Path patterns like `/products/:id`: pure functions, so the router stays tiny. */
export type RouteParams = Record<string, string>;

export function matchPath(pattern: string, pathname: string): RouteParams | null {
  const patternParts = splitPath(pattern);
  const pathParts = splitPath(pathname);
  if (patternParts.length !== pathParts.length) return null;
  const params: RouteParams = {};
  for (let i = 0; i < patternParts.length; i += 1) {
    const expected = patternParts[i] ?? '';
    const actual = pathParts[i] ?? '';
    if (expected.startsWith(':')) {
      const value = safeDecode(actual);
      if (value === null || value === '') return null;
      params[expected.slice(1)] = value;
    } else if (expected !== actual) {
      return null;
    }
  }
  return params;
}

function splitPath(path: string): string[] {
  return path.split('/').filter((part) => part !== '');
}

function safeDecode(part: string): string | null {
  try {
    return decodeURIComponent(part);
  } catch {
    // A malformed escape like `%E0%A4` is simply not a match (the page shows "not found").
    return null;
  }
}

export interface RouteDefinition<T> {
  path: string;
  view: T;
}

export function findRoute<T>(routes: readonly RouteDefinition<T>[], pathname: string): { route: RouteDefinition<T>; params: RouteParams } | null {
  for (const route of routes) {
    const params = matchPath(route.path, pathname);
    if (params) return { route, params };
  }
  return null;
}

/** Whether a click on a link should be handled by the router instead of the browser. */
export function shouldInterceptClick(
  event: Pick<MouseEvent, 'button' | 'metaKey' | 'ctrlKey' | 'shiftKey' | 'altKey' | 'defaultPrevented'>,
  anchor: Pick<HTMLAnchorElement, 'target' | 'hasAttribute' | 'origin' | 'pathname'>,
  currentOrigin: string,
): boolean {
  if (event.defaultPrevented || event.button !== 0) return false;
  if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return false;
  if (anchor.target && anchor.target !== '_self') return false;
  if (anchor.hasAttribute('download') || anchor.hasAttribute('data-native')) return false;
  if (anchor.origin !== currentOrigin) return false;
  // Server-handled paths must reach the server.
  return !/^\/(api|images|socket\.io|healthz|seller\/update-order-status)(\/|$)/.test(anchor.pathname);
}
