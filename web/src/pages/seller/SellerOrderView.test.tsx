import { screen } from '@solidjs/testing-library';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { statusFields } from '../../../../server/contract/presenters.js';
import { installFakeFetch } from '../../api/fake-fetch.test-support.js';
import { orderDetail, UNSHIPPED } from '../../api/order-fixtures.test-support.js';
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
