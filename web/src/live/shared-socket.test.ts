// @vitest-environment node
import { createRoot } from 'solid-js';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { OrderStatusBody, OrderStatusEvent } from '../../../server/contract/api.js';
import { statusFields } from '../../../server/contract/presenters.js';
import { createOrderLive } from './create-order-live.js';
import { createPageSocket } from './create-page-socket.js';
import { FakeSocket, FakeVisibility, statusBody } from './fake-socket.test-support.js';
import type { SocketFactory } from './live-socket.js';
import { startOrderLive, type OrderLive } from './order-live.js';
import { shareSocket, type SharedSocket } from './shared-socket.js';

const POLL_MS = 30_000;
const ORDERS = [7, 8] as const;

const statusEvent = (orderId: number, version: number): OrderStatusEvent => ({
  order_id: orderId,
  order_number: `ORD-000${orderId}`,
  ...statusFields('confirmed'),
  version,
  updated_at: '2026-01-01T11:00:00.000Z',
});

describe('one socket shared by the trackers of a page', () => {
  let socket: FakeSocket;
  let createSocket: ReturnType<typeof vi.fn<SocketFactory>>;
  let shared: SharedSocket;
  let fetchStatus: ReturnType<typeof vi.fn<(orderId: number) => Promise<OrderStatusBody>>>;
  let trackers: OrderLive[];

  const watched = () => socket.emitted.filter((entry) => entry.event === 'order:watch').map((entry) => entry.payload);
  const fetchedOrders = () => fetchStatus.mock.calls.map(([orderId]) => orderId);

  beforeEach(() => {
    vi.useFakeTimers();
    socket = new FakeSocket();
    socket.watchAck = () => ({ ok: true, order: statusBody() });
    createSocket = vi.fn(() => socket);
    shared = shareSocket(createSocket);
    fetchStatus = vi.fn((orderId: number) => Promise.resolve(statusBody({ order_id: orderId, order_number: `ORD-000${orderId}` })));
    const visibility = new FakeVisibility();
    trackers = ORDERS.map((orderId) =>
      startOrderLive({ orderId, initial: statusBody({ order_id: orderId }), fetchStatus, createSocket: shared.share, pollIntervalMs: POLL_MS, visibility }),
    );
  });

  afterEach(() => {
    for (const tracker of trackers) tracker.stop();
    vi.useRealTimers();
  });

  it('opens one socket on which each order watches its own room, and each follows its own pushes', async () => {
    expect(createSocket).toHaveBeenCalledTimes(1);
    socket.simulateConnect();
    expect(watched()).toEqual([{ order_id: 7 }, { order_id: 8 }]);
    expect(trackers.map((tracker) => tracker.getState().mode)).toEqual(['live', 'live']);
    await vi.advanceTimersByTimeAsync(0);
    expect(fetchedOrders().sort()).toEqual([7, 8]);

    socket.fire('order:status', statusEvent(8, 2));
    expect(trackers.map((tracker) => tracker.getState().status?.status)).toEqual(['pending', 'confirmed']);
  });

  it('polls each order every 30 s while the socket is down, and both watch and resync again on every reconnect', async () => {
    socket.simulateConnect();
    await vi.advanceTimersByTimeAsync(0);
    fetchStatus.mockClear();

    socket.simulateDrop();
    expect(trackers.map((tracker) => tracker.getState().mode)).toEqual(['polling', 'polling']);
    await vi.advanceTimersByTimeAsync(POLL_MS);
    expect(fetchedOrders().sort()).toEqual([7, 8]);
    fetchStatus.mockClear();

    socket.simulateConnect();
    expect(watched()).toEqual([{ order_id: 7 }, { order_id: 8 }, { order_id: 7 }, { order_id: 8 }]);
    expect(trackers.map((tracker) => tracker.getState().mode)).toEqual(['live', 'live']);
    await vi.advanceTimersByTimeAsync(0);
    expect(fetchedOrders().sort()).toEqual([7, 8]);
    await vi.advanceTimersByTimeAsync(POLL_MS * 2);
    expect(fetchStatus).toHaveBeenCalledTimes(2);
  });

  it('keeps the socket while one tracker is left, and disconnects it once when the last one stops', () => {
    socket.simulateConnect();
    trackers[0]?.stop();
    expect(socket.disconnectCalls).toBe(0);
    socket.fire('order:status', statusEvent(8, 2));
    expect(trackers[1]?.getState().status?.status).toBe('confirmed');
    expect(socket.listenerCount('order:status')).toBe(1);

    trackers[1]?.stop();
    expect(socket.disconnectCalls).toBe(1);
    expect(socket.listenerCount('order:status')).toBe(0);
    expect(socket.listenerCount('connect')).toBe(0);
  });
});

describe('createPageSocket', () => {
  it('gives the trackers of a page one socket and disconnects it once when the page closes', () => {
    const sockets: FakeSocket[] = [];
    const fetchStatus = vi.fn((orderId: number) => Promise.resolve(statusBody({ order_id: orderId })));
    createRoot((closePage) => {
      const createSocket = createPageSocket(() => {
        const socket = new FakeSocket();
        sockets.push(socket);
        return socket;
      });
      const lives = ORDERS.map((orderId) => createOrderLive(orderId, { initial: statusBody({ order_id: orderId }), fetchStatus, createSocket }));
      expect(sockets).toHaveLength(1);
      sockets[0]?.simulateConnect();
      expect(lives.map((live) => live.mode())).toEqual(['live', 'live']);

      closePage();
      expect(sockets[0]?.disconnectCalls).toBe(1);
    });
  });
});
