// @vitest-environment node
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { OrderStatusBody, OrderStatusEvent } from '../../../server/contract/api.js';
import { statusFields } from '../../../server/contract/presenters.js';
import { FakeSocket, FakeVisibility, statusBody } from './fake-socket.test-support.js';
import { startOrderLive, type OrderLive } from './order-live.js';

const POLL_MS = 30_000;

function statusEvent(version: number, status: OrderStatusEvent['status']): OrderStatusEvent {
  return { order_id: 7, order_number: 'ORD-0007', ...statusFields(status), version, updated_at: `2026-01-01T10:0${version}:00.000Z` };
}

describe('startOrderLive', () => {
  let socket: FakeSocket;
  let visibility: FakeVisibility;
  let serverState: OrderStatusBody;
  let fetchStatus: ReturnType<typeof vi.fn<(orderId: number) => Promise<OrderStatusBody>>>;
  let live: OrderLive;

  const start = () => {
    live = startOrderLive({
      orderId: 7,
      fetchStatus,
      createSocket: () => socket,
      pollIntervalMs: POLL_MS,
      visibility,
    });
    return live;
  };

  beforeEach(() => {
    vi.useFakeTimers();
    socket = new FakeSocket();
    visibility = new FakeVisibility();
    serverState = statusBody();
    socket.watchAck = () => ({ ok: true, order: serverState });
    fetchStatus = vi.fn((orderId: number) => Promise.resolve({ ...serverState, order_id: orderId }));
  });

  afterEach(() => {
    live.stop();
    vi.useRealTimers();
  });

  it('watches the order on connect and applies the ack, then refetches', async () => {
    start();
    expect(live.getState().mode).toBe('connecting');
    socket.simulateConnect();
    expect(socket.emitted).toEqual([{ event: 'order:watch', payload: { order_id: 7 } }]);
    expect(live.getState().status?.status).toBe('pending');
    expect(live.getState().mode).toBe('live');
    await vi.advanceTimersByTimeAsync(0);
    expect(fetchStatus).toHaveBeenCalledTimes(1);
  });

  it('applies pushes newer than the highest version seen and ignores older ones', async () => {
    start();
    socket.simulateConnect();
    await vi.advanceTimersByTimeAsync(0);

    serverState = statusBody({ ...statusFields('processing'), version: 3 });
    socket.fire('order:status', statusEvent(3, 'processing'));
    expect(live.getState().status?.status).toBe('processing');
    expect(live.getState().status?.version).toBe(3);
    expect(live.getState().status?.history.map((entry) => entry.status)).toEqual(['pending', 'processing']);

    socket.fire('order:status', statusEvent(2, 'confirmed'));
    socket.fire('order:status', statusEvent(3, 'processing'));
    expect(live.getState().status?.status).toBe('processing');

    await vi.advanceTimersByTimeAsync(0);
    expect(live.getState().status?.version).toBe(3);
  });

  it('never lets a slow, stale fetch undo a newer push', async () => {
    let resolveSlowFetch: (body: OrderStatusBody) => void = () => {};
    fetchStatus.mockImplementationOnce(() => new Promise((resolve) => (resolveSlowFetch = resolve)));
    start();
    socket.simulateConnect();
    socket.fire('order:status', statusEvent(4, 'shipped'));
    resolveSlowFetch(statusBody({ version: 1 }));
    await vi.advanceTimersByTimeAsync(0);
    expect(live.getState().status?.status).toBe('shipped');
  });

  it('ignores pushes about other orders', () => {
    start();
    socket.simulateConnect();
    socket.fire('order:status', { ...statusEvent(9, 'delivered'), order_id: 8 });
    expect(live.getState().status?.status).toBe('pending');
  });

  it('starts polling every 30 s when the socket cannot connect', async () => {
    start();
    socket.simulateConnectError();
    expect(live.getState().mode).toBe('polling');
    await vi.advanceTimersByTimeAsync(POLL_MS - 1);
    expect(fetchStatus).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(fetchStatus).toHaveBeenCalledTimes(1);
    expect(live.getState().status?.status).toBe('pending');
    await vi.advanceTimersByTimeAsync(POLL_MS);
    expect(fetchStatus).toHaveBeenCalledTimes(2);
  });

  it('polls even while a handshake hangs without failing, and says so after a grace period', async () => {
    start();
    await vi.advanceTimersByTimeAsync(4_999);
    expect(live.getState().mode).toBe('connecting');
    await vi.advanceTimersByTimeAsync(1);
    expect(live.getState().mode).toBe('polling');
    await vi.advanceTimersByTimeAsync(POLL_MS - 5_000);
    expect(fetchStatus).toHaveBeenCalledTimes(1);
  });

  it('stops polling once the socket is connected', async () => {
    start();
    socket.simulateConnectError();
    await vi.advanceTimersByTimeAsync(POLL_MS);
    expect(fetchStatus).toHaveBeenCalledTimes(1);

    socket.simulateConnect();
    expect(live.getState().mode).toBe('live');
    await vi.advanceTimersByTimeAsync(0);
    expect(fetchStatus).toHaveBeenCalledTimes(2); // the resync on connect
    await vi.advanceTimersByTimeAsync(POLL_MS * 3);
    expect(fetchStatus).toHaveBeenCalledTimes(2);
  });

  it('polls while the socket is dropped and resyncs on reconnect', async () => {
    start();
    socket.simulateConnect();
    await vi.advanceTimersByTimeAsync(0);
    expect(fetchStatus).toHaveBeenCalledTimes(1);

    socket.simulateDrop();
    expect(live.getState().mode).toBe('polling');
    serverState = statusBody({ ...statusFields('confirmed'), version: 2 });
    await vi.advanceTimersByTimeAsync(POLL_MS);
    expect(fetchStatus).toHaveBeenCalledTimes(2);
    expect(live.getState().status?.status).toBe('confirmed');

    // Missed while down: the reconnect's ack and refetch bring it in.
    serverState = statusBody({ ...statusFields('processing'), version: 3 });
    socket.simulateConnect();
    expect(socket.watchCount()).toBe(2);
    expect(live.getState().status?.status).toBe('processing');
    await vi.advanceTimersByTimeAsync(0);
    expect(fetchStatus).toHaveBeenCalledTimes(3);
    await vi.advanceTimersByTimeAsync(POLL_MS);
    expect(fetchStatus).toHaveBeenCalledTimes(3);
  });

  it('asks socket.io for a new attempt when it has given up retrying', async () => {
    start();
    socket.active = false;
    socket.simulateConnectError('unauthorized');
    await vi.advanceTimersByTimeAsync(POLL_MS);
    expect(socket.connectCalls).toBe(1);
  });

  it('refetches once when the tab becomes visible again', async () => {
    start();
    socket.simulateConnect();
    await vi.advanceTimersByTimeAsync(0);
    visibility.set(false);
    expect(fetchStatus).toHaveBeenCalledTimes(1);
    visibility.set(true);
    await vi.advanceTimersByTimeAsync(0);
    expect(fetchStatus).toHaveBeenCalledTimes(2);
  });

  it('reports fetch errors and clears them on the next success', async () => {
    fetchStatus.mockRejectedValueOnce(new Error('offline'));
    start();
    socket.simulateConnectError();
    await vi.advanceTimersByTimeAsync(POLL_MS);
    expect(live.getState().error).toBe('offline');
    await vi.advanceTimersByTimeAsync(POLL_MS);
    expect(live.getState().error).toBeNull();
  });

  it('notifies subscribers and releases everything on stop', async () => {
    start();
    const modes: string[] = [];
    live.subscribe((state) => modes.push(state.mode));
    socket.simulateConnect();
    socket.simulateDrop();
    expect(modes).toContain('live');
    expect(modes.at(-1)).toBe('polling');

    await vi.advanceTimersByTimeAsync(0);
    const callsBeforeStop = fetchStatus.mock.calls.length;
    live.stop();
    expect(socket.disconnectCalls).toBe(1);
    expect(socket.listenerCount('order:status')).toBe(0);
    expect(socket.listenerCount('connect')).toBe(0);
    await vi.advanceTimersByTimeAsync(POLL_MS * 2);
    expect(fetchStatus).toHaveBeenCalledTimes(callsBeforeStop);
  });
});
