// @vitest-environment node
import { createRoot } from 'solid-js';
import { describe, expect, it, vi } from 'vitest';
import { statusFields } from '../../../server/contract/presenters.js';
import { createOrderLive } from './create-order-live.js';
import { FakeSocket, statusBody } from './fake-socket.test-support.js';

describe('createOrderLive', () => {
  it('exposes the live state as signals and closes the socket with its owner', async () => {
    const socket = new FakeSocket();
    const fetchStatus = vi.fn(() => Promise.resolve(statusBody()));
    await createRoot(async (dispose) => {
      const live = createOrderLive(7, { initial: statusBody(), fetchStatus, createSocket: () => socket });
      expect(live.mode()).toBe('connecting');
      expect(live.status()?.status).toBe('pending');

      socket.simulateConnect();
      expect(live.mode()).toBe('live');
      socket.fire('order:status', { order_id: 7, order_number: 'ORD-0007', ...statusFields('confirmed'), version: 2, updated_at: 'later' });
      expect(live.status()?.status).toBe('confirmed');

      fetchStatus.mockRejectedValueOnce(new Error('offline'));
      await live.refresh();
      expect(live.error()).toBe('offline');

      dispose();
      expect(socket.disconnectCalls).toBe(1);
    });
  });
});
