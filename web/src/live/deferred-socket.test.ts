// @vitest-environment node
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { OrderStatusBody } from '../../../server/contract/api.js';
import { statusFields } from '../../../server/contract/presenters.js';
import { DeferredSocket } from './deferred-socket.js';
import { FakeSocket, FakeVisibility, statusBody } from './fake-socket.test-support.js';
import type { SocketFactory } from './live-socket.js';
import { startOrderLive, type OrderLive } from './order-live.js';

/** A client "module" the test hands over when it chooses, or fails to fetch. */
function clientLoad() {
  let settle: { resolve: (create: SocketFactory) => void; reject: (error: Error) => void } | undefined;
  const load = vi.fn(
    () =>
      new Promise<SocketFactory>((resolve, reject) => {
        settle = { resolve, reject };
      }),
  );
  return {
    load,
    arriveWith: async (create: SocketFactory) => {
      settle?.resolve(create);
      await vi.advanceTimersByTimeAsync(0);
    },
    fail: async () => {
      settle?.reject(new Error('Failed to fetch dynamically imported module'));
      await vi.advanceTimersByTimeAsync(0);
    },
  };
}

describe('DeferredSocket, the socket a page has before socket.io-client is loaded', () => {
  let fetchStatus: ReturnType<typeof vi.fn<(orderId: number) => Promise<OrderStatusBody>>>;
  let live: OrderLive | undefined;

  const startLive = (socket: DeferredSocket) =>
    (live = startOrderLive({ orderId: 7, initial: statusBody(), fetchStatus, createSocket: () => socket, visibility: new FakeVisibility() }));

  beforeEach(() => {
    vi.useFakeTimers();
    fetchStatus = vi.fn(() => Promise.resolve(statusBody()));
  });

  afterEach(() => {
    live?.stop();
    live = undefined;
    vi.useRealTimers();
  });

  it('says "connecting" while the client loads, then goes live on it: the listeners added meanwhile hear it', async () => {
    const client = clientLoad();
    const deferred = new DeferredSocket(client.load);
    startLive(deferred);
    expect(deferred.connected).toBe(false);
    expect(deferred.active).toBe(true);
    expect(live?.getState().mode).toBe('connecting');

    const socket = new FakeSocket();
    socket.watchAck = () => ({ ok: true, order: statusBody() });
    await client.arriveWith(() => socket);
    socket.simulateConnect();
    expect(live?.getState().mode).toBe('live');
    expect(socket.emitted).toEqual([{ event: 'order:watch', payload: { order_id: 7 } }]);

    socket.fire('order:status', { order_id: 7, order_number: 'ORD-0007', ...statusFields('confirmed'), version: 2, updated_at: 'later' });
    expect(live?.getState().status?.status).toBe('confirmed');
  });

  it('sends what was emitted before the client arrived once it has', async () => {
    const client = clientLoad();
    const deferred = new DeferredSocket(client.load);
    const ack = vi.fn();
    deferred.emit('order:watch', { order_id: 7 }, ack);
    const socket = new FakeSocket();
    socket.watchAck = () => ({ ok: false, error: 'not_found' });
    await client.arriveWith(() => socket);
    expect(socket.emitted).toEqual([{ event: 'order:watch', payload: { order_id: 7 } }]);
    expect(ack).toHaveBeenCalledWith({ ok: false, error: 'not_found' });
  });

  it('polls as usual while the client loads slowly', async () => {
    const client = clientLoad();
    startLive(new DeferredSocket(client.load));
    await vi.advanceTimersByTimeAsync(5_000);
    expect(live?.getState().mode).toBe('polling');
    await vi.advanceTimersByTimeAsync(25_000);
    expect(fetchStatus).toHaveBeenCalledTimes(1);
  });

  it('never opens a connection for a page closed before the client arrived', async () => {
    const client = clientLoad();
    const deferred = new DeferredSocket(client.load);
    startLive(deferred).stop();
    live = undefined;
    const create = vi.fn<SocketFactory>(() => new FakeSocket());
    await client.arriveWith(create);
    expect(create).not.toHaveBeenCalled();
    expect(deferred.active).toBe(false);
  });

  it('polls when the client cannot be fetched, and fetches it again at the next poll', async () => {
    const client = clientLoad();
    const deferred = new DeferredSocket(client.load);
    startLive(deferred);
    await client.fail();
    expect(live?.getState().mode).toBe('polling');
    expect(deferred.active).toBe(false);
    expect(client.load).toHaveBeenCalledTimes(1);

    await vi.advanceTimersByTimeAsync(30_000);
    expect(fetchStatus).toHaveBeenCalledTimes(1);
    expect(client.load).toHaveBeenCalledTimes(2);

    const socket = new FakeSocket();
    await client.arriveWith(() => socket);
    socket.simulateConnect();
    expect(live?.getState().mode).toBe('live');
  });
});
