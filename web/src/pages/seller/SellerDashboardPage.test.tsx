import { fireEvent, screen, waitFor, within } from '@solidjs/testing-library';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ProductBody, SellerOrderRow, SellerOrdersBody, StatusCounts, UserBody } from '../../../../server/contract/api.js';
import { ORDER_STATUSES, type OrderStatus } from '../../../../server/domain/order-status.js';
import { statusFields } from '../../../../server/contract/presenters.js';
import { productBody } from '../../api/bodies.test-support.js';
import { installFakeFetch, type RecordedRequest } from '../../api/fake-fetch.test-support.js';
import { FakeSocket } from '../../live/fake-socket.test-support.js';
import { renderRouted } from '../../router.test-support.jsx';
import { setSessionUser } from '../../state/session.js';
import { returnRequestBody } from '../../api/order-fixtures.test-support.js';
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
  let products: ProductBody[];
  let requests: RecordedRequest[];

  beforeEach(() => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    sockets.length = 0;
    setSessionUser(seller);
    orders = [row(1, 'pending'), row(2, 'shipped')];
    products = [];
    requests = installFakeFetch({
      'GET /api/seller/orders': () => ({ status: 200, body: body(orders) }),
      'GET /api/seller/products': () => ({ status: 200, body: { products } }),
      'POST /api/seller/orders/bulk-status': (request) => {
        const input = request.body as { order_ids: number[]; new_status: OrderStatus };
        const results = input.order_ids.map((id) => {
          const order = orders.find((o) => o.order_id === id);
          if (!order || order.status === 'shipped') {
            return { order_id: id, ok: false, error: { code: 'illegal_transition', message: 'An order that is shipped cannot become confirmed' } };
          }
          orders = orders.map((o) => (o.order_id === id ? row(id, input.new_status, o.version + 1) : o));
          return { order_id: id, ok: true, changed: true, order: { order_id: id, status: input.new_status, version: order.version + 1, updated_at: 'now' } };
        });
        return { status: 200, body: { results } };
      },
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

  it('leads a seller with no orders and no products to adding a first product', async () => {
    orders = [];
    renderRouted(SellerDashboardPage, '/seller-dashboard');
    const add = await screen.findByRole('link', { name: 'Add your first product' });
    expect(add.getAttribute('href')).toBe('/seller/products/new');
    expect(add.closest('.empty-state')?.textContent).toContain('No orders yet.');
    expect(screen.queryByRole('table')).toBeNull();
  });

  it('tells a seller with products but no orders that orders appear here, linking to the products', async () => {
    orders = [];
    products = [productBody({ id: 5, name: 'Linen shirt' })];
    renderRouted(SellerDashboardPage, '/seller-dashboard');
    const see = await screen.findByRole('link', { name: 'See your products' });
    expect(see.getAttribute('href')).toBe('/seller/products');
    expect(see.closest('.empty-state')?.textContent).toContain('When buyers order your products, their orders appear here');
    expect(screen.queryByRole('link', { name: 'Add your first product' })).toBeNull();
  });

  it('keeps the plain empty state of a filter, without asking about products', async () => {
    orders = [];
    renderRouted(SellerDashboardPage, '/seller-dashboard?q=linen');
    await screen.findByText('No orders match “linen”.');
    expect(requests.some((r) => r.path.startsWith('/api/seller/products'))).toBe(false);
  });

  it('says a page past the end has no orders, not that the seller has none, and leads to the last and first pages', async () => {
    orders = Array.from({ length: 25 }, (_, index) => row(index + 1, 'pending'));
    installFakeFetch({
      'GET /api/seller/orders': (request) => {
        const page = Number(new URL(request.path, 'http://x').searchParams.get('page'));
        const all = body(orders);
        return { status: 200, body: { ...all, orders: orders.slice((page - 1) * 20, page * 20) } };
      },
    });
    renderRouted(SellerDashboardPage, '/seller-dashboard?page=99');
    await screen.findByText('There are no orders on page 99: this list has 25 orders on 2 pages.');
    expect(screen.queryByText(/No orders yet/)).toBeNull();
    expect(screen.getByRole('link', { name: 'Go to the last page (2)' }).getAttribute('href')).toBe('/seller-dashboard?page=2');
    expect(screen.getByRole('link', { name: 'Go to the first page' }).getAttribute('href')).toBe('/seller-dashboard');
    expect(screen.queryByRole('navigation', { name: 'Order pages' })).toBeNull();
  });

  it('keeps the seller’s pending total on the sidebar when a search matches nothing, the menu first in the page', async () => {
    installFakeFetch({
      // The list's counts are taken over the search; the sidebar's total is asked unfiltered.
      'GET /api/seller/orders': (request) => ({ status: 200, body: request.path.includes('q=') ? body([]) : body(orders) }),
    });
    renderRouted(SellerDashboardPage, '/seller-dashboard?q=nothing-like-this');
    await screen.findByText('No orders match “nothing-like-this”.');
    const nav = screen.getByRole('navigation', { name: 'Seller dashboard' });
    await waitFor(() => expect(within(nav).getByRole('link', { name: /Orders/ }).textContent).toBe('📋 Orders1 pending'));
    expect(nav.compareDocumentPosition(screen.getByRole('heading', { name: 'Orders', level: 1 })) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
  });

  it('an open Update dialog follows its order’s pushes, even once the order has left the filtered list', async () => {
    renderRouted(SellerDashboardPage, '/seller-dashboard?status=pending');
    await screen.findByText('OP-1');
    const socket = sockets[0];
    if (!socket) throw new Error('no socket opened');
    socket.simulateConnect();
    await vi.advanceTimersByTimeAsync(0);
    fireEvent.click(within(rowOf('OP-1') as HTMLElement).getByRole('button', { name: /Update/ }));
    const dialog = screen.getByRole('dialog');
    const options = () => [...within(dialog).getByLabelText('New status').querySelectorAll('option')].map((option) => option.value);
    expect(options()).toEqual(['confirmed', 'cancelled']);

    orders = [row(1, 'confirmed', 2), orders[1] ?? row(2, 'shipped')];
    socket.fire('order:status', { order_id: 1, order_number: 'OP-1', ...statusFields('confirmed'), version: 2, updated_at: 'now' });
    await vi.advanceTimersByTimeAsync(300);
    await waitFor(() => expect(dialog.querySelector('.modal__current')?.textContent).toContain('Confirmed'));
    expect(options()).toEqual(['processing', 'cancelled']);
    expect(within(dialog).getByRole('alert').textContent).toContain('changed elsewhere');
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

  it('selects orders (one by one or the whole page), changes their status together and lists each order’s result', async () => {
    orders = [row(1, 'pending'), row(2, 'shipped'), row(3, 'pending')];
    renderRouted(SellerDashboardPage, '/seller-dashboard');
    await screen.findByText('OP-1');
    const change = screen.getByRole('button', { name: /Change status/ });
    expect((change as HTMLButtonElement).disabled).toBe(true);

    fireEvent.click(screen.getByLabelText('Select order OP-1'));
    expect(screen.getByText('1 selected')).toBeTruthy();
    const all = screen.getByLabelText('Select all on this page') as HTMLInputElement;
    expect(all.indeterminate).toBe(true);
    fireEvent.click(all);
    expect(screen.getByText('3 selected')).toBeTruthy();
    expect((screen.getByLabelText('Select order OP-2') as HTMLInputElement).checked).toBe(true);

    change.focus();
    fireEvent.click(change);
    const dialog = screen.getByRole('dialog', { name: 'Change status of 3 orders' });
    const choice = within(dialog).getByLabelText('New status') as HTMLSelectElement;
    // Only statuses some selected order can move to, each saying how many can.
    expect([...choice.querySelectorAll('option')].map((o) => [o.value, o.textContent])).toEqual([
      ['confirmed', '✔️ Confirmed (2 of 3 can)'],
      ['delivered', '✅ Delivered (1 of 3 can)'],
      ['cancelled', '❌ Cancelled (2 of 3 can)'],
      ['returned', '↩️ Returned (1 of 3 can)'],
    ]);
    fireEvent.click(within(dialog).getByRole('button', { name: 'Apply to 3 orders' }));

    await waitFor(() => expect(within(dialog).getByRole('status').textContent).toBe('2 changed, 1 not changed.'));
    const bulk = requests.find((r) => r.method === 'POST');
    expect(bulk?.body).toEqual({ order_ids: [1, 2, 3], new_status: 'confirmed', expected_versions: { 1: 1, 2: 1, 3: 1 } });
    const results = within(dialog).getByRole('list', { name: 'Result for each order' });
    expect(within(results).getAllByRole('listitem').map((item) => item.textContent)).toEqual([
      '✓ OP-1: now Confirmed ✔️',
      '✗ OP-2: not changed: An order that is shipped cannot become confirmed',
      '✓ OP-3: now Confirmed ✔️',
    ]);
    await waitFor(() => expect(rowOf('OP-3')?.textContent).toContain('Confirmed'));
    // The refused order stays selected, for another try.
    expect(screen.getByText('1 selected')).toBeTruthy();
    fireEvent.click(within(dialog).getByRole('button', { name: 'Done' }));
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(document.activeElement).toBe(change);
  });

  /** Every order of the page selected, and the bulk dialog open with Shipped chosen. */
  const shipAllInBulk = async (dialogName: string) => {
    renderRouted(SellerDashboardPage, '/seller-dashboard');
    await screen.findByText('OP-1');
    fireEvent.click(screen.getByLabelText('Select all on this page'));
    fireEvent.click(screen.getByRole('button', { name: /Change status/ }));
    const dialog = screen.getByRole('dialog', { name: dialogName });
    fireEvent.change(within(dialog).getByLabelText('New status'), { target: { value: 'shipped' } });
    return dialog;
  };

  it('asks once more before shipping N orders without a tracking number', async () => {
    orders = [row(1, 'processing'), row(2, 'processing'), row(3, 'pending')];
    const dialog = await shipAllInBulk('Change status of 3 orders');
    const apply = within(dialog).getByRole('button', { name: 'Apply to 3 orders' });
    fireEvent.click(apply);

    // The two orders that can ship are counted; nothing is sent yet.
    const question = within(dialog).getByRole('alert');
    expect(question.textContent).toContain('Ship 2 orders without a tracking number? Their buyers will have nothing to follow.');
    const shipAnyway = within(dialog).getByRole('button', { name: 'Ship 2 orders without tracking number' });
    await waitFor(() => expect(document.activeElement).toBe(shipAnyway));
    expect(requests.some((r) => r.method === 'POST')).toBe(false);

    // Going back sends nothing and puts the seller in the tracking number field.
    fireEvent.click(within(dialog).getByRole('button', { name: 'Add a tracking number' }));
    expect(within(dialog).queryByRole('alert')).toBeNull();
    expect(document.activeElement).toBe(within(dialog).getByLabelText('Tracking number'));
    expect(requests.some((r) => r.method === 'POST')).toBe(false);

    fireEvent.click(apply);
    fireEvent.click(within(dialog).getByRole('button', { name: 'Ship 2 orders without tracking number' }));
    await waitFor(() => expect(within(dialog).getByRole('list', { name: 'Result for each order' })).toBeTruthy());
    const sent = requests.filter((r) => r.method === 'POST');
    expect(sent.map((r) => r.body)).toEqual([{ order_ids: [1, 2, 3], new_status: 'shipped', expected_versions: { 1: 1, 2: 1, 3: 1 } }]);
  });

  it('does not ask about a tracking number when the shipment has one', async () => {
    orders = [row(1, 'processing'), row(2, 'processing')];
    const dialog = await shipAllInBulk('Change status of 2 orders');
    fireEvent.input(within(dialog).getByLabelText('Tracking number'), { target: { value: '1Z999' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Apply to 2 orders' }));
    await waitFor(() => expect(requests.find((r) => r.method === 'POST')?.body).toEqual({ order_ids: [1, 2], new_status: 'shipped', expected_versions: { 1: 1, 2: 1 }, tracking_number: '1Z999' }));
    expect(within(dialog).queryByText(/without a tracking number/)).toBeNull();
  });

  it('counts the open return requests on the sidebar’s Returns link, kept current by the return events', async () => {
    let open = 1;
    const returnCounts: string[] = [];
    installFakeFetch({
      'GET /api/seller/orders': () => ({ status: 200, body: body(orders) }),
      'GET /api/seller/return-requests': (request) => {
        returnCounts.push(request.path);
        return { status: 200, body: { return_requests: [], counts: { requested: open, approved: 0, declined: 0 }, total: open } };
      },
    });
    renderRouted(SellerDashboardPage, '/seller-dashboard');
    await screen.findByText('OP-1');
    const returnsLink = () => within(screen.getByRole('navigation', { name: 'Seller dashboard' })).getByRole('link', { name: /Returns/ });
    expect(returnsLink().getAttribute('href')).toBe('/seller-dashboard/returns');
    const socket = sockets[0];
    if (!socket) throw new Error('no socket opened');
    socket.simulateConnect();
    await waitFor(() => expect(returnsLink().textContent).toBe('↩️ Returns1 open'));
    expect(returnCounts.at(-1)).toBe('/api/seller/return-requests?page=1&limit=1&status=requested');

    open = 2;
    socket.fire('return:requested', { order_id: 2, order_number: 'OP-2', return_request: returnRequestBody({ id: 12, order_id: 2, order_number: 'OP-2' }) });
    await waitFor(() => expect(returnsLink().textContent).toBe('↩️ Returns2 open'));
    expect(screen.getByText('Return requested for order OP-2.')).toBeTruthy();

    open = 0;
    socket.fire('return:decided', { order_id: 2, order_number: 'OP-2', return_request: returnRequestBody({ id: 12, order_id: 2, order_number: 'OP-2', status: 'declined' }) });
    await waitFor(() => expect(returnsLink().textContent).toBe('↩️ Returns'));
  });

  it('sorts and filters by placing day through the URL, and the export link carries the same filters', async () => {
    renderRouted(SellerDashboardPage, '/seller-dashboard?q=hat');
    await screen.findByText('OP-1');
    expect(within(table()).getAllByRole('columnheader').map((h) => h.textContent)).toContain('Items');
    expect(rowOf('OP-2')?.querySelector('[data-label="Items"]')?.textContent).toBe('2');

    fireEvent.change(screen.getByLabelText('Sort'), { target: { value: '-total_amount' } });
    await waitFor(() => expect(window.location.search).toBe('?q=hat&sort=-total_amount'));
    await waitFor(() => expect(requests.at(-1)?.path).toContain('sort=-total_amount'));

    fireEvent.change(screen.getByLabelText('To'), { target: { value: '2026-12-01' } });
    await waitFor(() => expect(window.location.search).toBe('?q=hat&sort=-total_amount&to=2026-12-01'));
    fireEvent.change(screen.getByLabelText('From'), { target: { value: '2026-12-05' } });
    expect(screen.getByRole('alert').textContent).toContain('must not be after');
    expect(window.location.search).toBe('?q=hat&sort=-total_amount&to=2026-12-01');
    fireEvent.change(screen.getByLabelText('From'), { target: { value: '2026-11-20' } });
    await waitFor(() => expect(window.location.search).toBe('?q=hat&sort=-total_amount&from=2026-11-20&to=2026-12-01'));
    await waitFor(() => expect(requests.at(-1)?.path).toContain('from='));
    const sent = new URLSearchParams(requests.at(-1)?.path.split('?')[1]);
    expect(sent.get('from')).toBe(new Date('2026-11-20T00:00:00').toISOString());
    expect(sent.get('to')).toBe(new Date('2026-12-01T23:59:59.999').toISOString());

    const exportLink = screen.getByRole('link', { name: /Export CSV/ });
    const csv = new URL(exportLink.getAttribute('href') ?? '', window.location.origin);
    expect(csv.pathname).toBe('/api/seller/orders.csv');
    expect(Object.fromEntries(csv.searchParams)).toEqual({ q: 'hat', sort: '-total_amount', from: sent.get('from'), to: sent.get('to') });
    const pending = screen.getByRole('navigation', { name: 'Filter orders by status' });
    expect(within(pending).getByRole('link', { name: /Pending/ }).getAttribute('href')).toBe('/seller-dashboard?status=pending&q=hat&sort=-total_amount&from=2026-11-20&to=2026-12-01');
  });

  it('offers the status as a select and the other filters behind a "Filters" button (the phone layout), in the same URL', async () => {
    renderRouted(SellerDashboardPage, '/seller-dashboard?q=hat');
    await screen.findByText('OP-1');
    const status = screen.getByLabelText('Status') as HTMLSelectElement;
    await waitFor(() => expect([...status.options].map((o) => o.textContent)).toContain('Pending (1)'));
    expect(status.value).toBe('all');
    fireEvent.change(status, { target: { value: 'shipped' } });
    await waitFor(() => expect(window.location.search).toBe('?status=shipped&q=hat'));

    const toggle = screen.getByRole('button', { name: /Filters/ });
    expect(toggle.textContent).toBe('Filters1 applied');
    const panel = document.getElementById(toggle.getAttribute('aria-controls') ?? '');
    expect(panel?.contains(screen.getByRole('searchbox', { name: 'Search orders' }))).toBe(true);
    expect(panel?.contains(screen.getByLabelText('Sort'))).toBe(true);
    expect(toggle.getAttribute('aria-expanded')).toBe('false');
    expect(panel?.classList.contains('is-open')).toBe(false);
    fireEvent.click(toggle);
    expect(toggle.getAttribute('aria-expanded')).toBe('true');
    expect(panel?.classList.contains('is-open')).toBe(true);
  });
});
