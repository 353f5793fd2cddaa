import type { BusEvent, EventBus } from '../domain/ports.js';

/**
 * The single-node event bus: delivers to this process's listeners only. Delivery is
 * deferred to a microtask so a publisher never runs socket fan-out inside its request.
 */
export class InMemoryEventBus implements EventBus {
  private readonly listeners = new Set<(event: BusEvent) => void>();

  constructor(private readonly onListenerError: (error: unknown) => void = () => {}) {}

  publish(event: BusEvent): void {
    queueMicrotask(() => {
      for (const listener of this.listeners) {
        try {
          listener(event);
        } catch (error) {
          this.onListenerError(error);
        }
      }
    });
  }

  subscribe(listener: (event: BusEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  onRecovered(): () => void {
    // In-process delivery has no outage to recover from.
    return () => {};
  }

  health(): 'disabled' {
    return 'disabled';
  }

  async close(): Promise<void> {
    this.listeners.clear();
  }
}
