import { screen, waitFor } from '@solidjs/testing-library';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CheckoutBody, OrderDetailBody, UserBody } from '../../../server/contract/api.js';
import { statusFields } from '../../../server/contract/presenters.js';
import { installFakeFetch } from '../api/fake-fetch.test-support.js';
import { deliveredOrder, orderDetail, returnRequestBody } from '../api/order-fixtures.test-support.js';
import { FakeSocket } from '../live/fake-socket.test-support.js';
import { renderRouted } from '../router.test-support.jsx';
import { setSessionUser } from '../state/session.js';
import { CheckoutConfirmationPage } from './CheckoutConfirmationPage.jsx';

const sockets: FakeSocket[] = [];
vi.mock('../live/app-socket.js', () => ({
  createAppSocket: () => {
    const socket = new FakeSocket();
    sockets.push(socket);
    return socket;
  },
}));

const buyer: UserBody = { id: 1, email: 'ada@example.com', first_name: 'Ada', last_name: 'L', role: 'buyer', created_at: '2026-01-01T00:00:00Z' };

/** One order of the checkout: its own seller, one line, `total` cents. */
const order = (id: number, store: string, total: number): OrderDetailBody =>
  orderDetail({
    order_id: id,
    order_number: `OP-${id}`,
    checkout_number: 'CO-1',
    total_amount: total,
    seller: { seller_id: id, store_name: store },
    items: [{ product_id: id, product_name: `Thing ${id}`, quantity: 1, unit_price: total, size: null, color: null }],
  });

const checkout: CheckoutBody = {
  checkout_number: 'CO-1',
  created_at: '2026-01-01T10:00:00Z',
  total_amount: 9700,
  currency: 'USD',
  orders: [order(7, 'Urban Threads', 4800), order(8, 'Gadget Garage', 4900)],
};

const PATH = '/checkout-confirmation/:checkout_number';

describe('CheckoutConfirmationPage', () => {
  beforeEach(() => {
    sockets.length = 0;
    setSessionUser(buyer);
  });
  afterEach(() => {
    vi.unstubAllGlobals();
    setSessionUser(null);
  });

  it('shows the combined total and one live tracker per order, each following its own pushes', async () => {
    installFakeFetch({
      'GET /api/checkouts/CO-1': () => ({ status: 200, body: { checkout } }),
      'GET /api/order-status/7': () => ({ status: 200, body: { ...order(7, 'Urban Threads', 4800), ...statusFields('confirmed'), version: 2 } }),
      'GET /api/order-status/8': () => ({ status: 200, body: order(8, 'Gadget Garage', 4900) }),
    });
    renderRouted(CheckoutConfirmationPage, '/checkout-confirmation/CO-1', PATH);
    await screen.findByRole('heading', { name: 'CO-1', level: 1 });
    expect(document.querySelector('.checkout-summary')?.textContent).toContain('$97.00');
    const cards = () => [...document.querySelectorAll<HTMLElement>('.checkout-order')];
    expect(cards().map((card) => card.dataset.orderNumber)).toEqual(['OP-7', 'OP-8']);
    expect(cards().map((card) => card.querySelectorAll('.tracker').length)).toEqual([1, 1]);
    // Each tracker's heading is its own.
    const headings = [...document.querySelectorAll('.tracker__heading')].map((h) => h.id);
    expect(new Set(headings).size).toBe(2);
    expect(screen.queryByText('Thank you!')).toBeNull();

    // One socket for the page, on which each tracker watches its own order.
    expect(sockets).toHaveLength(1);
    const [socket] = sockets;
    socket?.simulateConnect();
    expect(socket?.emitted.filter((entry) => entry.event === 'order:watch').map((entry) => entry.payload)).toEqual([{ order_id: 7 }, { order_id: 8 }]);
    socket?.fire('order:status', { order_id: 7, order_number: 'OP-7', ...statusFields('confirmed'), version: 2, updated_at: '2026-01-01T11:00:00Z' });
    await waitFor(() => expect(cards()[0]?.querySelector('.tracker')?.getAttribute('data-status')).toBe('confirmed'));
    expect(cards()[1]?.querySelector('.tracker')?.getAttribute('data-status')).toBe('pending');
  });

  it('thanks the buyer when the checkout hands over its state, once: the history entry forgets it', async () => {
    installFakeFetch({ 'GET /api/checkouts/CO-1': () => ({ status: 200, body: { checkout } }) });
    renderRouted(CheckoutConfirmationPage, '/checkout-confirmation/CO-1', PATH, { placed: true });
    expect((await screen.findByText('Thank you!')).closest('.notice')?.textContent).toContain('one order per seller');
    await waitFor(() => expect(window.history.state?.placed).toBeUndefined());
    expect(window.location.pathname).toBe('/checkout-confirmation/CO-1');
  });

  it('offers a return on each delivered order of the checkout, and follows that order’s request by push', async () => {
    const delivered = { ...deliveredOrder(new Date(Date.now() - 60 * 60 * 1000).toISOString()), order_id: 7, order_number: 'OP-7', checkout_number: 'CO-1' };
    installFakeFetch({ 'GET /api/checkouts/CO-1': () => ({ status: 200, body: { checkout: { ...checkout, orders: [delivered, order(8, 'Gadget Garage', 4900)] } } }) });
    renderRouted(CheckoutConfirmationPage, '/checkout-confirmation/CO-1', PATH);
    await screen.findByRole('heading', { name: 'CO-1', level: 1 });
    const cards = () => [...document.querySelectorAll<HTMLElement>('.checkout-order')];
    expect(cards().map((card) => card.querySelector('button')?.textContent ?? null)).toEqual(['Return this order', null]);

    sockets[0]?.simulateConnect();
    const request = returnRequestBody({ order_id: 7, order_number: 'OP-7', created_at: new Date().toISOString() });
    // The page's socket is in the buyer's room: every tracker hears the event, only OP-7's shows it.
    sockets[0]?.fire('return:requested', { order_id: 7, order_number: 'OP-7', return_request: request });
    await waitFor(() => expect(cards()[0]?.querySelector('.return-panel')?.textContent).toContain('Return requested on'));
    expect(cards()[0]?.querySelector('button')).toBeNull();
    expect(cards()[1]?.querySelector('.return-panel')).toBeNull();
  });

  it('links each order to its own page, naming what is there: the timeline, and cancelling while it may be', async () => {
    const shipped = { ...order(8, 'Gadget Garage', 4900), ...statusFields('shipped') };
    installFakeFetch({ 'GET /api/checkouts/CO-1': () => ({ status: 200, body: { checkout: { ...checkout, orders: [order(7, 'Urban Threads', 4800), shipped] } } }) });
    renderRouted(CheckoutConfirmationPage, '/checkout-confirmation/CO-1', PATH);
    const pending = await screen.findByRole('link', { name: /^Details, timeline and cancel\s*of order OP-7$/ });
    expect(pending.getAttribute('href')).toBe('/order-confirmation/OP-7');
    expect(screen.getByRole('link', { name: /^Details and timeline\s*of order OP-8$/ }).getAttribute('href')).toBe('/order-confirmation/OP-8');

    // The offer follows the live status: once cancelled, there is nothing left to cancel.
    sockets[0]?.simulateConnect();
    sockets[0]?.fire('order:status', { order_id: 7, order_number: 'OP-7', ...statusFields('cancelled'), version: 2, updated_at: '2026-01-01T11:00:00Z' });
    await screen.findByRole('link', { name: /^Details and timeline\s*of order OP-7$/ });
  });

  it('closes its one socket, once, when the buyer leaves the page', async () => {
    installFakeFetch({ 'GET /api/checkouts/CO-1': () => ({ status: 200, body: { checkout } }) });
    const page = renderRouted(CheckoutConfirmationPage, '/checkout-confirmation/CO-1', PATH);
    await waitFor(() => expect(document.querySelectorAll('.checkout-order .tracker')).toHaveLength(2));
    sockets[0]?.simulateConnect();
    page.unmount();
    expect(sockets).toHaveLength(1);
    expect(sockets[0]?.disconnectCalls).toBe(1);
  });

  it('says so when the checkout is not in this account', async () => {
    installFakeFetch({});
    renderRouted(CheckoutConfirmationPage, '/checkout-confirmation/CO-NOPE', PATH);
    expect(await screen.findByRole('heading', { name: 'Checkout not found' })).toBeTruthy();
  });
});
