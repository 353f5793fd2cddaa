import type { RouteDefinition } from './router/route-matching.js';
import type { RouteComponent } from './router/router.jsx';
import { CartPage } from './pages/CartPage.jsx';
import { CatalogPage } from './pages/CatalogPage.jsx';
import { CheckoutPage } from './pages/CheckoutPage.jsx';
import { LoginPage } from './pages/LoginPage.jsx';
import { MyOrdersPage } from './pages/MyOrdersPage.jsx';
import { OrderConfirmationPage } from './pages/OrderConfirmationPage.jsx';
import { ProductDetailPage } from './pages/ProductDetailPage.jsx';
import { RegisterPage } from './pages/RegisterPage.jsx';
import { SellerDashboardPage } from './pages/seller/SellerDashboardPage.jsx';

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
