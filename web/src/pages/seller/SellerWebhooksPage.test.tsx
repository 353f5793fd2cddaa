import { fireEvent, screen, waitFor, within } from '@solidjs/testing-library';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { UserBody, WebhookBody, WebhookDeliveryBody } from '../../../../server/contract/api.js';
import { installFakeFetch, type RecordedRequest } from '../../api/fake-fetch.test-support.js';
import { formatDateTime } from '../../format/dates.js';
import { renderRouted } from '../../router.test-support.jsx';
import { setSessionUser } from '../../state/session.js';
import { SellerWebhooksPage } from './SellerWebhooksPage.jsx';

const seller: UserBody = { id: 3, email: 'uma@example.com', first_name: 'Uma', last_name: 'R', role: 'seller', created_at: '2026-01-01T00:00:00Z', seller_id: 1, store_name: 'Urban Threads' };

function webhook(id: number, extra: Partial<WebhookBody> = {}): WebhookBody {
  return {
    id,
    url: `https://hooks.example.com/${id}`,
    events: ['order.created'],
    description: null,
    active: true,
    created_at: '2026-01-01T10:00:00Z',
    disabled_reason: null,
    failing_since: null,
    ...extra,
  };
}

function delivery(id: number, extra: Partial<WebhookDeliveryBody> = {}): WebhookDeliveryBody {
  return {
    id,
    event_type: 'order.created',
    webhook_id_header: `msg_${id}_1`,
    status: 'succeeded',
    attempts: 1,
    last_status_code: 200,
    last_error: null,
    last_duration_ms: 42,
    next_attempt_at: null,
    created_at: '2026-01-01T10:00:00Z',
    ...extra,
  };
}

describe('SellerWebhooksPage', () => {
  let hooks: WebhookBody[];
  let requests: RecordedRequest[];

  beforeEach(() => {
    setSessionUser(seller);
    hooks = [webhook(1, { active: false, disabled_reason: 'The endpoint answered 410 Gone' })];
    requests = installFakeFetch({
      'GET /api/seller/webhooks': () => ({ status: 200, body: { webhooks: hooks } }),
      'POST /api/seller/webhooks': (request) => {
        const input = request.body as { url: string; events: WebhookBody['events'] };
        if (!input.url.startsWith('https://')) {
          return { status: 400, body: { error: { code: 'invalid_input', message: 'Refused', details: [{ path: 'url', message: 'The URL must start with https://' }] } } };
        }
        return { status: 201, body: { webhook: { ...webhook(2, { url: input.url, events: input.events }), secret: 'whsec_FIRSTSECRET' } } };
      },
      'PATCH /api/seller/webhooks/1': (request) => ({ status: 200, body: { webhook: webhook(1, request.body as Partial<WebhookBody>) } }),
      'POST /api/seller/webhooks/1/rotate-secret': () => ({ status: 200, body: { webhook: { ...webhook(1), secret: 'whsec_ROTATED' } } }),
      'GET /api/seller/webhooks/1/deliveries': () => ({
        status: 200,
        body: {
          deliveries: [
            delivery(8, { status: 'pending', attempts: 2, last_status_code: 503, last_error: null, next_attempt_at: '2026-01-01T10:05:30Z' }),
            delivery(7, { status: 'failed', last_status_code: 410, last_error: 'The endpoint answered 410 Gone', next_attempt_at: null }),
            delivery(6),
          ],
          total: 3,
        },
      }),
      'POST /api/seller/webhooks/1/deliveries/7/retry': () => ({ status: 202 }),
    });
    vi.spyOn(window, 'confirm').mockReturnValue(true);
  });

  afterEach(() => {
    vi.restoreAllMocks();
    vi.unstubAllGlobals();
    setSessionUser(null);
  });

  /** The text of a row's cell in the column headed `column`. */
  const cellUnder = (row: HTMLTableRowElement, column: string) => {
    const headers = [...(row.closest('table')?.querySelectorAll('thead th') ?? [])].map((th) => th.textContent?.trim());
    const index = headers.indexOf(column);
    if (index < 0) throw new Error(`no column ${column}`);
    return row.cells[index]?.textContent?.trim();
  };

  const cardOf = async (url: string) => {
    const heading = await screen.findByRole('heading', { name: url });
    const card = heading.closest('li');
    if (!card) throw new Error(`no card for ${url}`);
    return within(card);
  };

  it('is a section of the seller sidebar, marked current', async () => {
    renderRouted(SellerWebhooksPage, '/seller-dashboard/webhooks');
    const nav = await screen.findByRole('navigation', { name: 'Seller dashboard' });
    expect(within(nav).getByRole('link', { name: /Webhooks/ }).getAttribute('aria-current')).toBe('page');
    expect(within(nav).getByRole('link', { name: /Orders/ }).getAttribute('aria-current')).toBeNull();
  });

  it('shows why an endpoint was disabled, and turns it back on', async () => {
    renderRouted(SellerWebhooksPage, '/seller-dashboard/webhooks');
    const card = await cardOf('https://hooks.example.com/1');
    expect(card.getByText('The endpoint answered 410 Gone')).toBeTruthy();
    expect(card.getByText('Disabled')).toBeTruthy();
    fireEvent.click(card.getByRole('button', { name: 'Enable' }));
    await waitFor(() => expect(card.getByText('Active')).toBeTruthy());
    expect(requests.find((r) => r.method === 'PATCH')?.body).toEqual({ active: true });
    expect(card.queryByText('The endpoint answered 410 Gone')).toBeNull();
  });

  it('adds an endpoint with the chosen events and shows its secret once', async () => {
    renderRouted(SellerWebhooksPage, '/seller-dashboard/webhooks');
    await screen.findByRole('heading', { name: 'https://hooks.example.com/1' });
    fireEvent.input(screen.getByLabelText('Endpoint URL'), { target: { value: 'http://plain.example.com/in' } });
    fireEvent.click(screen.getByRole('button', { name: 'Add endpoint' }));
    expect(await screen.findByText('The URL must start with https://')).toBeTruthy();

    fireEvent.input(screen.getByLabelText('Endpoint URL'), { target: { value: 'https://new.example.com/in' } });
    const form = screen.getByRole('form', { name: 'Add an endpoint' });
    fireEvent.click(within(form).getByRole('checkbox', { name: /Order status changed/ }));
    fireEvent.click(within(form).getByRole('checkbox', { name: /Return requested/ }));
    fireEvent.click(screen.getByRole('button', { name: 'Add endpoint' }));
    expect(await screen.findByText('whsec_FIRSTSECRET')).toBeTruthy();
    expect(requests.filter((r) => r.method === 'POST').at(-1)?.body).toEqual({
      url: 'https://new.example.com/in',
      events: ['order.created', 'return.requested'],
      description: '',
    });
    await cardOf('https://new.example.com/in');
    fireEvent.click(screen.getByRole('button', { name: 'I have copied it' }));
    expect(screen.queryByText('whsec_FIRSTSECRET')).toBeNull();
  });

  it('edits the events of an endpoint', async () => {
    renderRouted(SellerWebhooksPage, '/seller-dashboard/webhooks');
    const card = await cardOf('https://hooks.example.com/1');
    fireEvent.click(card.getByRole('button', { name: 'Edit events' }));
    fireEvent.click(card.getByRole('checkbox', { name: /Order status changed/ }));
    fireEvent.click(card.getByRole('button', { name: 'Save events' }));
    await waitFor(() => expect(card.getByText(/Events: Order placed, Order status changed/)).toBeTruthy());
    expect(requests.find((r) => r.method === 'PATCH')?.body).toEqual({ events: ['order.created', 'order.status_changed'] });
  });

  it('rotates the secret, showing the new one', async () => {
    renderRouted(SellerWebhooksPage, '/seller-dashboard/webhooks');
    const card = await cardOf('https://hooks.example.com/1');
    fireEvent.click(card.getByRole('button', { name: 'Rotate secret' }));
    expect(await screen.findByText('whsec_ROTATED')).toBeTruthy();
    expect(screen.getByText(/signed with the old secret too/)).toBeTruthy();
  });

  it('shows the delivery log with status code, duration, error and next attempt, and retries a failed delivery', async () => {
    renderRouted(SellerWebhooksPage, '/seller-dashboard/webhooks');
    const card = await cardOf('https://hooks.example.com/1');
    fireEvent.click(card.getByRole('button', { name: 'Delivery log' }));
    const log = within(await screen.findByRole('region', { name: 'Deliveries to https://hooks.example.com/1' }));
    await log.findByText('msg_7_1');
    const failedRow = log.getByText('msg_7_1').closest('tr');
    if (!failedRow) throw new Error('no row');
    expect(failedRow.textContent).toContain('Failed');
    expect(failedRow.textContent).toContain('410');
    expect(within(failedRow).getByText('The endpoint answered 410 Gone')).toBeTruthy();
    // A failed delivery is not attempted again on its own: its next attempt reads as a dash.
    expect(cellUnder(failedRow, 'Next attempt')).toBe('—');
    const pendingRow = log.getByText('msg_8_1').closest('tr');
    if (!pendingRow) throw new Error('no row');
    expect(pendingRow.textContent).toContain('Pending');
    expect(cellUnder(pendingRow, 'Next attempt')).toBe(formatDateTime('2026-01-01T10:05:30Z'));
    expect(cellUnder(pendingRow, 'Next attempt')).not.toBe('2026-01-01T10:05:30Z');
    expect(log.getByText('msg_6_1').closest('tr')?.textContent).toContain('42 ms');
    // A delivered one has nothing to retry.
    expect(within(log.getByText('msg_6_1').closest('tr') ?? document.body).queryByRole('button')).toBeNull();
    fireEvent.click(within(failedRow).getByRole('button', { name: /Retry/ }));
    expect(await log.findByText(/will be attempted again now/)).toBeTruthy();
    expect(requests.some((r) => r.method === 'POST' && r.path === '/api/seller/webhooks/1/deliveries/7/retry')).toBe(true);
  });
});
