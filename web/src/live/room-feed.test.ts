// @vitest-environment node
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { OrderCreatedEvent, OrderStatusEvent } from '../../../server/contract/api.js';
import { statusFields } from '../../../server/contract/presenters.js';
import { FakeSocket, FakeVisibility } from './fake-socket.test-support.js';
import { startRoomFeed, VersionBook, type RoomFeed } from './room-feed.js';

const POLL_MS = 30_000;

describe('startRoomFeed (seller and buyer rooms)', () => {
  let socket: FakeSocket;
  let visibility: FakeVisibility;
  let resync: ReturnType<typeof vi.fn<() => void>>;
  let onStatus: ReturnType<typeof vi.fn<(event: OrderStatusEvent) => void>>;
  let onCreated: ReturnType<typeof vi.fn<(event: OrderCreatedEvent) => void>>;
  let feed: RoomFeed;

  beforeEach(() => {
    vi.useFakeTimers();
    socket = new FakeSocket();
    visibility = new FakeVisibility();
    resync = vi.fn<() => void>();
    onStatus = vi.fn<(event: OrderStatusEvent) => void>();
    onCreated = vi.fn<(event: OrderCreatedEvent) => void>();
    feed = startRoomFeed({ createSocket: () => socket, resync, onStatus, onCreated, pollIntervalMs: POLL_MS, visibility });
  });

  afterEach(() => {
    feed.stop();
    vi.useRealTimers();
  });

  it('forwards order:status and order:created pushes', () => {
    socket.simulateConnect();
    const status: OrderStatusEvent = { order_id: 1, order_number: 'A1', ...statusFields('confirmed'), version: 2, updated_at: 'now' };
    const created: OrderCreatedEvent = {
      order_id: 2,
      order_number: 'A2',
      customer_name: 'Ada L.',
      total_amount: 1999,
      currency: 'USD',
      status: 'pending',
      created_at: 'now',
    };
    socket.fire('order:status', status);
    socket.fire('order:created', created);
    expect(onStatus).toHaveBeenCalledWith(status);
    expect(onCreated).toHaveBeenCalledWith(created);
  });

  it('refetches the list on every connect and reconnect', () => {
    socket.simulateConnect();
    expect(resync).toHaveBeenCalledTimes(1);
    socket.simulateDrop();
    socket.simulateConnect();
    expect(resync).toHaveBeenCalledTimes(2);
    expect(feed.getMode()).toBe('live');
  });

  it('polls every 30 s while the socket is down, and stops when it is back', async () => {
    socket.simulateConnectError();
    expect(feed.getMode()).toBe('polling');
    await vi.advanceTimersByTimeAsync(POLL_MS * 2);
    expect(resync).toHaveBeenCalledTimes(2);
    socket.simulateConnect();
    expect(resync).toHaveBeenCalledTimes(3);
    await vi.advanceTimersByTimeAsync(POLL_MS * 2);
    expect(resync).toHaveBeenCalledTimes(3);
  });

  it('refetches when the tab is shown again', () => {
    socket.simulateConnect();
    visibility.set(false);
    visibility.set(true);
    expect(resync).toHaveBeenCalledTimes(2);
  });
});

describe('VersionBook', () => {
  it('accepts only versions newer than any seen for the same order', () => {
    const book = new VersionBook();
    book.recordAll([{ order_id: 1, version: 3 }]);
    expect(book.accept(1, 3)).toBe(false);
    expect(book.accept(1, 2)).toBe(false);
    expect(book.accept(1, 4)).toBe(true);
    expect(book.accept(1, 4)).toBe(false);
    expect(book.accept(2, 1)).toBe(true);
  });
});
