import { render } from '@solidjs/testing-library';
import { describe, expect, it } from 'vitest';
import { ORDER_STATUSES, STATUS_INFO } from '../../../server/domain/order-status.js';
import { StatusBadge } from './StatusBadge.jsx';

describe('StatusBadge', () => {
  it.each(ORDER_STATUSES)('shows %s with its label, an icon drawn in SVG (no emoji font needed) and its colour class', (status) => {
    const { container } = render(() => <StatusBadge status={status} />);
    const badge = container.querySelector('.status-badge');
    expect(badge?.textContent).toBe(STATUS_INFO[status].label);
    expect(badge?.classList.contains(`status-badge--${status}`)).toBe(true);
    const icon = badge?.querySelector('[aria-hidden="true"] svg');
    expect(icon?.classList.contains(`icon--${status}`)).toBe(true);
    expect(icon?.querySelectorAll('path, circle').length).toBeGreaterThan(0);
  });
});
