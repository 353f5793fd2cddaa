/** GET /metrics: prom-client's exposition, HTTP metrics by declared route, business counters, and its token. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { orderScenario, setStatus } from '../support/factories.js';
import { TestClient } from '../support/http-client.js';
import { connectedRecorder, eventually, watch } from '../support/socket-client.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.stop());

async function scrape(target: TestServer = server, headers: Record<string, string> = {}): Promise<string> {
  const res = await new TestClient(target.url).get<string>('/metrics', headers);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  return res.body;
}

/** The value of one series, or 0 when it has not been seen yet. */
function value(text: string, series: string): number {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line ? Number(line.slice(series.length + 1)) : 0;
}

describe('GET /metrics', () => {
  it('has the process metrics and every metric PRODUCT.md names', async () => {
    const text = await scrape();
    for (const name of [
      'process_cpu_user_seconds_total',
      'process_resident_memory_bytes',
      'nodejs_eventloop_lag_p99_seconds',
      'http_requests_total',
      'http_request_duration_seconds',
      'orders_placed_total',
      'order_status_changes_total',
      'socket_connections',
      'push_events_total',
      'webhook_deliveries_total',
      'emails_sent_total',
      'event_bus_up',
    ]) {
      expect(text, name).toContain(`# TYPE ${name} `);
    }
    expect(value(text, 'event_bus_up')).toBe(1);
  });

  it('labels HTTP requests by the declared route, never the raw path', async () => {
    const { buyer, orderId } = await orderScenario(server.url);
    await buyer.client.get(`/api/order-status/${orderId}`);
    await buyer.client.get(`/api/order-status/${orderId}`);
    const text = await scrape();
    const series = 'http_requests_total{method="GET",route="/api/order-status/{order_id}",status="200"}';
    expect(value(text, series)).toBeGreaterThanOrEqual(2);
    expect(text).not.toContain(`/api/order-status/${orderId}"`);
    expect(text).toContain('http_request_duration_seconds_bucket{le="0.005",method="GET",route="/api/order-status/{order_id}"}');
    // Errors are counted under their route and status too.
    await new TestClient(server.url).get(`/api/order-status/${orderId}`);
    expect(value(await scrape(), 'http_requests_total{method="GET",route="/api/order-status/{order_id}",status="401"}')).toBeGreaterThanOrEqual(1);
  });

  it('counts orders placed, status changes by new status, pushes and sockets', async () => {
    const before = await scrape();
    const { seller, buyer, orderId } = await orderScenario(server.url);
    const recorder = await connectedRecorder(server.url, buyer.client);
    try {
      expect((await watch(recorder.socket, orderId)).ok).toBe(true);
      expect(value(await scrape(), 'socket_connections')).toBeGreaterThanOrEqual(1);
      await setStatus(seller, orderId, 'confirmed');
      await eventually(() => recorder.statuses.length > 0, 'the push arrives');
      const after = await scrape();
      expect(value(after, 'orders_placed_total') - value(before, 'orders_placed_total')).toBe(1);
      const confirmed = 'order_status_changes_total{to="confirmed"}';
      expect(value(after, confirmed) - value(before, confirmed)).toBe(1);
      const pushes = 'push_events_total{event="order:status"}';
      expect(value(after, pushes) - value(before, pushes)).toBe(1);
    } finally {
      recorder.socket.disconnect();
    }
  });
});

describe('METRICS_TOKEN', () => {
  it('when set, needs Authorization: Bearer <token>', async () => {
    const guarded = await startTestServer({ METRICS_TOKEN: 'a-metrics-token-of-some-length' });
    try {
      const client = new TestClient(guarded.url);
      expect((await client.get('/metrics')).status).toBe(401);
      expect((await client.get('/metrics', { authorization: 'Bearer wrong-token-of-some-length' })).status).toBe(401);
      expect(await scrape(guarded, { authorization: 'Bearer a-metrics-token-of-some-length' })).toContain('http_requests_total');
    } finally {
      await guarded.stop();
    }
  });

  it('when unset, is absent (404) in production', async () => {
    const production = await startTestServer({ NODE_ENV: 'production', SESSION_SECRET: 's'.repeat(40) });
    try {
      expect((await new TestClient(production.url).get('/metrics')).status).toBe(404);
    } finally {
      await production.stop();
    }
  });
});
