import { fireEvent, screen, waitFor, within } from '@solidjs/testing-library';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { SellerOrderRow, SellerOrdersBody, StatusCounts, UserBody } from '../../../../server/contract/api.js';
import { ORDER_STATUSES, type OrderStatus } from '../../../../server/domain/order-status.js';
import { statusFields } from '../../../../server/contract/presenters.js';
import { installFakeFetch } from '../../api/fake-fetch.test-support.js';
import { FakeSocket } from '../../live/fake-socket.test-support.js';
import { renderRouted } from '../../router.test-support.jsx';
import { setSessionUser } from '../../state/session.js';
import { SellerDashboardPage } from './SellerDashboardPage.jsx';

const sockets: FakeSocket[] = [];
vi.mock('../../live/app-socket.js', () => ({
  createAppSocket: () => {
    const socket = new FakeSocket();
    sockets.push(socket);
    return socket;
  },
}));

const seller: UserBody = { id: 3, email: 'uma@example.com', first_name: 'Uma', last_name: 'R', role: 'seller', created_at: '2026-01-01T00:00:00Z', seller_id: 1, store_name: 'Urban Threads' };

function row(id: number, status: OrderStatus, version = 1): SellerOrderRow {
  return {
    order_id: id,
    order_number: `OP-${id}`,
    customer_name: `Customer ${id}`,
    total_amount: 1000 * id,
    currency: 'USD',
    ...statusFields(status),
    version,
    created_at: '2026-01-01T10:00:00Z',
    updated_at: '2026-01-01T10:00:00Z',
    item_count: id,
  };
}

function body(orders: SellerOrderRow[]): SellerOrdersBody {
  const counts = Object.fromEntries([['all', orders.length], ...ORDER_STATUSES.map((status) => [status, orders.filter((order) => order.status === status).length])]) as StatusCounts;
  return { orders, counts, total: orders.length };
}

describe('SellerDashboardPage', () => {
  let orders: SellerOrderRow[];

  beforeEach(() => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    sockets.length = 0;
    setSessionUser(seller);
    orders = [row(1, 'pending'), row(2, 'shipped')];
    installFakeFetch({
      'GET /api/seller/orders': () => ({ status: 200, body: body(orders) }),
      'POST /seller/update-order-status': (request) => {
        const input = request.body as { order_id: number; new_status: OrderStatus };
        orders = orders.map((order) => (order.order_id === input.order_id ? row(order.order_id, input.new_status, order.version + 1) : order));
        return { status: 200, body: { success: true, changed: true, order: { order_id: input.order_id, status: input.new_status, version: 2, updated_at: 'now' } } };
      },
    });
  });

  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
    setSessionUser(null);
  });

  const table = () => screen.getByRole('table');
  const rowOf = (orderNumber: string) => within(table()).getByText(orderNumber).closest('tr');

  it('lists orders with status tabs and counts', async () => {
    renderRouted(SellerDashboardPage, '/seller-dashboard');
    await screen.findByText('OP-1');
    const tabs = screen.getByRole('navigation', { name: 'Filter orders by status' });
    expect(within(tabs).getByRole('link', { name: /All/ }).getAttribute('aria-current')).toBe('page');
    expect(within(tabs).getByRole('link', { name: /Pending/ }).textContent).toContain('1');
    expect(within(table()).getAllByRole('row')).toHaveLength(3);
  });

  it('shows a new order pushed on the seller room without a reload, highlighted', async () => {
    renderRouted(SellerDashboardPage, '/seller-dashboard');
    await screen.findByText('OP-1');
    const socket = sockets[0];
    if (!socket) throw new Error('no socket opened');
    socket.simulateConnect();

    orders = [row(3, 'pending'), ...orders];
    socket.fire('order:created', { order_id: 3, order_number: 'OP-3', customer_name: 'Customer 3', total_amount: 3000, currency: 'USD', status: 'pending', created_at: 'now' });
    await vi.advanceTimersByTimeAsync(300);
    await screen.findByText('OP-3');
    expect(rowOf('OP-3')?.classList.contains('is-highlighted')).toBe(true);
    expect(screen.getByText(/New order OP-3 from Customer 3/)).toBeTruthy();

    await vi.advanceTimersByTimeAsync(5_000);
    expect(rowOf('OP-3')?.classList.contains('is-highlighted')).toBe(false);
  });

  it('refetches on a status push, ignoring pushes older than what it shows', async () => {
    renderRouted(SellerDashboardPage, '/seller-dashboard');
    await screen.findByText('OP-1');
    const socket = sockets[0];
    if (!socket) throw new Error('no socket opened');
    socket.simulateConnect();
    await vi.advanceTimersByTimeAsync(0);

    socket.fire('order:status', { order_id: 1, order_number: 'OP-1', ...statusFields('pending'), version: 1, updated_at: 'old' });
    await vi.advanceTimersByTimeAsync(300);
    expect(rowOf('OP-1')?.classList.contains('is-highlighted')).toBe(false);

    orders = [row(1, 'confirmed', 2), orders[1] ?? row(2, 'shipped')];
    socket.fire('order:status', { order_id: 1, order_number: 'OP-1', ...statusFields('confirmed'), version: 2, updated_at: 'now' });
    await vi.advanceTimersByTimeAsync(300);
    await waitFor(() => expect(rowOf('OP-1')?.textContent).toContain('Confirmed'));
  });

  it('updates a status from the modal and returns focus to its Update button', async () => {
    renderRouted(SellerDashboardPage, '/seller-dashboard');
    await screen.findByText('OP-1');
    const update = within(rowOf('OP-1') as HTMLElement).getByRole('button', { name: /Update/ });
    update.focus();
    fireEvent.click(update);
    const dialog = screen.getByRole('dialog');
    expect([...within(dialog).getByLabelText('New status').querySelectorAll('option')].map((option) => option.value)).toEqual(['confirmed', 'cancelled']);
    fireEvent.click(within(dialog).getByRole('button', { name: 'Update status' }));
    await waitFor(() => expect(within(dialog).getByRole('status').textContent).toContain('is now Confirmed'));
    await waitFor(() => expect(rowOf('OP-1')?.textContent).toContain('Confirmed'));
    fireEvent.keyDown(document, { key: 'Escape' });
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(document.activeElement?.textContent).toContain('Update');
    expect(document.activeElement?.closest('tr')?.textContent).toContain('OP-1');
  });
});
