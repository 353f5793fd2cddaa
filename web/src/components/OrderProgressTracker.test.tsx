import { render, screen } from '@solidjs/testing-library';
import { createSignal } from 'solid-js';
import { describe, expect, it } from 'vitest';
import type { HistoryEntry } from '../../../server/contract/api.js';
import { MAIN_TRACK, STATUS_INFO, type OrderStatus } from '../../../server/domain/order-status.js';
import { UNSHIPPED } from '../api/order-fixtures.test-support.js';
import { OrderProgressTracker } from './OrderProgressTracker.jsx';

function historyUpTo(path: OrderStatus[]): HistoryEntry[] {
  return path.map((status, index) => ({ status, at: new Date(Date.UTC(2026, 0, 1, 10 + index)).toISOString(), buyer_message: null }));
}

function currentStep(container: HTMLElement): Element[] {
  return [...container.querySelectorAll('[aria-current="step"]')];
}

describe('OrderProgressTracker on the main track', () => {
  it.each(MAIN_TRACK.map((status, index) => [status, index] as const))('marks %s as the current step', (status, index) => {
    const path = MAIN_TRACK.slice(0, index + 1) as OrderStatus[];
    const { container } = render(() => <OrderProgressTracker status={status} history={historyUpTo(path)} />);

    const current = currentStep(container);
    expect(current).toHaveLength(1);
    expect(current[0]?.getAttribute('data-status')).toBe(status);
    expect(current[0]?.textContent).toContain(STATUS_INFO[status].label);

    const steps = [...container.querySelectorAll('.tracker__step')];
    expect(steps).toHaveLength(5);
    steps.forEach((step, stepIndex) => {
      const expected = stepIndex < index ? 'done' : stepIndex === index ? 'current' : 'upcoming';
      expect(step.classList.contains(`tracker__step--${expected}`)).toBe(true);
    });
    expect(container.querySelectorAll('.tracker__step time')).toHaveLength(index + 1);

    const region = screen.getByRole('status');
    expect(region.getAttribute('aria-live')).toBe('polite');
    expect(region.textContent).toContain(STATUS_INFO[status].label);
    expect(region.textContent).toContain(STATUS_INFO[status].emoji);
    expect(region.textContent).toContain(STATUS_INFO[status].message);
    expect(region.textContent?.split(STATUS_INFO[status].emoji).length, 'the emoji is said once').toBe(2);
    expect(container.querySelector('.tracker__off-track')).toBeNull();
  });

  const SHIPPED = {
    ...UNSHIPPED,
    carrier: 'UPS',
    carrier_code: 'ups',
    tracking_number: '1Z999',
    tracking_url: 'https://www.ups.com/track?tracknum=1Z999',
    status: 'shipped',
    shipped_at: '2026-12-10T09:00:00.000Z',
    estimated_delivery: { earliest: '2026-12-15', latest: '2026-12-17' },
  };

  it('shows the carrier, a link to the parcel’s tracking page and the arrival window once shipped', () => {
    render(() => <OrderProgressTracker status="shipped" history={historyUpTo(['pending', 'confirmed', 'processing', 'shipped'])} shipment={SHIPPED} />);
    expect(screen.getByRole('status').textContent).toContain('Arriving Tue 15 – Thu 17 Dec');
    const link = screen.getByRole('link', { name: /1Z999/ });
    expect(link.getAttribute('href')).toBe('https://www.ups.com/track?tracknum=1Z999');
    expect(link.getAttribute('target')).toBe('_blank');
    expect(link.getAttribute('rel')).toContain('noopener');
    expect(link.closest('.tracker__shipment')?.textContent).toContain('Carrier: UPS');
  });

  it('stops saying when it arrives once delivered, and keeps the link', () => {
    render(() => (
      <OrderProgressTracker
        status="delivered"
        history={historyUpTo(['pending', 'confirmed', 'processing', 'shipped', 'delivered'])}
        shipment={{ ...SHIPPED, status: 'delivered', delivered_at: '2026-12-16T12:00:00.000Z' }}
      />
    ));
    expect(screen.getByRole('status').textContent).not.toContain('Arriving');
    expect(screen.getByRole('link', { name: /1Z999/ })).toBeTruthy();
  });

  it('shows a tracking number without a link for a carrier outside the list, and no window when none is known', () => {
    const other = { ...UNSHIPPED, carrier: 'Bike Courier', tracking_number: 'BC-9', status: 'shipped' };
    render(() => <OrderProgressTracker status="shipped" history={historyUpTo(['pending', 'confirmed', 'processing', 'shipped'])} shipment={other} />);
    expect(screen.queryByRole('link')).toBeNull();
    expect(document.querySelector('.tracker__shipment')?.textContent).toBe('Carrier: Bike Courier · Tracking number: BC-9');
    expect(screen.getByRole('status').textContent).not.toContain('Arriving');
  });

  it('does not mention the shipment before the order ships', () => {
    render(() => (
      <OrderProgressTracker status="processing" history={historyUpTo(['pending', 'confirmed', 'processing'])} shipment={{ ...UNSHIPPED, carrier: 'UPS' }} />
    ));
    expect(screen.getByRole('status').textContent).not.toContain('UPS');
  });

  it('updates the step and announces the change when the status changes', () => {
    const [status, setStatus] = createSignal<OrderStatus>('pending');
    const [history, setHistory] = createSignal(historyUpTo(['pending']));
    const { container } = render(() => <OrderProgressTracker status={status()} history={history()} />);
    setHistory(historyUpTo(['pending', 'confirmed']));
    setStatus('confirmed');
    expect(currentStep(container)[0]?.getAttribute('data-status')).toBe('confirmed');
    expect(screen.getByRole('status').textContent).toContain('✔️ Seller confirmed your order!');
  });
});

describe('OrderProgressTracker off the main track', () => {
  it('shows a cancelled order apart from the main steps', () => {
    const { container } = render(() => <OrderProgressTracker status="cancelled" history={historyUpTo(['pending', 'confirmed', 'cancelled'])} />);
    const current = currentStep(container);
    expect(current).toHaveLength(1);
    expect(current[0]?.classList.contains('tracker__off-track')).toBe(true);
    expect(current[0]?.textContent).toContain('Cancelled');
    expect(container.querySelectorAll('.tracker__step--done')).toHaveLength(2);
    expect(container.querySelectorAll('.tracker__step--skipped')).toHaveLength(3);
    expect(screen.getByRole('status').textContent).toContain('Cancelled — ❌');
    expect(screen.getByRole('status').textContent).toContain(STATUS_INFO.cancelled.message);
    // Said once on the page: the box shows it, the message is there for screen readers only.
    expect(screen.getByRole('status').classList.contains('visually-hidden')).toBe(true);
  });

  it('shows a returned order with the steps it went through', () => {
    const { container } = render(() => (
      <OrderProgressTracker status="returned" history={historyUpTo(['pending', 'confirmed', 'processing', 'shipped', 'delivered', 'returned'])} />
    ));
    const current = currentStep(container);
    expect(current).toHaveLength(1);
    expect(current[0]?.getAttribute('data-status')).toBe('returned');
    expect(container.querySelectorAll('.tracker__step--done')).toHaveLength(5);
    expect(screen.getByRole('status').textContent).toContain('Returned — ↩️');
    expect(screen.getByRole('status').textContent).toContain(STATUS_INFO.returned.message);
  });
});
