import { fireEvent, render, screen, waitFor } from '@solidjs/testing-library';
import { createRoot, createSignal } from 'solid-js';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { OrderStatusBody } from '../../../server/contract/api.js';
import { statusFields } from '../../../server/contract/presenters.js';
import type { OrderStatus } from '../../../server/domain/order-status.js';
import { NotifyMe } from '../components/NotifyMe.jsx';
import { createNotificationPermission, notifyStatusChanges } from './status-notifications.js';

/** The browser's Notification as far as the page uses it: a permission, the question, and what was shown. */
function fakeNotifications(permission: NotificationPermission, answer: NotificationPermission = permission) {
  const shown: { title: string; options?: NotificationOptions }[] = [];
  class FakeNotification {
    static permission = permission;
    static requestPermission = vi.fn(async () => {
      FakeNotification.permission = answer;
      return answer;
    });
    constructor(title: string, options?: NotificationOptions) {
      shown.push({ title, options });
    }
  }
  vi.stubGlobal('Notification', FakeNotification);
  return { shown, requestPermission: FakeNotification.requestPermission };
}

function hidden(isHidden: boolean) {
  vi.spyOn(document, 'visibilityState', 'get').mockReturnValue(isHidden ? 'hidden' : 'visible');
}

const body = (status: OrderStatus, version: number): OrderStatusBody => ({
  order_id: 7,
  order_number: 'OP-7',
  ...statusFields(status),
  version,
  updated_at: '2026-12-07T10:00:00Z',
  history: [],
  shipment: { carrier: null, carrier_code: null, tracking_number: null, tracking_url: null, status: 'pending', shipped_at: null, delivered_at: null, estimated_delivery: null },
});

afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

describe('status notifications', () => {
  it('names the order and its new status when it moves while the tab is hidden', () => {
    const { shown } = fakeNotifications('granted');
    hidden(true);
    const [status, setStatus] = createSignal(body('confirmed', 2));
    const dispose = createRoot((done) => {
      notifyStatusChanges(() => 'OP-7', status);
      return done;
    });
    expect(shown).toEqual([]); // the status the page opened with is no news
    setStatus(body('shipped', 3));
    expect(shown).toEqual([{ title: 'Order OP-7: Shipped', options: expect.objectContaining({ tag: 'order-7' }) }]);
    setStatus(body('shipped', 3)); // the same version again (a resync) is no news either
    expect(shown).toHaveLength(1);
    dispose();
  });

  it('stays quiet while the page is seen, and without permission', () => {
    const { shown } = fakeNotifications('granted');
    hidden(false);
    const [status, setStatus] = createSignal(body('confirmed', 2));
    createRoot((done) => {
      notifyStatusChanges(() => 'OP-7', status);
      return done;
    });
    setStatus(body('processing', 3));
    expect(shown).toEqual([]);
    const denied = fakeNotifications('denied');
    hidden(true);
    const [again, setAgain] = createSignal(body('confirmed', 2));
    createRoot((done) => {
      notifyStatusChanges(() => 'OP-7', again);
      return done;
    });
    setAgain(body('processing', 3));
    expect(denied.shown).toEqual([]);
  });

  it('asks for permission only from the Notify me button, then says it is on', async () => {
    const { requestPermission } = fakeNotifications('default', 'granted');
    // Made once, as the pages do (a call in a JSX prop would run again at every read of it).
    const notifier = createRoot(() => createNotificationPermission());
    render(() => <NotifyMe notifier={notifier} />);
    expect(requestPermission).not.toHaveBeenCalled();
    fireEvent.click(screen.getByRole('button', { name: /Notify me/ }));
    await waitFor(() => expect(screen.getByText(/We will notify you/)).toBeTruthy());
    expect(requestPermission).toHaveBeenCalledTimes(1);
  });

  it('says so when the browser blocks notifications, and offers nothing where there are none', () => {
    fakeNotifications('denied');
    const denied = createRoot(() => createNotificationPermission());
    const { unmount } = render(() => <NotifyMe notifier={denied} />);
    expect(screen.getByText(/blocked in this browser/)).toBeTruthy();
    unmount();
    vi.unstubAllGlobals();
    vi.stubGlobal('Notification', undefined);
    const none = createRoot(() => createNotificationPermission());
    const { container } = render(() => <NotifyMe notifier={none} />);
    expect(container.querySelector('button')).toBeNull();
  });
});
