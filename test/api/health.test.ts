import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HealthBody } from '../../server/contract/api.js';
import { TestClient } from '../support/http-client.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.stop());

describe('GET /healthz', () => {
  it('answers 200 {ok, db, redis} without Redis configured, never cached', async () => {
    const res = await new TestClient(server.url).get<HealthBody>('/healthz');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ ok: true, db: 'ok', redis: 'disabled' });
    expect(res.headers.get('cache-control')).toBe('no-store');
  });
});
