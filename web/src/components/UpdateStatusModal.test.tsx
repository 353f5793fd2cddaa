import { fireEvent, render, screen, waitFor } from '@solidjs/testing-library';
import { Show, createSignal } from 'solid-js';
import { describe, expect, it, vi } from 'vitest';
import type { OrderStatusBody, UpdateStatusBody } from '../../../server/contract/api.js';
import { STATUS_INFO, type OrderStatus } from '../../../server/domain/order-status.js';
import { statusFields } from '../../../server/contract/presenters.js';
import { ApiRequestError } from '../api/api-client.js';
import type { UpdateStatusInput } from '../api/seller-api.js';
import { UNSHIPPED } from '../api/order-fixtures.test-support.js';
import { UpdateStatusModal, type ModalOrder } from './UpdateStatusModal.jsx';

const order = (status: OrderStatus, version = 3): ModalOrder => ({ order_id: 11, order_number: 'ORD-11', status, version, customer_name: 'Ada L.' });

function optionValues(): string[] {
  const select = screen.getByLabelText('New status');
  return [...select.querySelectorAll('option')].map((option) => option.value);
}

describe('UpdateStatusModal', () => {
  const CARRIERS = [
    { code: 'ups', name: 'UPS' },
    { code: 'royal_mail', name: 'Royal Mail' },
  ];
  const loadCarriers = () => Promise.resolve(CARRIERS);
  it('is a labelled modal dialog that takes focus', () => {
    render(() => <UpdateStatusModal order={order('pending')} onClose={() => {}} />);
    const dialog = screen.getByRole('dialog');
    expect(dialog.getAttribute('aria-modal')).toBe('true');
    expect(document.getElementById(dialog.getAttribute('aria-labelledby') ?? '')?.textContent).toContain('ORD-11');
    expect(document.activeElement).toBe(screen.getByLabelText('New status'));
  });

  it('makes the page behind it inert while it is open, and only that long', () => {
    const page = document.body.appendChild(document.createElement('main'));
    const [open, setOpen] = createSignal(true);
    render(() => (
      <Show when={open()}>
        <UpdateStatusModal order={order('pending')} onClose={() => setOpen(false)} />
      </Show>
    ));
    expect(page.hasAttribute('inert')).toBe(true);
    expect(screen.getByRole('dialog').closest('[inert]')).toBeNull();
    setOpen(false);
    expect(page.hasAttribute('inert')).toBe(false);
    page.remove();
  });

  it.each([
    ['pending', ['confirmed', 'cancelled']],
    ['confirmed', ['processing', 'cancelled']],
    ['processing', ['shipped', 'cancelled']],
    ['shipped', ['delivered', 'returned']],
    ['delivered', ['returned']],
  ] as const)('offers only the legal next statuses from %s', (status, expected) => {
    render(() => <UpdateStatusModal order={order(status)} onClose={() => {}} loadCarriers={loadCarriers} />);
    expect(optionValues()).toEqual(expected);
  });

  it('offers nothing for a final status', () => {
    render(() => <UpdateStatusModal order={order('cancelled')} onClose={() => {}} />);
    expect(screen.queryByLabelText('New status')).toBeNull();
    expect(screen.getByRole('dialog').textContent).toContain('final status');
  });

  const accept = () =>
    vi.fn(
      (input: UpdateStatusInput): Promise<UpdateStatusBody> =>
        Promise.resolve({ success: true, changed: true, order: { order_id: input.order_id, status: input.new_status, version: 4, updated_at: 'now' } }),
    );
  const carrierOptions = () => [...screen.getByLabelText('Carrier').querySelectorAll('option')].map((option) => option.textContent);

  it('picks the carrier from the list and sends its code with the tracking number, window and buyer message', async () => {
    const submit = accept();
    render(() => <UpdateStatusModal order={order('processing')} onClose={() => {}} submit={submit} loadCarriers={loadCarriers} />);
    await waitFor(() => expect(carrierOptions()).toEqual(['Choose a carrier…', 'UPS', 'Royal Mail', 'Other carrier']));
    fireEvent.change(screen.getByLabelText('Carrier'), { target: { value: 'royal_mail' } });
    fireEvent.input(screen.getByLabelText('Tracking number'), { target: { value: ' RM 1 ' } });
    fireEvent.input(screen.getByLabelText('Earliest'), { target: { value: '2026-12-15' } });
    fireEvent.input(screen.getByLabelText('Latest'), { target: { value: '2026-12-17' } });
    fireEvent.input(screen.getByLabelText(/Message to the buyer/), { target: { value: 'On its way!' } });
    fireEvent.input(screen.getByLabelText(/Internal note/), { target: { value: 'Box 3' } });
    fireEvent.click(screen.getByRole('button', { name: 'Update status' }));
    await waitFor(() => expect(screen.getByRole('status').textContent).toContain('is now Shipped 📦'));
    expect(submit).toHaveBeenCalledWith({
      order_id: 11,
      new_status: 'shipped',
      expected_version: 3,
      carrier_code: 'royal_mail',
      tracking_number: 'RM 1',
      estimated_delivery: { earliest: '2026-12-15', latest: '2026-12-17' },
      buyer_message: 'On its way!',
      note: 'Box 3',
    });
    expect((screen.getByLabelText(/Message to the buyer/) as HTMLTextAreaElement).value).toBe('');
  });

  it('takes another carrier as free text ("Other carrier")', async () => {
    const submit = accept();
    render(() => <UpdateStatusModal order={order('processing')} onClose={() => {}} submit={submit} loadCarriers={loadCarriers} />);
    fireEvent.change(screen.getByLabelText('Carrier'), { target: { value: 'other' } });
    fireEvent.click(screen.getByRole('button', { name: 'Update status' }));
    expect(screen.getByRole('alert').textContent).toContain('Name the carrier');
    fireEvent.input(screen.getByLabelText('Carrier name'), { target: { value: 'Bike Courier' } });
    fireEvent.input(screen.getByLabelText('Tracking number'), { target: { value: 'BC-9' } });
    fireEvent.click(screen.getByRole('button', { name: 'Update status' }));
    await waitFor(() => expect(submit).toHaveBeenCalled());
    expect(submit).toHaveBeenCalledWith({ order_id: 11, new_status: 'shipped', expected_version: 3, carrier: 'Bike Courier', tracking_number: 'BC-9' });
  });

  it('refuses half a delivery window, or one the wrong way round, before sending', () => {
    const submit = accept();
    render(() => <UpdateStatusModal order={order('processing')} onClose={() => {}} submit={submit} loadCarriers={loadCarriers} />);
    fireEvent.input(screen.getByLabelText('Tracking number'), { target: { value: '1Z' } });
    fireEvent.input(screen.getByLabelText('Earliest'), { target: { value: '2026-12-15' } });
    fireEvent.click(screen.getByRole('button', { name: 'Update status' }));
    expect(screen.getByRole('alert').textContent).toContain('both dates');
    fireEvent.input(screen.getByLabelText('Latest'), { target: { value: '2026-12-14' } });
    fireEvent.click(screen.getByRole('button', { name: 'Update status' }));
    expect(screen.getByRole('alert').textContent).toContain('must not be after');
    expect(submit).not.toHaveBeenCalled();
  });

  it('asks once more before shipping without a tracking number', async () => {
    const submit = accept();
    render(() => <UpdateStatusModal order={order('processing')} onClose={() => {}} submit={submit} loadCarriers={loadCarriers} />);
    await waitFor(() => expect(carrierOptions()).toContain('UPS'));
    fireEvent.change(screen.getByLabelText('Carrier'), { target: { value: 'ups' } });
    fireEvent.click(screen.getByRole('button', { name: 'Update status' }));
    const question = screen.getByRole('alert');
    expect(question.textContent).toContain('No tracking number');
    expect(submit).not.toHaveBeenCalled();
    await waitFor(() => expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Ship without tracking number' })));

    // Going back puts the seller in the tracking number field.
    fireEvent.click(screen.getByRole('button', { name: 'Add a tracking number' }));
    expect(screen.queryByRole('alert')).toBeNull();
    expect(document.activeElement).toBe(screen.getByLabelText('Tracking number'));

    fireEvent.click(screen.getByRole('button', { name: 'Update status' }));
    fireEvent.click(screen.getByRole('button', { name: 'Ship without tracking number' }));
    await waitFor(() => expect(screen.getByRole('status').textContent).toContain('is now Shipped 📦'));
    expect(submit).toHaveBeenCalledWith({ order_id: 11, new_status: 'shipped', expected_version: 3, carrier_code: 'ups' });
  });

  it('still ships with another carrier when the carrier list cannot be loaded', async () => {
    const submit = accept();
    const failing = () => Promise.reject(new ApiRequestError(503, 'unavailable', 'Down'));
    render(() => <UpdateStatusModal order={order('processing')} onClose={() => {}} submit={submit} loadCarriers={failing} />);
    await waitFor(() => expect(screen.getByRole('dialog').textContent).toContain('carrier list could not be loaded'));
    expect(carrierOptions()).toEqual(['Choose a carrier…', 'Other carrier']);
    fireEvent.change(screen.getByLabelText('Carrier'), { target: { value: 'other' } });
    fireEvent.input(screen.getByLabelText('Carrier name'), { target: { value: 'UPS' } });
    fireEvent.input(screen.getByLabelText('Tracking number'), { target: { value: '1Z' } });
    fireEvent.click(screen.getByRole('button', { name: 'Update status' }));
    await waitFor(() => expect(submit).toHaveBeenCalledWith({ order_id: 11, new_status: 'shipped', expected_version: 3, carrier: 'UPS', tracking_number: '1Z' }));
  });

  it('does not ask about a tracking number for other moves', async () => {
    const submit = accept();
    render(() => <UpdateStatusModal order={order('pending')} onClose={() => {}} submit={submit} />);
    fireEvent.click(screen.getByRole('button', { name: 'Update status' }));
    await waitFor(() => expect(submit).toHaveBeenCalledWith({ order_id: 11, new_status: 'confirmed', expected_version: 3 }));
  });

  it('hides shipment fields for other statuses', () => {
    render(() => <UpdateStatusModal order={order('processing')} onClose={() => {}} loadCarriers={loadCarriers} />);
    fireEvent.change(screen.getByLabelText('New status'), { target: { value: 'cancelled' } });
    expect(screen.queryByLabelText('Carrier')).toBeNull();
  });

  it("shows the server's error message", async () => {
    const submit = vi.fn(() => Promise.reject(new ApiRequestError(409, 'illegal_transition', 'Cannot move an order from pending to delivered.')));
    render(() => <UpdateStatusModal order={order('pending')} onClose={() => {}} submit={submit} />);
    fireEvent.click(screen.getByRole('button', { name: 'Update status' }));
    await waitFor(() => expect(screen.getByRole('alert').textContent).toBe('Cannot move an order from pending to delivered.'));
  });

  it('explains a version conflict with the current status and offers its next moves', async () => {
    const submit = vi.fn(() => Promise.reject(new ApiRequestError(409, 'version_conflict', 'Version conflict')));
    const latest: OrderStatusBody = {
      order_id: 11,
      order_number: 'ORD-11',
      ...statusFields('processing'),
      version: 5,
      updated_at: 'now',
      history: [],
      shipment: UNSHIPPED,
    };
    render(() => (
      <UpdateStatusModal order={order('pending')} onClose={() => {}} submit={submit} loadCurrent={() => Promise.resolve(latest)} loadCarriers={loadCarriers} />
    ));
    fireEvent.click(screen.getByRole('button', { name: 'Update status' }));
    await waitFor(() => expect(screen.getByRole('alert').textContent).toContain('Someone else changed this order'));
    expect(screen.getByRole('alert').textContent).toContain(`${STATUS_INFO.processing.label} ${STATUS_INFO.processing.emoji}`);
    expect(optionValues()).toEqual(['shipped', 'cancelled']);
  });

  it('follows a change pushed while it is open: the new status, its legal moves, and the new version sent', async () => {
    const submit = accept();
    const [live, setLive] = createSignal(order('pending', 3));
    render(() => <UpdateStatusModal order={live()} onClose={() => {}} submit={submit} loadCarriers={loadCarriers} />);
    expect(optionValues()).toEqual(['confirmed', 'cancelled']);

    setLive(order('processing', 5));
    await waitFor(() => expect(screen.getByRole('dialog').querySelector('.modal__current')?.textContent).toContain(`${STATUS_INFO.processing.label} ${STATUS_INFO.processing.emoji}`));
    expect(optionValues()).toEqual(['shipped', 'cancelled']);
    expect(screen.getByRole('alert').textContent).toContain('changed elsewhere');

    // An older state arriving late changes nothing.
    setLive(order('confirmed', 4));
    expect(optionValues()).toEqual(['shipped', 'cancelled']);

    fireEvent.change(screen.getByLabelText('New status'), { target: { value: 'cancelled' } });
    fireEvent.click(screen.getByRole('button', { name: 'Update status' }));
    await waitFor(() => expect(submit).toHaveBeenCalledWith({ order_id: 11, new_status: 'cancelled', expected_version: 5 }));
  });

  it('says so, and keeps focus inside, when a pushed change makes the order final', async () => {
    const [live, setLive] = createSignal(order('pending', 3));
    render(() => <UpdateStatusModal order={live()} onClose={() => {}} />);
    setLive(order('cancelled', 4));
    await waitFor(() => expect(screen.getByRole('dialog').textContent).toContain('final status'));
    expect(screen.queryByLabelText('New status')).toBeNull();
    await waitFor(() => expect(screen.getByRole('dialog').contains(document.activeElement)).toBe(true));
  });

  it('closes on Escape and returns focus to the button that opened it', () => {
    function Harness() {
      const [open, setOpen] = createSignal(false);
      return (
        <>
          <button type="button" onClick={() => setOpen(true)}>
            Update
          </button>
          <Show when={open()}>
            <UpdateStatusModal order={order('pending')} onClose={() => setOpen(false)} />
          </Show>
        </>
      );
    }
    render(() => <Harness />);
    const opener = screen.getByRole('button', { name: 'Update' });
    opener.focus();
    fireEvent.click(opener);
    expect(screen.getByRole('dialog')).toBeTruthy();
    fireEvent.keyDown(screen.getByLabelText('New status'), { key: 'Escape' });
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(document.activeElement).toBe(opener);
  });

  it('keeps Tab inside the dialog', () => {
    render(() => <UpdateStatusModal order={order('pending')} onClose={() => {}} />);
    const submitButton = screen.getByRole('button', { name: 'Update status' });
    submitButton.focus();
    fireEvent.keyDown(submitButton, { key: 'Tab' });
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Close dialog' }));
    fireEvent.keyDown(document.activeElement ?? document.body, { key: 'Tab', shiftKey: true });
    expect(document.activeElement).toBe(submitButton);
  });
});
