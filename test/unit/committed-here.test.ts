/** The outbound consumers' wake-up: the events this node publishes, not those it hears of from other nodes. */
import { expect, it } from 'vitest';
import type { LoggedEvent } from '../../server/domain/ports.js';
import { committedHere } from '../../server/infra/committed-here.js';
import { InMemoryEventBus } from '../../server/infra/in-memory-event-bus.js';

const event = (position: number): LoggedEvent => ({ position, at: 0, event: { type: 'session:ended', sessionId: `s${position}` } });

it('tells the consumers of what this node publishes, after its bus has it; events from elsewhere reach only the bus listeners', () => {
  const inner = new InMemoryEventBus();
  const errors: unknown[] = [];
  const { bus, committed } = committedHere(inner, (err) => errors.push(err));
  const order: string[] = [];
  bus.subscribe(({ position }) => order.push(`bus ${position}`));
  committed.subscribe(({ position }) => order.push(`committed ${position}`));
  committed.subscribe(() => {
    throw new Error('a failing consumer');
  });

  bus.publish(event(1));
  inner.publish(event(2)); // as another node's event arrives: through the bus, not published here
  expect(order).toEqual(['bus 1', 'committed 1', 'bus 2']);
  expect(errors).toHaveLength(1);
});
