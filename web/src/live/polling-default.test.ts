// @vitest-environment node
/**
 * The pages name no polling interval: whatever they get by default is what a buyer or seller
 * sees while the socket is down. That default must be 30 s, as the UI ("Polling every 30 s")
 * and the README promise.
 */
import { createRoot } from 'solid-js';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createOrderLive } from './create-order-live.js';
import { createRoomFeed } from './create-room-feed.js';
import { FakeSocket, statusBody } from './fake-socket.test-support.js';

/** Each adapter started exactly as its pages start it, with `poll` counting the refetches. */
const PAGE_ADAPTERS = [
  {
    name: 'createOrderLive, as OrderConfirmationPage starts it',
    start: (socket: FakeSocket, poll: () => void) =>
      createOrderLive(7, {
        initial: statusBody(),
        createSocket: () => socket,
        fetchStatus: () => {
          poll();
          return Promise.resolve(statusBody());
        },
      }),
  },
  {
    name: 'createRoomFeed, as MyOrdersPage and the seller dashboard start it',
    start: (socket: FakeSocket, poll: () => void) => createRoomFeed({ createSocket: () => socket, resync: poll }),
  },
];

describe('the polling interval pages get by default', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it.each(PAGE_ADAPTERS)('is 30 s for $name', async ({ start }) => {
    const socket = new FakeSocket();
    const poll = vi.fn<() => void>();
    await createRoot(async (dispose) => {
      start(socket, poll);
      socket.simulateConnectError();
      await vi.advanceTimersByTimeAsync(29_999);
      expect(poll).not.toHaveBeenCalled();
      await vi.advanceTimersByTimeAsync(1);
      expect(poll).toHaveBeenCalledTimes(1);
      await vi.advanceTimersByTimeAsync(30_000);
      expect(poll).toHaveBeenCalledTimes(2);
      dispose();
    });
  });
});
