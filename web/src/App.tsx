import { Router, useLocation, type RouteSectionProps } from '@solidjs/router';
import { createEffect, on, onMount, type JSX } from 'solid-js';
import { SiteHeader } from './components/SiteHeader.jsx';
import { useLeaveForServerPaths } from './leave-for-server-paths.js';
import { PageRoutes } from './routes.jsx';
import { refreshCart } from './state/cart-store.js';
import { currentUser, loadSession } from './state/session.js';

export function App(): JSX.Element {
  return (
    <Router root={AppShell}>
      <PageRoutes />
    </Router>
  );
}

/** What every page shares: skip link, header, `<main>` and footer. */
function AppShell(props: RouteSectionProps): JSX.Element {
  const location = useLocation();
  let main: HTMLElement | undefined;

  useLeaveForServerPaths();
  onMount(() => void loadSession());

  createEffect(
    on(
      () => currentUser()?.role,
      (role) => {
        if (role === 'buyer') refreshCart().catch(() => undefined);
      },
    ),
  );

  // A new page: start at its top and let screen readers start at its content, as a full load would.
  createEffect(
    on(
      () => location.pathname,
      () => {
        window.scrollTo(0, 0);
        main?.focus({ preventScroll: true });
      },
      { defer: true },
    ),
  );

  return (
    <>
      {/* Any target makes @solidjs/router leave a link alone, and `_self` is what the browser
          does anyway: the jump to #main stays the browser's (scroll, :target, focus start). */}
      <a class="skip-link" href="#main" target="_self">
        Skip to content
      </a>
      <SiteHeader />
      <main id="main" ref={main} tabindex="-1" class="container site-main">
        {props.children}
      </main>
      <footer class="site-footer">
        <div class="container">
          <p>OrderPulse · orders you can follow from checkout to doorstep.</p>
        </div>
      </footer>
    </>
  );
}
