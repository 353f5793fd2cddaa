import type { LoggedEvent, EventBus } from '../domain/ports.js';
import { deliverNow } from './deliver-now.js';

/** The single-node event bus: delivers to this process's listeners only (see deliverNow). */
export class InMemoryEventBus implements EventBus {
  private readonly listeners = new Set<(event: LoggedEvent) => void>();

  constructor(private readonly onListenerError: (error: unknown) => void = () => {}) {}

  publish(event: LoggedEvent): void {
    deliverNow(this.listeners, event, this.onListenerError);
  }

  subscribe(listener: (event: LoggedEvent) => void): () => void {
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
