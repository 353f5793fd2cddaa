/** Test factories: each test builds the users, products and orders it needs, nothing shared. */
import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import type { PlaceOrderBody, ProductBody, UserBody } from '../../server/contract/api.js';
import { TestClient } from './http-client.js';

export const PASSWORD = 'correct horse battery staple';

export interface Actor {
  client: TestClient;
  user: UserBody;
}

export async function registerUser(
  baseUrl: string,
  role: 'buyer' | 'seller',
  overrides: Record<string, unknown> = {},
): Promise<Actor> {
  const client = new TestClient(baseUrl);
  const tag = randomUUID().slice(0, 8);
  const res = await client.post<{ user: UserBody }>('/api/auth/register', {
    email: `${role}-${tag}@example.test`,
    password: PASSWORD,
    first_name: role === 'buyer' ? 'Bea' : 'Sam',
    last_name: `Tester ${tag}`,
    role,
    ...(role === 'seller' ? { store_name: `Store ${tag}` } : {}),
    ...overrides,
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return { client, user: res.body.user };
}

export const registerBuyer = (baseUrl: string, overrides?: Record<string, unknown>) => registerUser(baseUrl, 'buyer', overrides);
export const registerSeller = (baseUrl: string, overrides?: Record<string, unknown>) => registerUser(baseUrl, 'seller', overrides);

export async function createProduct(seller: Actor, overrides: Record<string, unknown> = {}): Promise<ProductBody> {
  const res = await seller.client.post<{ product: ProductBody }>('/api/seller/products', {
    name: `Widget ${randomUUID().slice(0, 6)}`,
    description: 'A test product',
    price: 1250,
    stock: 100,
    ...overrides,
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.product;
}

export const ADDRESS = { name: 'Bea Tester', line1: '1 Test Street', city: 'Testville', postal_code: '12345', country: 'Testland' };

export async function placeOrder(
  buyer: Actor,
  items: { product_id: number; quantity: number; size?: string; color?: string }[],
  headers: Record<string, string> = {},
): Promise<PlaceOrderBody> {
  const res = await buyer.client.post<PlaceOrderBody>(
    '/api/place-order',
    { payment_method: 'card', shipping_address: ADDRESS, items },
    headers,
  );
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
}

export async function setStatus(seller: Actor, orderId: number, newStatus: string, extra: Record<string, unknown> = {}) {
  const res = await seller.client.post<{ success: boolean; changed: boolean; order: { version: number; status: string } }>(
    '/seller/update-order-status',
    { order_id: orderId, new_status: newStatus, ...extra },
  );
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body;
}
