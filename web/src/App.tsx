import { createEffect, on, onCleanup, onMount, type JSX } from 'solid-js';
import { SiteHeader } from './components/SiteHeader.jsx';
import { NotFoundPage } from './pages/NotFoundPage.jsx';
import { ROUTES } from './routes.jsx';
import { RouteView, startRouter, useLocation } from './router/router.jsx';
import { refreshCart } from './state/cart-store.js';
import { currentUser, loadSession } from './state/session.js';

export function App(): JSX.Element {
  const location = useLocation();
  let main: HTMLElement | undefined;

  onMount(() => {
    onCleanup(startRouter());
    void loadSession();
  });

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
      () => location().pathname,
      () => {
        window.scrollTo(0, 0);
        main?.focus({ preventScroll: true });
      },
      { defer: true },
    ),
  );

  return (
    <>
      <a class="skip-link" href="#main" data-native>
        Skip to content
      </a>
      <SiteHeader />
      <main id="main" ref={main} tabindex="-1" class="container site-main">
        <RouteView routes={ROUTES} fallback={NotFoundPage} />
      </main>
      <footer class="site-footer">
        <div class="container">
          <p>OrderPulse · orders you can follow from checkout to doorstep.</p>
        </div>
      </footer>
    </>
  );
}
