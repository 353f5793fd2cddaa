/** The buyer's cart, shared by the header badge and the cart pages. */
import { createSignal } from 'solid-js';
import type { CartBody } from '../../../server/contract/api.js';
import { fetchCart } from '../api/cart-api.js';

const [cart, setCart] = createSignal<CartBody | undefined>(undefined);

export const currentCart = cart;

export function cartCount(): number {
  return cart()?.items.reduce((sum, item) => sum + item.quantity, 0) ?? 0;
}

export function setCartFromServer(next: CartBody | undefined): void {
  setCart(next);
}

export async function refreshCart(): Promise<CartBody> {
  const next = await fetchCart();
  setCart(next);
  return next;
}
