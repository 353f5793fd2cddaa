import { fireEvent, render, screen, waitFor } from '@solidjs/testing-library';
import { createSignal } from 'solid-js';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { HistoryEntry, ReturnRequestBody } from '../../../server/contract/api.js';
import type { OrderStatus } from '../../../server/domain/order-status.js';
import { installFakeFetch } from '../api/fake-fetch.test-support.js';
import { deliveredOrder, returnRequestBody } from '../api/order-fixtures.test-support.js';
import { formatDate } from '../format/dates.js';
import { OrderReturn } from './OrderReturn.jsx';

const DELIVERED_AT = '2026-01-05T12:00:00Z';
const delivered = deliveredOrder(DELIVERED_AT);

/** The component as a page holds it: the request in a signal the page updates. */
function renderReturn(options: { status?: OrderStatus; history?: HistoryEntry[]; request?: ReturnRequestBody | null; now?: string } = {}) {
  const [request, setRequest] = createSignal<ReturnRequestBody | null>(options.request ?? null);
  const onStale = vi.fn();
  render(() => (
    <OrderReturn
      orderId={5}
      orderNumber="OP-5"
      status={options.status ?? 'delivered'}
      history={options.history ?? delivered.history}
      returnRequest={request()}
      onRequested={setRequest}
      onStale={onStale}
      now={() => new Date(options.now ?? '2026-01-10T00:00:00Z')}
    />
  ));
  return { setRequest, onStale };
}

const offer = () => screen.queryByRole('button', { name: 'Return this order' });

describe('OrderReturn', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('offers a return only while the order is delivered, within 30 days of its delivery, with no request open', () => {
    renderReturn({ now: '2026-02-04T11:59:00Z' });
    expect(offer()).toBeTruthy();
    expect(offer()?.getAttribute('aria-describedby')).toBeTruthy();
    expect(document.getElementById(offer()?.getAttribute('aria-describedby') ?? '')?.textContent).toBe(`Returns are accepted until ${formatDate('2026-02-04T12:00:00Z')}.`);
  });

  it('offers nothing 30 days after delivery, before delivery, or while a request is open', () => {
    renderReturn({ now: '2026-02-04T12:00:01Z' });
    expect(offer()).toBeNull();
    document.body.innerHTML = '';
    renderReturn({ status: 'shipped', history: delivered.history.slice(0, 4) });
    expect(offer()).toBeNull();
    document.body.innerHTML = '';
    renderReturn({ request: returnRequestBody() });
    expect(offer()).toBeNull();
    expect(screen.getByRole('status').textContent).toContain(`Return requested on ${formatDate('2026-01-06T09:00:00Z')}`);
  });

  it('asks for a reason in words, sends it with the message, then shows the request', async () => {
    const requests = installFakeFetch({
      'POST /api/orders/5/return-request': () => ({
        status: 201,
        body: { return_request: returnRequestBody({ reason: 'wrong_item', message: 'Got a blue one', created_at: '2026-01-10T08:00:00Z' }) },
      }),
    });
    renderReturn();
    fireEvent.click(offer() as HTMLElement);
    const form = screen.getByRole('form', { name: 'Return order OP-5' });
    const reason = screen.getByLabelText('Reason') as HTMLSelectElement;
    expect(document.activeElement).toBe(reason);
    expect([...reason.options].map((o) => [o.value, o.textContent])).toEqual([
      ['', 'Choose a reason…'],
      ['damaged', 'Arrived damaged'],
      ['wrong_item', 'Wrong item sent'],
      ['not_as_described', 'Not as described'],
      ['no_longer_needed', 'No longer needed'],
      ['other', 'Another reason'],
    ]);

    // No reason: nothing is sent, and the select says why.
    fireEvent.click(screen.getByRole('button', { name: 'Request return' }));
    expect(requests).toHaveLength(0);
    expect(reason.getAttribute('aria-invalid')).toBe('true');
    expect(document.getElementById(reason.getAttribute('aria-describedby') ?? '')?.textContent).toBe('Choose why you are returning it.');

    fireEvent.change(reason, { target: { value: 'wrong_item' } });
    fireEvent.input(screen.getByLabelText(/Message to the seller/), { target: { value: '  Got a blue one  ' } });
    fireEvent.submit(form);
    await waitFor(() => expect(screen.getByRole('status').textContent).toContain(`Return requested on ${formatDate('2026-01-10T08:00:00Z')}`));
    expect(requests.map((r) => [r.method, r.path, r.body])).toEqual([['POST', '/api/orders/5/return-request', { reason: 'wrong_item', message: 'Got a blue one' }]]);
    expect(screen.queryByRole('form')).toBeNull();
    expect(offer()).toBeNull();
    expect(screen.getByRole('status').textContent).toContain('Wrong item sent');
    expect(screen.getByRole('status').textContent).toContain('Got a blue one');
    await waitFor(() => expect(document.activeElement).toBe(screen.getByRole('status')));
  });

  it('sends no message when none is written, and Cancel closes the form with focus back on the offer', async () => {
    const requests = installFakeFetch({
      'POST /api/orders/5/return-request': () => ({ status: 201, body: { return_request: returnRequestBody({ reason: 'other', message: null }) } }),
    });
    renderReturn();
    fireEvent.click(offer() as HTMLElement);
    fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByRole('form')).toBeNull();
    await waitFor(() => expect(document.activeElement).toBe(offer()));

    fireEvent.click(offer() as HTMLElement);
    fireEvent.change(screen.getByLabelText('Reason'), { target: { value: 'other' } });
    fireEvent.click(screen.getByRole('button', { name: 'Request return' }));
    await waitFor(() => expect(requests).toHaveLength(1));
    expect(requests[0]?.body).toEqual({ reason: 'other' });
  });

  it.each([
    ['return_already_requested', 'A return request is open for this order', 'You have already asked to return this order. The seller has not decided yet.'],
    ['return_not_allowed', 'Returns are possible for 30 days after delivery; this order was delivered on 2026-01-05.', 'This order cannot be returned: Returns are possible for 30 days after delivery; this order was delivered on 2026-01-05.'],
  ])('says why the server refused (%s) and asks the page to fetch the order again', async (code, message, shown) => {
    installFakeFetch({ 'POST /api/orders/5/return-request': () => ({ status: 409, body: { error: { code, message } } }) });
    const { onStale } = renderReturn();
    fireEvent.click(offer() as HTMLElement);
    fireEvent.change(screen.getByLabelText('Reason'), { target: { value: 'damaged' } });
    fireEvent.click(screen.getByRole('button', { name: 'Request return' }));
    expect((await screen.findByRole('alert')).textContent).toBe(shown);
    expect(onStale).toHaveBeenCalledTimes(1);
    expect(screen.getByRole('form')).toBeTruthy();
  });

  it('shows the decision: approved without a word of restocking, declined with the seller’s message and a new offer', () => {
    const { setRequest } = renderReturn({ request: returnRequestBody() });
    setRequest(returnRequestBody({ status: 'approved', decided_at: '2026-01-07T10:00:00Z', restock: true, buyer_message: 'Refund on its way' }));
    const panel = screen.getByRole('status');
    expect(panel.querySelector('.return-panel__title')?.textContent).toBe('Return approved');
    expect(panel.textContent).toContain('Refund on its way');
    expect(panel.textContent).not.toMatch(/stock/i);

    setRequest(returnRequestBody({ id: 12, status: 'declined', decided_at: '2026-01-07T10:00:00Z', restock: null, buyer_message: 'Worn items cannot be returned.' }));
    expect(panel.querySelector('.return-panel__title')?.textContent).toBe('Return declined');
    expect(panel.textContent).toContain('Message from the seller: Worn items cannot be returned.');
    // A declined request does not stop another within the window.
    expect(offer()).toBeTruthy();
  });
});
