import { Route, useLocation } from '@solidjs/router';
import { Show, type JSX } from 'solid-js';
import { lazyPage, onDemandPage, thenPreload, type Page } from './page-loading.jsx';
import { isDecodable } from './path-params.js';

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
      <Route path="/" component={thenPreload(CatalogPage, () => [ProductDetailPage, CartPage])} />
      <Route path="/products/:id" component={thenPreload(newPageForEachPath(ProductDetailPage), () => [CartPage])} matchFilters={{ id: isDecodable }} />
      <Route path="/cart" component={thenPreload(CartPage, () => [CheckoutPage, CatalogPage])} />
      <Route path="/checkout" component={thenPreload(CheckoutPage, () => [CheckoutConfirmationPage])} />
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
