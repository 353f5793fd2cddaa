import type { CartBody } from '../../../server/contract/api.js';
import { apiRequest } from './api-client.js';

export interface AddToCartInput {
  product_id: number;
  quantity: number;
  size?: string;
  color?: string;
}

export function fetchCart(): Promise<CartBody> {
  return apiRequest<CartBody>('/api/cart', { cache: 'no-store' });
}

export async function addCartItem(input: AddToCartInput): Promise<CartBody> {
  const { cart } = await apiRequest<{ cart: CartBody }>('/api/cart/items', { method: 'POST', body: input });
  return cart;
}

export async function updateCartItem(itemId: number, quantity: number): Promise<CartBody> {
  const { cart } = await apiRequest<{ cart: CartBody }>(`/api/cart/items/${itemId}`, {
    method: 'PATCH',
    body: { quantity },
  });
  return cart;
}

export async function removeCartItem(itemId: number): Promise<CartBody> {
  const { cart } = await apiRequest<{ cart: CartBody }>(`/api/cart/items/${itemId}`, { method: 'DELETE' });
  return cart;
}
