import { afterAll, beforeAll, expect, it } from 'vitest';
import { registerBuyer } from '../support/factories.js';
import { connectedRecorder, eventually } from '../support/socket-client.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer(
    {},
    {
      sessionSweepMs: 100,
      tune: (config) => {
        config.session = { ...config.session, absoluteMs: 1_500 };
      },
    },
  );
});
afterAll(() => server.stop());

it('drops a socket when its session expires, and refuses the expired cookie afterwards', async () => {
  const buyer = await registerBuyer(server.url);
  const rec = await connectedRecorder(server.url, buyer.client);
  expect(rec.socket.connected).toBe(true);
  await eventually(() => !rec.socket.connected, 'the socket of an expired session is dropped', 5_000);
  expect((await buyer.client.get('/api/auth/me')).status).toBe(401);
});
