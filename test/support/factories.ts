/** Test factories: each test builds the users, products and orders it needs, nothing shared. */
import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import type {
  CartBody,
  PlaceOrderBody,
  ProductBody,
  ReturnRequestBody,
  ShipmentBody,
  UpdateStatusBody,
  UserBody,
  WebhookBody,
  WebhookDeliveryBody,
} from '../../server/contract/api.js';
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

/** The shipment of an order that has not shipped. */
export const UNSHIPPED: ShipmentBody = {
  carrier: null,
  carrier_code: null,
  tracking_number: null,
  tracking_url: null,
  status: 'pending',
  shipped_at: null,
  delivered_at: null,
  estimated_delivery: null,
};

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
  const res = await seller.client.post<UpdateStatusBody>(
    '/seller/update-order-status',
    { order_id: orderId, new_status: newStatus, ...extra },
  );
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body;
}

export async function addToCart(
  buyer: Actor,
  line: { product_id: number; quantity: number; size?: string; color?: string },
): Promise<CartBody> {
  const res = await buyer.client.post<{ cart: CartBody }>('/api/cart/items', line);
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.cart;
}

export async function placeOrderFromCart(buyer: Actor, headers: Record<string, string> = {}): Promise<PlaceOrderBody> {
  const res = await buyer.client.post<PlaceOrderBody>('/api/place-order', { payment_method: 'card', shipping_address: ADDRESS }, headers);
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
}

/** Moves an order along the main track up to `target` (the seller makes every step). */
export async function advanceTo(seller: Actor, orderId: number, target: 'confirmed' | 'processing' | 'shipped' | 'delivered') {
  const track = ['confirmed', 'processing', 'shipped', 'delivered'] as const;
  for (const status of track.slice(0, track.indexOf(target) + 1)) await setStatus(seller, orderId, status);
}

/** A seller with one product and a buyer who has ordered one of it: the usual start of an order test. */
export async function orderScenario(baseUrl: string, product: Record<string, unknown> = {}) {
  const [seller, buyer] = await Promise.all([registerSeller(baseUrl), registerBuyer(baseUrl)]);
  const item = await createProduct(seller, product);
  const placed = await placeOrder(buyer, [{ product_id: item.id, quantity: 1 }]);
  return { seller, buyer, product: item, placed, orderId: placed.order_id, orderNumber: placed.order_number };
}

/** A webhook endpoint of this seller, with the secret its creation shows. */
export async function registerWebhook(
  seller: Actor,
  url: string,
  events: string[] = ['order.created', 'order.status_changed'],
): Promise<WebhookBody & { secret: string }> {
  const res = await seller.client.post<{ webhook: WebhookBody }>('/api/seller/webhooks', { url, events });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  const { secret } = res.body.webhook;
  if (!secret) throw new Error('a new webhook comes with its secret');
  return { ...res.body.webhook, secret };
}

/** The endpoint's delivery log, newest first (its first 100). */
export async function webhookDeliveries(seller: Actor, webhookId: number): Promise<WebhookDeliveryBody[]> {
  const res = await seller.client.get<{ deliveries: WebhookDeliveryBody[]; total: number }>(`/api/seller/webhooks/${webhookId}/deliveries?limit=100`);
  expect(res.status).toBe(200);
  return res.body.deliveries;
}

/** The buyer asks to return a delivered order. */
export async function requestReturn(buyer: Actor, orderId: number, body: { reason: string; message?: string } = { reason: 'damaged' }): Promise<ReturnRequestBody> {
  const res = await buyer.client.post<{ return_request: ReturnRequestBody }>(`/api/orders/${orderId}/return-request`, body);
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.return_request;
}
