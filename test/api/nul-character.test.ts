/**
 * The NUL character in any text a store keeps or searches with is a 400, on both stores
 * (PostgreSQL cannot hold it in text: before this rule it answered 500 there).
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { expectError } from '../support/assertions.js';
import { ADDRESS, createProduct, orderScenario, PASSWORD, registerBuyer, registerSeller } from '../support/factories.js';
import { TestClient } from '../support/http-client.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.stop());

const NUL = '\u0000';

it('is refused in searches, sign-up, login, products, addresses and status notes, writing nothing', async () => {
  const { seller, buyer, product, orderId } = await orderScenario(server.url);
  const other = await registerSeller(server.url);
  await createProduct(other);
  const before = await server.db.fingerprint();
  const anonymous = new TestClient(server.url);
  expectError(await anonymous.get(`/api/products?q=a${encodeURIComponent(NUL)}`), 400, 'invalid_input');
  expectError(await seller.client.get(`/api/seller/orders?q=${encodeURIComponent(NUL)}`), 400, 'invalid_input');
  expectError(
    await anonymous.post('/api/auth/register', { email: 'nul@example.test', password: PASSWORD, first_name: `A${NUL}`, last_name: 'B', role: 'buyer' }),
    400,
    'invalid_input',
  );
  expectError(await anonymous.post('/api/auth/login', { email: `x${NUL}@example.test`, password: PASSWORD }), 400, 'invalid_input');
  expectError(await seller.client.post('/api/seller/products', { name: `Hat${NUL}`, price: 100, stock: 1 }), 400, 'invalid_input');
  expectError(
    await buyer.client.post('/api/place-order', { payment_method: 'card', shipping_address: { ...ADDRESS, city: `C${NUL}` }, items: [{ product_id: product.id, quantity: 1 }] }),
    400,
    'invalid_input',
  );
  expectError(await seller.client.post('/seller/update-order-status', { order_id: orderId, new_status: 'confirmed', note: `n${NUL}` }), 400, 'invalid_input');
  expect(await server.db.fingerprint()).toBe(before);
  // The same requests without it go through.
  expect((await anonymous.get('/api/products?q=a')).status).toBe(200);
  expect((await registerBuyer(server.url)).user.first_name).toBe('Bea');
});
