import type { LoggedEvent } from '../domain/ports.js';

/**
 * How far a consumer of the event log may move its position over `events` (read after `from`):
 * through consecutive positions, and past a hole only once it is older than `holeMs`. On
 * PostgreSQL a hole is a transaction not yet committed (its event comes later) or rolled back.
 */
export function reachablePosition(from: number, events: readonly LoggedEvent[], now: number, holeMs: number): number {
  let to = from;
  for (const event of events) {
    if (event.position !== to + 1 && now - event.at < holeMs) break;
    to = event.position;
  }
  return to;
}
