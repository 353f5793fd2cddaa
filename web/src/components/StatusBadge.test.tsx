import { render } from '@solidjs/testing-library';
import { describe, expect, it } from 'vitest';
import { ORDER_STATUSES, STATUS_INFO } from '../../../server/domain/order-status.js';
import { StatusBadge } from './StatusBadge.jsx';

describe('StatusBadge', () => {
  it.each(ORDER_STATUSES)('shows %s with its label, emoji and colour class', (status) => {
    const { container } = render(() => <StatusBadge status={status} />);
    const badge = container.querySelector('.status-badge');
    expect(badge?.textContent).toBe(`${STATUS_INFO[status].emoji}${STATUS_INFO[status].label}`);
    expect(badge?.classList.contains(`status-badge--${status}`)).toBe(true);
    expect(badge?.querySelector('[aria-hidden="true"]')?.textContent).toBe(STATUS_INFO[status].emoji);
  });
});
