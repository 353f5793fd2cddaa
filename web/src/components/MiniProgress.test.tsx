import { render, screen } from '@solidjs/testing-library';
import { describe, expect, it } from 'vitest';
import { ORDER_STATUSES, STATUS_INFO } from '../../../server/domain/order-status.js';
import { MiniProgress } from './MiniProgress.jsx';

describe('MiniProgress', () => {
  it.each(ORDER_STATUSES)('describes %s in words and fills its steps', (status) => {
    const { container } = render(() => <MiniProgress status={status} />);
    const bar = screen.getByRole('progressbar', { name: 'Order progress' });
    const info = STATUS_INFO[status];
    expect(bar.getAttribute('aria-valuenow')).toBe(String(info.step));
    expect(bar.getAttribute('aria-valuetext')).toBe(info.step === 0 ? info.label : `Step ${info.step} of 5: ${info.label}`);
    expect(container.querySelectorAll('.mini-progress__segment.is-filled')).toHaveLength(info.step);
  });
});
