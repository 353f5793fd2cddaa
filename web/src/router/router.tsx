/**
 * A small History API router: a location signal, navigate(), link interception and a view
 * that renders the first matching route. Query-string changes update the location without
 * remounting the page, so pages can keep filters in the URL.
 */
import { createMemo, createSignal, Show, type Accessor, type Component, type JSX } from 'solid-js';
import { Dynamic } from 'solid-js/web';
import { findRoute, shouldInterceptClick, type RouteDefinition, type RouteParams } from './route-matching.js';

export interface AppLocation {
  pathname: string;
  search: string;
}

export interface RouteProps {
  params: RouteParams;
}

export type RouteComponent = Component<RouteProps>;

function readLocation(): AppLocation {
  if (typeof window === 'undefined') return { pathname: '/', search: '' };
  return { pathname: window.location.pathname, search: window.location.search };
}

const [location, setLocation] = createSignal<AppLocation>(readLocation(), {
  equals: (a, b) => a.pathname === b.pathname && a.search === b.search,
});

export function useLocation(): Accessor<AppLocation> {
  return location;
}

export function useSearchParams(): Accessor<URLSearchParams> {
  return createMemo(() => new URLSearchParams(location().search));
}

export function navigate(to: string, options: { replace?: boolean } = {}): void {
  const url = new URL(to, window.location.href);
  const target = url.pathname + url.search + url.hash;
  if (options.replace) window.history.replaceState(null, '', target);
  else window.history.pushState(null, '', target);
  setLocation(readLocation());
}

/** Wires the browser to the router; returns a function that unwires it. */
export function startRouter(): () => void {
  const onPopState = () => setLocation(readLocation());
  const onClick = (event: MouseEvent) => {
    const anchor = event.target instanceof Element ? event.target.closest('a[href]') : null;
    if (!(anchor instanceof HTMLAnchorElement)) return;
    if (!shouldInterceptClick(event, anchor, window.location.origin)) return;
    // In-page anchors (#section) keep the browser's own scrolling and focus.
    if (anchor.hash && anchor.pathname === window.location.pathname && anchor.search === window.location.search) return;
    event.preventDefault();
    const target = anchor.pathname + anchor.search + anchor.hash;
    if (target !== window.location.pathname + window.location.search) navigate(target);
  };
  window.addEventListener('popstate', onPopState);
  document.addEventListener('click', onClick);
  setLocation(readLocation());
  return () => {
    window.removeEventListener('popstate', onPopState);
    document.removeEventListener('click', onClick);
  };
}

export function RouteView(props: { routes: readonly RouteDefinition<RouteComponent>[]; fallback: Component }): JSX.Element {
  const pathname = createMemo(() => location().pathname);
  const match = createMemo(() => findRoute(props.routes, pathname()));
  return (
    <Show when={match()} keyed fallback={<Dynamic component={props.fallback} />}>
      {(found) => <Dynamic component={found.route.view} params={found.params} />}
    </Show>
  );
}

/** The path and query of the current page, for "log in, then come back here" links. */
export function currentPath(): string {
  const { pathname, search } = location();
  return pathname + search;
}
