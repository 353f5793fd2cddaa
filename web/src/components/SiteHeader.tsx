import { Show, type JSX } from 'solid-js';
import { cartCount } from '../state/cart-store.js';
import { currentUser } from '../state/session.js';
import { AccountMenu } from './AccountMenu.jsx';
import { NavLink } from './NavLink.jsx';
import { CartIcon } from './icons.jsx';

export function SiteHeader(): JSX.Element {
  const role = () => currentUser()?.role;
  // Guests see the cart too: adding to it is what leads them to log in.
  const showsCart = () => role() !== 'seller';
  return (
    <header class="site-header">
      <div class="site-header__inner container">
        <a href="/" class="brand">
          <span class="brand__mark" aria-hidden="true">
            ◉
          </span>
          OrderPulse
        </a>
        <nav class="site-nav" aria-label="Main">
          <NavLink href="/" class="site-nav__link">
            Shop
          </NavLink>
          <Show when={role() === 'buyer'}>
            <NavLink href="/orders" class="site-nav__link">
              My orders
            </NavLink>
          </Show>
          <Show when={role() === 'seller'}>
            <NavLink href="/seller-dashboard" class="site-nav__link">
              Dashboard
            </NavLink>
          </Show>
          <Show when={showsCart()}>
            <NavLink href="/cart" class="site-nav__link cart-link">
              <CartIcon class="cart-link__icon" />
              <span class="cart-link__text">Cart</span>
              <span class="cart-link__count">{cartCount()}</span>
              <span class="visually-hidden">{cartCount() === 1 ? ' item' : ' items'}</span>
            </NavLink>
          </Show>
        </nav>
        <div class="site-header__account">
          <AccountMenu />
        </div>
      </div>
    </header>
  );
}
