import { fireEvent, screen, waitFor, within } from '@solidjs/testing-library';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ReturnRequestBody, SellerReturnRow, UserBody } from '../../../../server/contract/api.js';
import { RETURN_STATUSES } from '../../../../server/domain/returns.js';
import { installFakeFetch, type RecordedRequest } from '../../api/fake-fetch.test-support.js';
import { returnRequestBody } from '../../api/order-fixtures.test-support.js';
import { FakeSocket } from '../../live/fake-socket.test-support.js';
import { renderRouted } from '../../router.test-support.jsx';
import { setSessionUser } from '../../state/session.js';
import { SellerReturnsPage } from './SellerReturnsPage.jsx';

const sockets: FakeSocket[] = [];
vi.mock('../../live/app-socket.js', () => ({
  createAppSocket: () => {
    const socket = new FakeSocket();
    sockets.push(socket);
    return socket;
  },
}));

const seller: UserBody = { id: 3, email: 'uma@example.com', first_name: 'Uma', last_name: 'R', role: 'seller', created_at: '2026-01-01T00:00:00Z', seller_id: 1, store_name: 'Urban Threads' };

function row(id: number, overrides: Partial<ReturnRequestBody> = {}): SellerReturnRow {
  return {
    ...returnRequestBody({ id, order_id: id, order_number: `OP-${id}`, ...overrides }),
    customer_name: `Customer ${id}`,
    total_amount: 1000 * id,
    currency: 'USD',
    order_status: overrides.status === 'approved' ? 'returned' : 'delivered',
  };
}

describe('SellerReturnsPage', () => {
  let rows: SellerReturnRow[];
  let requests: RecordedRequest[];
  const decide = (id: number, change: Partial<ReturnRequestBody>) => {
    rows = rows.map((r) => (r.id === id ? { ...r, ...change, decided_at: '2026-01-08T10:00:00Z' } : r));
    return rows.find((r) => r.id === id);
  };

  beforeEach(() => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    sockets.length = 0;
    setSessionUser(seller);
    rows = [row(2, { reason: 'wrong_item', message: 'Blue, not red' }), row(1, { status: 'declined', buyer_message: 'Worn', decided_at: '2026-01-07T10:00:00Z' })];
    requests = installFakeFetch({
      'GET /api/seller/return-requests': (request) => {
        const status = new URLSearchParams(request.path.split('?')[1]).get('status');
        const counts = Object.fromEntries(RETURN_STATUSES.map((s) => [s, rows.filter((r) => r.status === s).length]));
        const shown = rows.filter((r) => !status || r.status === status);
        return { status: 200, body: { return_requests: shown, counts, total: shown.length } };
      },
      'POST /api/seller/return-requests/2/approve': (request) => {
        const input = request.body as { restock: boolean; buyer_message?: string };
        const decided = decide(2, { status: 'approved', restock: input.restock, buyer_message: input.buyer_message ?? null });
        return { status: 200, body: { return_request: decided, order: { order_id: 2, status: 'returned', version: 7, updated_at: 'now' } } };
      },
      'POST /api/seller/return-requests/2/decline': (request) => {
        const input = request.body as { buyer_message: string };
        return { status: 200, body: { return_request: decide(2, { status: 'declined', buyer_message: input.buyer_message }) } };
      },
    });
  });

  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
    setSessionUser(null);
  });

  const tabs = () => screen.getByRole('navigation', { name: 'Filter return requests' });
  const tab = (name: string) => within(tabs()).getByRole('link', { name: new RegExp(`^${name}`) });
  const openBadge = () => within(screen.getByRole('navigation', { name: 'Seller dashboard' })).getByRole('link', { name: /Returns/ });

  it('opens on the open requests, with every status’s count and the request’s order, customer, reason, message and date', async () => {
    renderRouted(SellerReturnsPage, '/seller-dashboard/returns');
    const table = await screen.findByRole('table', { name: 'Open return requests, page 1' });
    expect(requests.find((r) => r.path.includes('limit=20'))?.path).toBe('/api/seller/return-requests?page=1&limit=20&status=requested');
    expect(tab('Open').getAttribute('aria-current')).toBe('page');
    expect([tab('Open'), tab('Approved'), tab('Declined'), tab('All')].map((link) => link.textContent)).toEqual(['Open1 request', 'Approved0 requests', 'Declined1 request', 'All2 requests']);
    expect(openBadge().textContent).toContain('1 open');
    const cells = [...(within(table).getAllByRole('row')[1]?.querySelectorAll('th, td') ?? [])].map((cell) => cell.textContent);
    expect(cells.slice(0, 4)).toEqual(['OP-2', 'Customer 2 · $20.00', 'Wrong item sent', 'Blue, not red']);
    expect(within(table).getByRole('link', { name: 'OP-2' }).getAttribute('href')).toBe('/seller-dashboard?view=OP-2');
    expect(within(table).getByRole('button', { name: /Approve\s*return of OP-2/ })).toBeTruthy();

    fireEvent.click(tab('Declined'));
    await waitFor(() => expect(screen.queryByText('OP-2')).toBeNull());
    expect(screen.getByRole('table', { name: 'Declined return requests, page 1' }).textContent).toContain('OP-1');
    expect(window.location.search).toBe('?status=declined');
    expect(screen.queryByRole('button', { name: /Approve/ })).toBeNull();
  });

  it('approves with restock and a message in a dialog; the list and the counts follow, focus comes back to the page', async () => {
    renderRouted(SellerReturnsPage, '/seller-dashboard/returns');
    const approve = await screen.findByRole('button', { name: /Approve\s*return of OP-2/ });
    approve.focus();
    fireEvent.click(approve);
    const dialog = screen.getByRole('dialog', { name: /Approve\s*return of OP-2/ });
    expect(dialog.textContent).toContain('Blue, not red');
    const restock = within(dialog).getByLabelText('Put the order’s items back in stock') as HTMLInputElement;
    expect(document.activeElement).toBe(restock);
    expect(restock.checked).toBe(false);
    fireEvent.click(restock);
    fireEvent.input(within(dialog).getByLabelText(/Message to the buyer/), { target: { value: ' Refund on its way ' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Approve return' }));

    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(requests.filter((r) => r.method === 'POST').map((r) => [r.path, r.body])).toEqual([
      ['/api/seller/return-requests/2/approve', { restock: true, buyer_message: 'Refund on its way' }],
    ]);
    await waitFor(() => expect(screen.getByText('No return requests are waiting for you. New ones appear here the moment a buyer asks.')).toBeTruthy());
    expect(tab('Approved').textContent).toBe('Approved1 request');
    expect(within(screen.getByRole('navigation', { name: 'Seller dashboard' })).getByRole('link', { name: /Returns/ }).textContent).not.toContain('open');
    expect(screen.getByText('The return of order OP-2 was approved.')).toBeTruthy();
    expect(document.activeElement).toBe(screen.getByRole('heading', { name: 'Returns', level: 1 }));
  });

  it('declines only with a message to the buyer, and Esc closes the dialog with focus back on its button', async () => {
    renderRouted(SellerReturnsPage, '/seller-dashboard/returns');
    const decline = await screen.findByRole('button', { name: /Decline\s*return of OP-2/ });
    decline.focus();
    fireEvent.click(decline);
    let dialog = screen.getByRole('dialog', { name: /Decline\s*return of OP-2/ });
    expect(within(dialog).queryByLabelText(/back in stock/)).toBeNull();
    const message = within(dialog).getByLabelText(/Message to the buyer/);
    expect(document.activeElement).toBe(message);
    fireEvent.keyDown(document, { key: 'Escape' });
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(document.activeElement).toBe(decline);

    fireEvent.click(decline);
    dialog = screen.getByRole('dialog', { name: /Decline\s*return of OP-2/ });
    fireEvent.input(within(dialog).getByLabelText(/Message to the buyer/), { target: { value: '   ' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Decline return' }));
    const field = within(dialog).getByLabelText(/Message to the buyer/);
    expect(field.getAttribute('aria-invalid')).toBe('true');
    expect(document.getElementById(field.getAttribute('aria-describedby') ?? '')?.textContent).toBe('Tell the buyer why you are declining their return.');
    expect(requests.filter((r) => r.method === 'POST')).toHaveLength(0);

    fireEvent.input(field, { target: { value: 'The seal is broken.' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Decline return' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(requests.filter((r) => r.method === 'POST').map((r) => r.body)).toEqual([{ buyer_message: 'The seal is broken.' }]);
    await waitFor(() => expect(tab('Declined').textContent).toBe('Declined2 requests'));
  });

  it('says so when another decision came first, and shows the list as it is now', async () => {
    installFakeFetch({
      'GET /api/seller/return-requests': () => ({ status: 200, body: { return_requests: rows, counts: { requested: 1, approved: 0, declined: 1 }, total: 2 } }),
      'POST /api/seller/return-requests/2/approve': () => ({ status: 409, body: { error: { code: 'return_already_decided', message: 'This return request is already declined' } } }),
    });
    renderRouted(SellerReturnsPage, '/seller-dashboard/returns');
    fireEvent.click(await screen.findByRole('button', { name: /Approve\s*return of OP-2/ }));
    const dialog = screen.getByRole('dialog');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Approve return' }));
    expect((await within(dialog).findByRole('alert')).textContent).toBe('This request has already been decided. The list now shows its decision.');
  });

  it('shows a request made meanwhile without a reload, with the open count, and announces it', async () => {
    renderRouted(SellerReturnsPage, '/seller-dashboard/returns');
    await screen.findByText('OP-2');
    const socket = sockets[0];
    if (!socket) throw new Error('no socket opened');
    socket.simulateConnect();
    await vi.advanceTimersByTimeAsync(0);

    const fresh = row(3, { reason: 'not_as_described', message: 'Smaller than the picture' });
    rows = [fresh, ...rows];
    socket.fire('return:requested', { order_id: 3, order_number: 'OP-3', return_request: fresh });
    await vi.advanceTimersByTimeAsync(300);
    await screen.findByText('OP-3');
    expect(tab('Open').textContent).toBe('Open2 requests');
    expect(openBadge().textContent).toContain('2 open');
    expect(screen.getByText('New return request for order OP-3: Not as described.')).toBeTruthy();

    // Decided elsewhere (the order's own view, another tab): it leaves the open list.
    const decided = decide(3, { status: 'declined', buyer_message: 'No' });
    if (!decided) throw new Error('no request 3');
    socket.fire('return:decided', { order_id: 3, order_number: 'OP-3', return_request: decided });
    await vi.advanceTimersByTimeAsync(300);
    await waitFor(() => expect(screen.queryByText('OP-3')).toBeNull());
    expect(tab('Open').textContent).toBe('Open1 request');
  });
});
