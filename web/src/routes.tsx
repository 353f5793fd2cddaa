import { Suspense, lazy } from 'solid-js';
import { Loading } from './components/Loading.jsx';
import type { RouteDefinition } from './router/route-matching.js';
import type { RouteComponent } from './router/router.jsx';
import { CartPage } from './pages/CartPage.jsx';
import { CatalogPage } from './pages/CatalogPage.jsx';
import { CheckoutPage } from './pages/CheckoutPage.jsx';
import { LoginPage } from './pages/LoginPage.jsx';
import { ProductDetailPage } from './pages/ProductDetailPage.jsx';
import { RegisterPage } from './pages/RegisterPage.jsx';

/**
 * Pages that open a socket load on demand, so the shop's first paint skips socket.io-client.
 * Each gets its own Suspense: one around every route would also blank the eager pages
 * whenever one of their resources refetches.
 */
function lazyPage(load: () => Promise<{ default: RouteComponent }>): RouteComponent {
  const Page = lazy(load);
  return (props) => (
    <Suspense fallback={<Loading />}>
      <Page {...props} />
    </Suspense>
  );
}

const OrderConfirmationPage = lazyPage(() => import('./pages/OrderConfirmationPage.jsx').then((m) => ({ default: m.OrderConfirmationPage })));
const MyOrdersPage = lazyPage(() => import('./pages/MyOrdersPage.jsx').then((m) => ({ default: m.MyOrdersPage })));
const SellerDashboardPage = lazyPage(() => import('./pages/seller/SellerDashboardPage.jsx').then((m) => ({ default: m.SellerDashboardPage })));

export const ROUTES: readonly RouteDefinition<RouteComponent>[] = [
  { path: '/', view: CatalogPage },
  { path: '/products/:id', view: ProductDetailPage },
  { path: '/cart', view: CartPage },
  { path: '/checkout', view: CheckoutPage },
  { path: '/order-confirmation/:order_number', view: OrderConfirmationPage },
  { path: '/orders', view: MyOrdersPage },
  { path: '/login', view: LoginPage },
  { path: '/register', view: RegisterPage },
  { path: '/seller-dashboard', view: SellerDashboardPage },
];
