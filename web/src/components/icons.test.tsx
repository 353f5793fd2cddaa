import { render } from '@solidjs/testing-library';
import { describe, expect, it } from 'vitest';
import { ORDER_STATUSES } from '../../../server/domain/order-status.js';
import { OrderProgressTracker } from './OrderProgressTracker.jsx';
import { StatusIcon } from './icons.jsx';

/** Any pictographic character: what shows as an empty box on a machine without an emoji font. */
const EMOJI = /\p{Extended_Pictographic}/u;

describe('status icons', () => {
  it('draws a different picture for each status, hidden from screen readers (the words say it)', () => {
    const drawings = ORDER_STATUSES.map((status) => {
      const { container } = render(() => <StatusIcon status={status} />);
      const svg = container.querySelector('svg');
      expect(svg?.getAttribute('aria-hidden')).toBe('true');
      return svg?.innerHTML ?? '';
    });
    expect(new Set(drawings).size).toBe(ORDER_STATUSES.length);
  });

  it('draws the same status in two places at once (the tracker’s step and the timeline)', () => {
    const { container } = render(() => (
      <>
        <StatusIcon status="pending" />
        <StatusIcon status="pending" />
      </>
    ));
    const drawn = [...container.querySelectorAll('svg')].map((svg) => svg.querySelectorAll('path, circle').length);
    expect(drawn).toEqual([1, 1]);
  });

  it('leaves no emoji among the tracker’s visible marks: its steps are drawn', () => {
    const { container } = render(() => (
      <OrderProgressTracker
        status="shipped"
        history={[
          { status: 'pending', at: '2026-12-01T10:00:00Z', buyer_message: null },
          { status: 'shipped', at: '2026-12-02T10:00:00Z', buyer_message: null },
        ]}
      />
    ));
    const icons = [...container.querySelectorAll('.tracker__icon')];
    expect(icons.length).toBeGreaterThanOrEqual(5);
    for (const icon of icons) {
      expect(icon.querySelector('svg')).not.toBeNull();
      expect(icon.textContent ?? '').not.toMatch(EMOJI);
    }
  });
});
