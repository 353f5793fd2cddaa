import { afterAll, beforeAll, expect, it } from 'vitest';
import type { UserBody } from '../../server/contract/api.js';
import { TestClient } from '../support/http-client.js';
import { registerBuyer } from '../support/factories.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.stop());

it('GET /api/auth/session answers 200 with the user, or null for a guest and after logout', async () => {
  const guest = await new TestClient(server.url).get<{ user: UserBody | null }>('/api/auth/session');
  expect(guest.status).toBe(200);
  expect(guest.body).toEqual({ user: null });

  const buyer = await registerBuyer(server.url);
  const mine = await buyer.client.get<{ user: UserBody | null }>('/api/auth/session');
  expect(mine.body.user?.id).toBe(buyer.user.id);

  await buyer.client.post('/api/auth/logout');
  expect((await buyer.client.get<{ user: UserBody | null }>('/api/auth/session')).body).toEqual({ user: null });
});

it('serves placeholder product pictures as SVG', async () => {
  const res = await fetch(`${server.url}/images/products/blue-mug.svg`);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toContain('image/svg+xml');
  expect(await res.text()).toContain('<svg');
  for (const name of ['blue-mug.png', 'Blue-Mug.svg', `${'a'.repeat(81)}.svg`]) {
    const refused = await fetch(`${server.url}/images/products/${name}`);
    expect(refused.status, name).toBe(404);
    expect(await refused.json()).toEqual({ error: { code: 'not_found', message: 'No such endpoint' } });
  }
});
