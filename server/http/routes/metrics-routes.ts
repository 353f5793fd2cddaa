/**
 * Operator metrics in Prometheus text format: event-loop delay, memory, connected sockets,
 * and the event bus state. Nothing in here identifies a user.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Hono } from 'hono';
import type { AppEnv, HttpDeps } from '../app-env.js';

export function metricsRoutes({ bus, socketCount }: HttpDeps) {
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  return new Hono<AppEnv>().get('/metrics', (c) => {
    const memory = process.memoryUsage();
    const ns = 1e-9;
    const lines = [
      '# HELP orderpulse_event_loop_delay_seconds Event-loop delay since the last reset (query ?reset=1).',
      '# TYPE orderpulse_event_loop_delay_seconds gauge',
      `orderpulse_event_loop_delay_seconds{quantile="0.5"} ${loop.percentile(50) * ns}`,
      `orderpulse_event_loop_delay_seconds{quantile="0.99"} ${loop.percentile(99) * ns}`,
      `orderpulse_event_loop_delay_seconds{quantile="1"} ${loop.max * ns}`,
      '# TYPE orderpulse_sockets_connected gauge',
      `orderpulse_sockets_connected ${socketCount()}`,
      '# TYPE orderpulse_event_bus_up gauge',
      `orderpulse_event_bus_up{state="${bus.health()}"} ${bus.health() === 'down' ? 0 : 1}`,
      '# TYPE process_resident_memory_bytes gauge',
      `process_resident_memory_bytes ${memory.rss}`,
      '# TYPE nodejs_heap_used_bytes gauge',
      `nodejs_heap_used_bytes ${memory.heapUsed}`,
    ];
    if (c.req.query('reset') === '1') loop.reset();
    c.header('Cache-Control', 'no-store');
    return c.text(`${lines.join('\n')}\n`, 200, { 'Content-Type': 'text/plain; version=0.0.4' });
  });
}
