import { Route, useLocation } from '@solidjs/router';
import { Show, Suspense, createSignal, lazy, type Component, type JSX } from 'solid-js';
import { Loading } from './components/Loading.jsx';
import { Notice } from './components/Notice.jsx';
import { isDecodable } from './path-params.js';

/** The router calls `preload` (a lazy page's) when a route renders and when a link to it is hovered. */
type Page = Component & { preload?: () => unknown };

/**
 * Pages that open a socket load on demand, so the shop's first paint skips socket.io-client.
 * Each gets its own Suspense: one around every route would also blank the other pages
 * whenever one of their resources refetches.
 */
function lazyPage(load: () => Promise<{ default: Component }>): Page {
  const Loaded = lazy(load);
  const SuspendedPage = () => (
    <Suspense fallback={<Loading />}>
      <Loaded />
    </Suspense>
  );
  return Object.assign(SuspendedPage, { preload: Loaded.preload });
}

/**
 * The shop's pages load on demand too: the entry chunk is part of every page's initial JS, and
 * the order confirmation page must stay within 40 kB gzipped with socket.io-client on top of it
 * (`npm run audit:pages` prints it). No Suspense above them: their resources refetch in place (a
 * search keeps the list on screen and focus in its box) as when they were in the entry chunk.
 */
function onDemandPage(load: () => Promise<{ default: Component }>): Page {
  const [loaded, setLoaded] = createSignal<Component>();
  const [failed, setFailed] = createSignal(false);
  let loading: Promise<unknown> | undefined;
  const preload = () =>
    (loading ??= load().then(
      (module) => setLoaded(() => module.default),
      () => {
        loading = undefined;
        setFailed(true);
      },
    ));
  const OnDemandPage = () => {
    void preload();
    return (
      <Show when={loaded()} keyed fallback={failed() ? <Notice kind="error">This page could not be loaded. Check your connection and reload.</Notice> : <Loading />}>
        {(Loaded) => <Loaded />}
      </Show>
    );
  };
  return Object.assign(OnDemandPage, { preload });
}

/**
 * The router keeps a route's page when only its parameters change; a full load would not.
 * `/products/3` → `/products/4` must not carry over the size picked for product 3. Query
 * changes still keep the page (filters, search and pages live there).
 */
function newPageForEachPath(Page: Page): Page {
  const KeyedPage = () => {
    const location = useLocation();
    return (
      <Show when={location.pathname} keyed>
        <Page />
      </Show>
    );
  };
  return Object.assign(KeyedPage, { preload: Page.preload });
}

const CatalogPage = onDemandPage(() => import('./pages/CatalogPage.jsx').then((m) => ({ default: m.CatalogPage })));
const ProductDetailPage = onDemandPage(() => import('./pages/ProductDetailPage.jsx').then((m) => ({ default: m.ProductDetailPage })));
const CartPage = onDemandPage(() => import('./pages/CartPage.jsx').then((m) => ({ default: m.CartPage })));
const CheckoutPage = onDemandPage(() => import('./pages/CheckoutPage.jsx').then((m) => ({ default: m.CheckoutPage })));
const LoginPage = onDemandPage(() => import('./pages/LoginPage.jsx').then((m) => ({ default: m.LoginPage })));
const RegisterPage = onDemandPage(() => import('./pages/RegisterPage.jsx').then((m) => ({ default: m.RegisterPage })));
const NotFoundPage = onDemandPage(() => import('./pages/NotFoundPage.jsx').then((m) => ({ default: m.NotFoundPage })));
const OrderConfirmationPage = lazyPage(() => import('./pages/OrderConfirmationPage.jsx').then((m) => ({ default: m.OrderConfirmationPage })));
const CheckoutConfirmationPage = lazyPage(() => import('./pages/CheckoutConfirmationPage.jsx').then((m) => ({ default: m.CheckoutConfirmationPage })));
const MyOrdersPage = lazyPage(() => import('./pages/MyOrdersPage.jsx').then((m) => ({ default: m.MyOrdersPage })));
const SellerWebhooksPage = lazyPage(() => import('./pages/seller/SellerWebhooksPage.jsx').then((m) => ({ default: m.SellerWebhooksPage })));
const SellerProductsPage = lazyPage(() => import('./pages/seller/SellerProductsPage.jsx').then((m) => ({ default: m.SellerProductsPage })));
const ProductEditorPage = lazyPage(() => import('./pages/seller/ProductEditorPage.jsx').then((m) => ({ default: m.ProductEditorPage })));
const SellerReturnsPage = lazyPage(() => import('./pages/seller/SellerReturnsPage.jsx').then((m) => ({ default: m.SellerReturnsPage })));
const SellerDashboardPage = lazyPage(() => import('./pages/seller/SellerDashboardPage.jsx').then((m) => ({ default: m.SellerDashboardPage })));

export function PageRoutes(): JSX.Element {
  return (
    <>
      <Route path="/" component={CatalogPage} />
      <Route path="/products/:id" component={newPageForEachPath(ProductDetailPage)} matchFilters={{ id: isDecodable }} />
      <Route path="/cart" component={CartPage} />
      <Route path="/checkout" component={CheckoutPage} />
      <Route
        path="/order-confirmation/:order_number"
        component={newPageForEachPath(OrderConfirmationPage)}
        matchFilters={{ order_number: isDecodable }}
      />
      <Route
        path="/checkout-confirmation/:checkout_number"
        component={newPageForEachPath(CheckoutConfirmationPage)}
        matchFilters={{ checkout_number: isDecodable }}
      />
      <Route path="/orders" component={MyOrdersPage} />
      <Route path="/login" component={LoginPage} />
      <Route path="/register" component={RegisterPage} />
      <Route path="/seller-dashboard" component={SellerDashboardPage} />
      <Route path="/seller-dashboard/webhooks" component={SellerWebhooksPage} />
      <Route path="/seller-dashboard/returns" component={SellerReturnsPage} />
      <Route path="/seller/products" component={SellerProductsPage} />
      <Route path="/seller/products/:id" component={newPageForEachPath(ProductEditorPage)} matchFilters={{ id: /^(new|[1-9]\d{0,14})$/ }} />
      <Route path="*" component={NotFoundPage} />
    </>
  );
}
