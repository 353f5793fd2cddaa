import { fireEvent, screen, waitFor } from '@solidjs/testing-library';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { OrderDetailBody, UserBody } from '../../../server/contract/api.js';
import { statusFields } from '../../../server/contract/presenters.js';
import { installFakeFetch } from '../api/fake-fetch.test-support.js';
import { FakeSocket } from '../live/fake-socket.test-support.js';
import { renderRouted } from '../router.test-support.jsx';
import { setSessionUser } from '../state/session.js';
import { deliveredOrder, orderDetail, returnRequestBody } from '../api/order-fixtures.test-support.js';
import { statusBodyOf } from '../live/create-order-live.js';
import { OrderConfirmationPage } from './OrderConfirmationPage.jsx';

const sockets: FakeSocket[] = [];
vi.mock('../live/app-socket.js', () => ({
  createAppSocket: () => {
    const socket = new FakeSocket();
    sockets.push(socket);
    return socket;
  },
}));

const buyer: UserBody = { id: 1, email: 'ada@example.com', first_name: 'Ada', last_name: 'L', role: 'buyer', created_at: '2026-01-01T00:00:00Z' };

const order = orderDetail;

describe('OrderConfirmationPage', () => {
  beforeEach(() => {
    sockets.length = 0;
    setSessionUser(buyer);
  });
  afterEach(() => {
    vi.unstubAllGlobals();
    setSessionUser(null);
  });

  it('shows the order, watches it over the socket and follows pushes', async () => {
    const requests = installFakeFetch({
      'GET /api/orders/OP-5': () => ({ status: 200, body: { order: order() } }),
      'GET /api/order-status/5': () => ({ status: 200, body: { ...order(), ...statusFields('confirmed'), version: 2 } }),
    });
    renderRouted(OrderConfirmationPage, '/order-confirmation/OP-5', '/order-confirmation/:order_number');
    await screen.findByText('OP-5');
    expect(screen.getByText('Tee')).toBeTruthy();
    expect(document.querySelector('.tracker__message[aria-live="polite"]')?.textContent).toContain('Waiting for the seller to confirm your order');
    expect(document.title).toContain('Pending');
    expect(screen.getByRole('button', { name: 'Cancel order' })).toBeTruthy();
    expect(screen.getByText('Connecting…')).toBeTruthy();

    const socket = sockets[0];
    if (!socket) throw new Error('no socket opened');
    socket.simulateConnect();
    expect(socket.emitted[0]).toEqual({ event: 'order:watch', payload: { order_id: 5 } });
    expect(screen.getByText('Live')).toBeTruthy();

    socket.fire('order:status', { order_id: 5, order_number: 'OP-5', ...statusFields('processing'), version: 3, updated_at: '2026-01-01T11:00:00Z' });
    await waitFor(() => expect(document.querySelector('[aria-current="step"]')?.getAttribute('data-status')).toBe('processing'));
    expect(document.querySelector('.tracker__message')?.textContent).toContain('Processing — 🔄 Your order is being prepared');
    expect(document.title).toContain('Processing');
    expect(screen.queryByRole('button', { name: 'Cancel order' })).toBeNull();
    expect(requests.some((request) => request.path === '/api/order-status/5')).toBe(true);
  });

  it('shows the timeline below the tracker, newest first with the seller’s messages, and follows pushes', async () => {
    const history = [
      { status: 'pending' as const, at: '2026-01-01T10:00:00Z', buyer_message: null },
      { status: 'confirmed' as const, at: '2026-01-01T10:30:00Z', buyer_message: 'Thanks! Packing it today.' },
    ];
    let current = order({ ...statusFields('confirmed'), version: 2, history });
    installFakeFetch({
      'GET /api/orders/OP-5': () => ({ status: 200, body: { order: current } }),
      'GET /api/order-status/5': () => ({ status: 200, body: current }),
    });
    renderRouted(OrderConfirmationPage, '/order-confirmation/OP-5', '/order-confirmation/:order_number');
    const timeline = await screen.findByRole('list', { name: /newest first/ });
    const entries = () => [...timeline.querySelectorAll('li')].map((li) => li.getAttribute('data-status'));
    expect(entries()).toEqual(['confirmed', 'pending']);
    expect(timeline.querySelector('li')?.textContent).toContain('Thanks! Packing it today.');
    // The timeline comes after the tracker.
    const tracker = document.querySelector('.tracker');
    expect(tracker && tracker.compareDocumentPosition(timeline) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();

    const socket = sockets[0];
    if (!socket) throw new Error('no socket opened');
    socket.simulateConnect();
    current = order({
      ...statusFields('processing'),
      version: 3,
      history: [...history, { status: 'processing', at: '2026-01-01T11:00:00Z', buyer_message: 'Gift-wrapping it now' }],
    });
    socket.fire('order:status', { order_id: 5, order_number: 'OP-5', ...statusFields('processing'), version: 3, updated_at: '2026-01-01T11:00:00Z' });
    await waitFor(() => expect(entries()).toEqual(['processing', 'confirmed', 'pending']));
    await waitFor(() => expect(timeline.querySelector('li')?.textContent).toContain('Gift-wrapping it now'));
  });

  it('cancels after confirmation and shows the cancelled state', async () => {
    let current = order();
    const requests = installFakeFetch({
      'GET /api/orders/OP-5': () => ({ status: 200, body: { order: current } }),
      'POST /api/orders/5/cancel': () => {
        current = order({ ...statusFields('cancelled'), version: 2, history: [...current.history, { status: 'cancelled', at: '2026-01-01T10:05:00Z', buyer_message: null }], can_cancel: false });
        return { status: 200, body: { order: current } };
      },
      'GET /api/order-status/5': () => ({ status: 200, body: current }),
    });
    renderRouted(OrderConfirmationPage, '/order-confirmation/OP-5', '/order-confirmation/:order_number');
    fireEvent.click(await screen.findByRole('button', { name: 'Cancel order' }));
    fireEvent.click(screen.getByRole('button', { name: 'Yes, cancel order' }));
    await waitFor(() => expect(document.querySelector('.tracker')?.getAttribute('data-status')).toBe('cancelled'));
    expect(requests.filter((request) => request.method === 'POST')).toHaveLength(1);
    expect(document.querySelector('[aria-current="step"]')?.textContent).toContain('Cancelled');
  });

  describe('a return', () => {
    // Delivered a day ago: well inside the 30 days.
    const deliveredAt = new Date(Date.now() - 24 * 60 * 60 * 1000).toISOString();
    const returned = (order: OrderDetailBody, at: string): OrderDetailBody => ({
      ...order,
      ...statusFields('returned'),
      version: order.version + 1,
      updated_at: at,
      history: [...order.history, { status: 'returned', at, buyer_message: 'Refund on its way' }],
      next_statuses: [],
    });
    const panel = () => document.querySelector<HTMLElement>('.return-panel');

    it('is asked for from the order page, then the seller’s approval arrives by push: the panel and the tracker follow without a reload', async () => {
      let current = deliveredOrder(deliveredAt);
      const requests = installFakeFetch({
        'GET /api/orders/OP-5': () => ({ status: 200, body: { order: current } }),
        'GET /api/order-status/5': () => ({ status: 200, body: statusBodyOf(current) }),
        'POST /api/orders/5/return-request': () => {
          current = { ...current, return_request: returnRequestBody({ created_at: new Date().toISOString() }) };
          return { status: 201, body: { return_request: current.return_request } };
        },
      });
      renderRouted(OrderConfirmationPage, '/order-confirmation/OP-5', '/order-confirmation/:order_number');
      fireEvent.click(await screen.findByRole('button', { name: 'Return this order' }));
      fireEvent.change(screen.getByLabelText('Reason'), { target: { value: 'damaged' } });
      fireEvent.input(screen.getByLabelText(/Message to the seller/), { target: { value: 'The box was crushed.' } });
      fireEvent.click(screen.getByRole('button', { name: 'Request return' }));
      await waitFor(() => expect(panel()?.textContent).toContain('Return requested on'));
      expect(requests.filter((r) => r.method === 'POST').map((r) => r.body)).toEqual([{ reason: 'damaged', message: 'The box was crushed.' }]);
      expect(screen.queryByRole('button', { name: 'Return this order' })).toBeNull();

      const socket = sockets[0];
      if (!socket) throw new Error('no socket opened');
      socket.simulateConnect();
      const decidedAt = new Date().toISOString();
      const approved = returnRequestBody({ status: 'approved', decided_at: decidedAt, restock: true, buyer_message: 'Refund on its way' });
      current = { ...returned(current, decidedAt), return_request: approved };
      socket.fire('return:decided', { order_id: 5, order_number: 'OP-5', return_request: approved });
      await waitFor(() => expect(panel()?.getAttribute('data-return-status')).toBe('approved'));
      expect(panel()?.textContent).toContain('Return approved');
      expect(panel()?.textContent).toContain('Message from the seller: Refund on its way');
      expect(panel()?.textContent).not.toMatch(/stock/i);

      socket.fire('order:status', { order_id: 5, order_number: 'OP-5', ...statusFields('returned'), version: 6, updated_at: decidedAt });
      await waitFor(() => expect(document.querySelector('.tracker')?.getAttribute('data-status')).toBe('returned'));
      // Events for another order of the buyer change nothing here.
      socket.fire('return:decided', { order_id: 6, order_number: 'OP-6', return_request: returnRequestBody({ id: 99, order_id: 6, order_number: 'OP-6', status: 'declined' }) });
      expect(panel()?.getAttribute('data-return-status')).toBe('approved');
    });

    it('catches up on a decision it missed: a reconnect fetches the order’s request again', async () => {
      let current = deliveredOrder(deliveredAt, returnRequestBody());
      installFakeFetch({
        'GET /api/orders/OP-5': () => ({ status: 200, body: { order: current } }),
        'GET /api/order-status/5': () => ({ status: 200, body: statusBodyOf(current) }),
      });
      renderRouted(OrderConfirmationPage, '/order-confirmation/OP-5', '/order-confirmation/:order_number');
      await waitFor(() => expect(panel()?.getAttribute('data-return-status')).toBe('requested'));
      const socket = sockets[0];
      if (!socket) throw new Error('no socket opened');
      socket.simulateConnect();
      socket.simulateDrop();

      current = {
        ...current,
        return_request: returnRequestBody({ status: 'declined', decided_at: new Date().toISOString(), buyer_message: 'The seal is broken: we cannot take it back.' }),
      };
      socket.simulateConnect();
      await waitFor(() => expect(panel()?.getAttribute('data-return-status')).toBe('declined'));
      expect(panel()?.textContent).toContain('Return declined');
      expect(panel()?.textContent).toContain('The seal is broken: we cannot take it back.');
      // Declined, the order is still delivered and inside its window: the buyer may ask again.
      expect(screen.getByRole('button', { name: 'Return this order' })).toBeTruthy();
    });

    it('is not offered to a buyer whose order is not delivered', async () => {
      installFakeFetch({ 'GET /api/orders/OP-5': () => ({ status: 200, body: { order: orderDetail({ ...statusFields('shipped'), can_cancel: false }) } }) });
      renderRouted(OrderConfirmationPage, '/order-confirmation/OP-5', '/order-confirmation/:order_number');
      await screen.findByText('OP-5');
      expect(screen.queryByRole('button', { name: 'Return this order' })).toBeNull();
    });
  });

  it('says so when the order is not in this account', async () => {
    installFakeFetch({});
    renderRouted(OrderConfirmationPage, '/order-confirmation/NOPE', '/order-confirmation/:order_number');
    expect(await screen.findByRole('heading', { name: 'Order not found' })).toBeTruthy();
  });
});
