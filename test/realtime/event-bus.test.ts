/**
 * Both event buses, directly: the in-process one, and its Redis twin against a real
 * redis-server of the test's own (killed and restarted to test the outage handling).
 */
import pino from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { EventBus, LoggedEvent } from '../../server/domain/ports.js';
import { InMemoryEventBus } from '../../server/infra/in-memory-event-bus.js';
import { RedisEventBus } from '../../server/infra/redis-event-bus.js';
import { startTestRedis, type TestRedis } from '../support/redis-server.js';
import { eventually } from '../support/socket-client.js';

const silent = pino({ level: 'silent' });
let position = 0;
const ended = (sessionId: string): LoggedEvent => ({ position: ++position, at: Date.now(), event: { type: 'session:ended', sessionId } });
const idsOf = (events: LoggedEvent[]) => events.map(({ event }) => (event.type === 'session:ended' ? event.sessionId : event.type));

let redis: TestRedis;
const open: EventBus[] = [];
beforeAll(async () => {
  redis = await startTestRedis();
});
afterEach(async () => {
  await Promise.all(open.splice(0).map((bus) => bus.close()));
});
afterAll(() => redis?.stop());

async function redisBus(): Promise<RedisEventBus> {
  const bus = new RedisEventBus(redis.url, silent);
  open.push(bus);
  await bus.start();
  return bus;
}

describe.each([
  ['in-memory', async (): Promise<EventBus> => new InMemoryEventBus(() => {})],
  ['redis', redisBus],
])('%s bus, on its own node', (_name, make) => {
  it('delivers to this node’s listeners before publish returns, in order', async () => {
    const bus = await make();
    const seen: LoggedEvent[] = [];
    bus.subscribe((e) => seen.push(e));
    bus.publish(ended('a'));
    bus.publish(ended('b'));
    expect(idsOf(seen)).toEqual(['a', 'b']);
  });

  it('keeps a throwing listener away from the publisher and from the other listeners', async () => {
    const bus = await make();
    const seen: LoggedEvent[] = [];
    bus.subscribe(() => {
      throw new Error('listener bug');
    });
    bus.subscribe((e) => seen.push(e));
    expect(() => bus.publish(ended('a'))).not.toThrow();
    expect(idsOf(seen)).toEqual(['a']);
  });

  it('stops delivering to a listener once it unsubscribes', async () => {
    const bus = await make();
    const seen: LoggedEvent[] = [];
    const unsubscribe = bus.subscribe((e) => seen.push(e));
    unsubscribe();
    bus.publish(ended('a'));
    expect(seen).toEqual([]);
  });
});

describe('redis bus, across nodes', () => {
  it('brings an event to every other node once, and never back to its publisher', async () => {
    const [a, b, c] = [await redisBus(), await redisBus(), await redisBus()];
    const seen = { a: [] as LoggedEvent[], b: [] as LoggedEvent[], c: [] as LoggedEvent[] };
    a.subscribe((e) => seen.a.push(e));
    b.subscribe((e) => seen.b.push(e));
    c.subscribe((e) => seen.c.push(e));
    a.publish(ended('from-a'));
    await eventually(() => seen.b.length === 1 && seen.c.length === 1, 'b and c receive it');
    await new Promise((r) => setTimeout(r, 100));
    expect(idsOf(seen.a)).toEqual(['from-a']);
    expect(idsOf(seen.b)).toEqual(['from-a']);
    expect(idsOf(seen.c)).toEqual(['from-a']);
  });

  it('reports Redis down, keeps delivering locally, and recovers by itself', async () => {
    const [a, b] = [await redisBus(), await redisBus()];
    const onB: LoggedEvent[] = [];
    const recovered: number[] = [];
    b.subscribe((e) => onB.push(e));
    b.onRecovered((downSince) => recovered.push(downSince));
    expect(a.health()).toBe('ok');

    const killedAt = Date.now();
    await redis.kill();
    await eventually(() => a.health() === 'down' && b.health() === 'down', 'both buses notice the outage');
    const local: LoggedEvent[] = [];
    a.subscribe((e) => local.push(e));
    expect(() => a.publish(ended('during'))).not.toThrow();
    expect(idsOf(local)).toEqual(['during']);

    await redis.restart();
    await eventually(() => a.health() === 'ok' && b.health() === 'ok', 'both buses reconnect', 10_000);
    await eventually(() => recovered.length === 1, 'b reports its recovery');
    expect(recovered[0]).toBeGreaterThanOrEqual(killedAt - 1_000);
    a.publish(ended('after'));
    await eventually(() => idsOf(onB).includes('after'), 'b receives events again');
    expect(idsOf(onB)).not.toContain('during');
  }, 30_000);

  it('counts a frozen Redis (no PING answer within 1 s) as down within 2 s, and recovers when it answers again', async () => {
    const [a, b] = [await redisBus(), await redisBus()];
    const onB: LoggedEvent[] = [];
    const recovered: number[] = [];
    b.subscribe((e) => onB.push(e));
    a.onRecovered((downSince) => recovered.push(downSince));
    const frozenAt = Date.now();
    redis.freeze();
    try {
      await eventually(() => a.health() === 'down' && b.health() === 'down', 'both buses call a frozen Redis down', 2_500);
      expect(Date.now() - frozenAt).toBeLessThan(2_500);
      expect(() => a.publish(ended('while-frozen'))).not.toThrow();
    } finally {
      redis.thaw();
    }
    await eventually(() => a.health() === 'ok' && b.health() === 'ok', 'both buses see it answer again', 5_000);
    await eventually(() => recovered.length === 1, 'a reports its recovery');
    a.publish(ended('thawed'));
    await eventually(() => idsOf(onB).includes('thawed'), 'b receives events again');
  }, 30_000);
});
