import { fireEvent, screen, waitFor, within } from '@solidjs/testing-library';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { statusFields } from '../../../../server/contract/presenters.js';
import { installFakeFetch } from '../../api/fake-fetch.test-support.js';
import { deliveredOrder, orderDetail, returnRequestBody, UNSHIPPED } from '../../api/order-fixtures.test-support.js';
import { renderRouted } from '../../router.test-support.jsx';
import { SellerOrderView } from './SellerOrderView.jsx';

const shipped = orderDetail({
  ...statusFields('shipped'),
  version: 4,
  shipment: {
    ...UNSHIPPED,
    status: 'in_transit',
    carrier: 'UPS',
    carrier_code: 'ups',
    tracking_number: '1Z999AA10123456784',
    tracking_url: 'https://www.ups.com/track?tracknum=1Z999AA10123456784',
    shipped_at: '2026-12-07T10:00:00Z',
    estimated_delivery: { earliest: '2026-12-15', latest: '2026-12-17' },
  },
  next_statuses: ['delivered'],
  can_cancel: false,
});

describe("SellerOrderView's shipment", () => {
  afterEach(() => vi.unstubAllGlobals());

  it('links the tracking number to the carrier, and says when it should arrive, as the buyer sees them', async () => {
    installFakeFetch({ 'GET /api/orders/OP-5': () => ({ status: 200, body: { order: shipped } }) });
    renderRouted(() => <SellerOrderView orderNumber="OP-5" backHref="/seller-dashboard" revision={() => 0} onChanged={() => undefined} />, '/seller-dashboard');
    const link = await screen.findByRole('link', { name: /1Z999AA10123456784/ });
    expect(link.getAttribute('href')).toBe('https://www.ups.com/track?tracknum=1Z999AA10123456784');
    expect(screen.getByText(/Carrier:/).textContent).toContain('UPS');
    expect(screen.getByText(/^Arriving /).textContent).toMatch(/Arriving Tue.*15.*Thu.*17/);
  });
});

describe("SellerOrderView's return request", () => {
  afterEach(() => vi.unstubAllGlobals());

  it('shows the request with the buyer’s reason and words, and approves it from there: the view shows the decision and focus stays on the page', async () => {
    let order = deliveredOrder('2026-01-05T12:00:00Z', returnRequestBody());
    const requests = installFakeFetch({
      'GET /api/orders/OP-5': () => ({ status: 200, body: { order } }),
      'POST /api/seller/return-requests/11/approve': () => {
        const approved = returnRequestBody({ status: 'approved', restock: false, decided_at: '2026-01-08T10:00:00Z' });
        order = { ...order, ...statusFields('returned'), version: 6, return_request: approved };
        return { status: 200, body: { return_request: approved, order: { order_id: 5, status: 'returned', version: 6, updated_at: 'now' } } };
      },
    });
    const onChanged = vi.fn();
    renderRouted(() => <SellerOrderView orderNumber="OP-5" backHref="/seller-dashboard" revision={() => 0} onChanged={onChanged} />, '/seller-dashboard');
    const section = await screen.findByRole('region', { name: 'Return request' });
    expect(section.textContent).toContain('Open');
    expect(section.textContent).toContain('Arrived damaged');
    expect(section.textContent).toContain('The box was crushed.');

    fireEvent.click(within(section).getByRole('button', { name: 'Approve return' }));
    const dialog = screen.getByRole('dialog', { name: 'Approve return of OP-5' });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Approve return' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(requests.filter((r) => r.method === 'POST').map((r) => r.body)).toEqual([{ restock: false }]);
    expect(onChanged).toHaveBeenCalled();
    expect(section.textContent).toContain('Approved, not restocked');
    expect(within(section).queryByRole('button')).toBeNull();
    expect(document.activeElement).toBe(within(section).getByRole('heading', { name: 'Return request' }));
  });

  it('shows nothing of returns for an order without a request', async () => {
    installFakeFetch({ 'GET /api/orders/OP-5': () => ({ status: 200, body: { order: orderDetail() } }) });
    renderRouted(() => <SellerOrderView orderNumber="OP-5" backHref="/seller-dashboard" revision={() => 0} onChanged={() => undefined} />, '/seller-dashboard');
    await screen.findByRole('heading', { name: 'OP-5', level: 1 });
    expect(screen.queryByRole('region', { name: 'Return request' })).toBeNull();
  });
});
