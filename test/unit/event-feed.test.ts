/** EventFeed: every logged event reaches this node's listeners exactly once, by whichever way comes first. */
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import type { DomainEvent, EventLog, LoggedEvent } from '../../server/domain/ports.js';
import { EventFeed } from '../../server/infra/event-feed.js';
import { InMemoryEventBus } from '../../server/infra/in-memory-event-bus.js';

/** A log held in memory: commit order may differ from position order, as with PostgreSQL sequences. */
class MemoryLog implements EventLog {
  rows: LoggedEvent[] = [];
  async after(position: number, limit: number) {
    return this.rows.filter((r) => r.position > position).sort((a, b) => a.position - b.position).slice(0, limit);
  }
  async head() {
    return Math.max(0, ...this.rows.map((r) => r.position));
  }
  async prune() {
    return 0;
  }
  async consumerPosition() {
    return 0;
  }
  async advanceConsumer() {
    return true;
  }
  commit(position: number, at: number, sessionId = `s${position}`): LoggedEvent {
    const event: DomainEvent = { type: 'session:ended', sessionId };
    const row = { position, at, event };
    this.rows.push(row);
    return row;
  }
}

async function setUp() {
  let now = 100_000;
  const log = new MemoryLog();
  log.commit(1, now - 60_000); // history from before this node started
  const bus = new InMemoryEventBus();
  const feed = new EventFeed(bus, log, pino({ level: 'silent' }), { pollMs: 3_600_000, graceMs: 1_000, holeMs: 10_000, clock: () => now });
  await feed.start();
  const seen: number[] = [];
  feed.subscribe((e) => seen.push(e.position));
  return { log, bus, feed, seen, tick: (ms: number) => (now += ms), now: () => now };
}

describe('EventFeed', () => {
  it('starts at the head of the log: a new node does not replay the past', async () => {
    const { feed, seen } = await setUp();
    await feed.catchUp();
    expect(seen).toEqual([]);
  });

  it('delivers an event published here at once, and never again from the log or the bus', async () => {
    const { log, bus, feed, seen, tick, now } = await setUp();
    feed.publish(log.commit(2, now()));
    expect(seen).toEqual([2]);
    tick(5_000);
    await feed.catchUp();
    bus.publish(log.rows[1]!); // the same event coming back from another way
    expect(seen).toEqual([2]);
  });

  it('relays from the log an event that was committed but never published, once the grace is over', async () => {
    const { log, feed, seen, tick, now } = await setUp();
    log.commit(2, now()); // its node died before publishing
    await feed.catchUp();
    expect(seen).toEqual([]); // the bus may still bring it
    tick(1_000);
    await feed.catchUp();
    expect(seen).toEqual([2]);
    tick(1_000);
    await feed.catchUp();
    expect(seen).toEqual([2]);
  });

  it('waits at a hole in the log, and gives up on it only when it is old', async () => {
    const { log, feed, seen, tick, now } = await setUp();
    feed.publish(log.commit(3, now())); // position 2 is taken but not committed yet
    tick(2_000);
    await feed.catchUp();
    log.commit(2, now()); // …now it is, later than 3
    tick(1_000);
    await feed.catchUp();
    expect(seen).toEqual([3, 2]);
    // A hole that never fills (a rolled-back position) is passed once it is older than holeMs.
    feed.publish(log.commit(5, now()));
    tick(11_000);
    await feed.catchUp();
    feed.publish(log.commit(6, now()));
    expect(seen).toEqual([3, 2, 5, 6]);
  });

  it('keeps delivering other nodes’ events while the bus brings none (Redis down)', async () => {
    const { log, feed, seen, tick, now } = await setUp();
    for (const p of [2, 3, 4]) log.commit(p, now());
    tick(1_500);
    await feed.catchUp();
    expect(seen).toEqual([2, 3, 4]);
  });
});
