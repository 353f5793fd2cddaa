import { screen, waitFor } from '@solidjs/testing-library';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { BuyerOrderSummary, ReturnRequestBody, UserBody } from '../../../server/contract/api.js';
import { type OrderStatus } from '../../../server/domain/order-status.js';
import { statusFields } from '../../../server/contract/presenters.js';
import { installFakeFetch } from '../api/fake-fetch.test-support.js';
import { FakeSocket } from '../live/fake-socket.test-support.js';
import { renderRouted } from '../router.test-support.jsx';
import { setSessionUser } from '../state/session.js';
import { MyOrdersPage } from './MyOrdersPage.jsx';

const sockets: FakeSocket[] = [];
vi.mock('../live/app-socket.js', () => ({
  createAppSocket: () => {
    const socket = new FakeSocket();
    sockets.push(socket);
    return socket;
  },
}));

const buyer: UserBody = { id: 1, email: 'ada@example.com', first_name: 'Ada', last_name: 'L', role: 'buyer', created_at: '2026-01-01T00:00:00Z' };

function summary(id: number, status: OrderStatus, version: number): BuyerOrderSummary {
  return {
    order_id: id,
    order_number: `OP-${id}`,
    checkout_number: `CO-${id}`,
    ...statusFields(status),
    total_amount: 2500,
    currency: 'USD',
    created_at: '2026-01-01T10:00:00Z',
    updated_at: '2026-01-01T10:00:00Z',
    version,
    seller: { seller_id: 1, store_name: 'Urban Threads' },
    items: [{ product_id: 1, product_name: 'Tee', quantity: 1, unit_price: 2500, size: null, color: null }],
    return_request: null,
  };
}

const badgeOf = (orderNumber: string) => screen.getByText(orderNumber).closest('li')?.querySelector('.status-badge')?.getAttribute('data-status');

describe('MyOrdersPage', () => {
  let fetches = 0;

  beforeEach(() => {
    sockets.length = 0;
    fetches = 0;
    setSessionUser(buyer);
    installFakeFetch({
      'GET /api/user-orders-detailed': () => {
        fetches += 1;
        return { status: 200, body: { orders: [summary(1, 'pending', 1), summary(2, 'shipped', 4)] } };
      },
    });
  });

  afterEach(() => {
    vi.unstubAllGlobals();
    setSessionUser(null);
  });

  it('moves badges and progress on pushes from the buyer room, never backwards', async () => {
    renderRouted(MyOrdersPage, '/orders');
    await screen.findByText('OP-1');
    const socket = sockets[0];
    if (!socket) throw new Error('no socket opened');
    socket.simulateConnect();
    await waitFor(() => expect(fetches).toBe(2));

    socket.fire('order:status', { order_id: 1, order_number: 'OP-1', ...statusFields('confirmed'), version: 2, updated_at: 'now' });
    expect(badgeOf('OP-1')).toBe('confirmed');
    expect(screen.getByText('OP-1').closest('li')?.querySelector('[role="progressbar"]')?.getAttribute('aria-valuenow')).toBe('2');

    socket.fire('order:status', { order_id: 2, order_number: 'OP-2', ...statusFields('processing'), version: 3, updated_at: 'old' });
    expect(badgeOf('OP-2')).toBe('shipped');
    expect(fetches).toBe(2);
  });

  it('keeps the orders of one checkout together under it, with their total and a link to its page', async () => {
    const first = { ...summary(3, 'pending', 1), checkout_number: 'CO-2', seller: { seller_id: 1, store_name: 'Urban Threads' } };
    const second = { ...summary(4, 'confirmed', 2), checkout_number: 'CO-2', seller: { seller_id: 2, store_name: 'Gadget Garage' } };
    installFakeFetch({ 'GET /api/user-orders-detailed': () => ({ status: 200, body: { orders: [first, second, summary(1, 'pending', 1)] } }) });
    renderRouted(MyOrdersPage, '/orders');
    const group = await screen.findByRole('list', { name: 'Orders of checkout CO-2' });
    expect([...group.querySelectorAll('.order-card__number')].map((h) => h.textContent?.replace('Order', '').trim())).toEqual(['OP-3', 'OP-4']);
    const head = group.closest('.checkout-group')?.querySelector('.checkout-group__head');
    expect(head?.textContent).toContain('2 orders');
    expect(head?.textContent).toContain('$50.00');
    expect(head?.querySelector('a')?.getAttribute('href')).toBe('/checkout-confirmation/CO-2');
    // An order alone in its checkout stands alone.
    expect(screen.getByText('OP-1').closest('.checkout-group')).toBeNull();

    const socket = sockets[0];
    if (!socket) throw new Error('no socket opened');
    socket.simulateConnect();
    socket.fire('order:status', { order_id: 3, order_number: 'OP-3', ...statusFields('confirmed'), version: 5, updated_at: 'now' });
    await waitFor(() => expect(badgeOf('OP-3')).toBe('confirmed'));
  });

  it('flags an order whose return request is open, and follows the request’s events from the buyer room', async () => {
    const request = (id: number, orderId: number, status: ReturnRequestBody['status']): ReturnRequestBody => ({
      id,
      order_id: orderId,
      order_number: `OP-${orderId}`,
      status,
      reason: 'damaged',
      message: null,
      created_at: '2026-01-02T10:00:00Z',
      decided_at: status === 'requested' ? null : '2026-01-03T10:00:00Z',
      buyer_message: null,
      restock: status === 'approved' ? false : null,
    });
    const open = { ...summary(1, 'delivered', 5), return_request: request(7, 1, 'requested') };
    const declined = { ...summary(2, 'delivered', 5), return_request: request(8, 2, 'declined') };
    installFakeFetch({ 'GET /api/user-orders-detailed': () => ({ status: 200, body: { orders: [open, declined, summary(3, 'delivered', 5)] } }) });
    renderRouted(MyOrdersPage, '/orders');
    await screen.findByText('OP-1');
    const flagOf = (orderNumber: string) => screen.getByText(orderNumber).closest('li')?.querySelector('.return-flag')?.textContent?.trim();
    expect(flagOf('OP-1')).toBe('Return requested');
    expect(flagOf('OP-2')).toBeUndefined();
    expect(flagOf('OP-3')).toBeUndefined();

    const socket = sockets[0];
    if (!socket) throw new Error('no socket opened');
    socket.simulateConnect();
    // The seller returned the order by a status change: the request is settled with it.
    socket.fire('order:status', { order_id: 1, order_number: 'OP-1', ...statusFields('returned'), version: 6, updated_at: 'now' });
    socket.fire('return:decided', { order_id: 1, order_number: 'OP-1', return_request: request(7, 1, 'approved') });
    await waitFor(() => expect(flagOf('OP-1')).toBeUndefined());
    expect(badgeOf('OP-1')).toBe('returned');
    socket.fire('return:requested', { order_id: 3, order_number: 'OP-3', return_request: request(9, 3, 'requested') });
    await waitFor(() => expect(flagOf('OP-3')).toBe('Return requested'));
    // An older request's late event changes nothing.
    socket.fire('return:requested', { order_id: 2, order_number: 'OP-2', return_request: request(6, 2, 'requested') });
    expect(flagOf('OP-2')).toBeUndefined();
  });

  it('refetches the list on reconnect', async () => {
    renderRouted(MyOrdersPage, '/orders');
    await screen.findByText('OP-1');
    const socket = sockets[0];
    if (!socket) throw new Error('no socket opened');
    socket.simulateConnect();
    socket.simulateDrop();
    expect(screen.getByText('Polling every 30 s')).toBeTruthy();
    socket.simulateConnect();
    await waitFor(() => expect(fetches).toBe(3));
    expect(screen.getByText('Live')).toBeTruthy();
  });
});
