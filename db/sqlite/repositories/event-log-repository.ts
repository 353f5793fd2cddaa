import type Database from 'better-sqlite3';
import type { DomainEvent, EventLog, LoggedEvent } from '../../../server/domain/ports.js';
import type { Db } from '../sqlite.js';

type EventRow = [position: number, payload: string, createdAt: number];

const toLogged = ([position, payload, at]: EventRow): LoggedEvent => ({ position, at, event: JSON.parse(payload) as DomainEvent });

/**
 * Appends events inside the caller's write transaction (better-sqlite3 transactions are
 * synchronous: this must be called from within one, never awaited).
 */
export class EventAppender {
  private readonly insert: Database.Statement<[type: string, payload: string, createdAt: number], { position: number }>;

  constructor(db: Db) {
    this.insert = db.$client.prepare('INSERT INTO events (type, payload, created_at) VALUES (?, ?, ?) RETURNING position');
  }

  append(event: DomainEvent, now: number): LoggedEvent {
    const row = this.insert.get(event.type, JSON.stringify(event), now);
    if (!row) throw new Error('event insert returned no row');
    return { position: row.position, at: now, event };
  }
}

export class SqliteEventLog implements EventLog {
  private readonly q;

  constructor(db: Db) {
    const sqlite = db.$client;
    this.q = {
      after: sqlite.prepare<[number, number], EventRow>('SELECT position, payload, created_at FROM events WHERE position > ? ORDER BY position LIMIT ?').raw(true),
      head: sqlite.prepare<[], { position: number | null }>('SELECT max(position) AS position FROM events'),
      // The newest event stays, whatever its age: positions are rowids, and an empty table would hand out old ones again.
      prune: sqlite.prepare<[before: number]>(
        `DELETE FROM events WHERE created_at < ? AND position < (SELECT max(position) FROM events)`,
      ),
      consumer: sqlite.prepare<[string], { position: number }>('SELECT position FROM event_consumers WHERE consumer = ?'),
      start: sqlite.prepare<[consumer: string, to: number, now: number]>(
        'INSERT INTO event_consumers (consumer, position, updated_at) VALUES (?, ?, ?) ON CONFLICT (consumer) DO NOTHING',
      ),
      advance: sqlite.prepare<[to: number, now: number, consumer: string, from: number]>(
        'UPDATE event_consumers SET position = ?, updated_at = ? WHERE consumer = ? AND position = ?',
      ),
    };
  }

  async after(position: number, limit: number): Promise<LoggedEvent[]> {
    return this.q.after.all(position, limit).map(toLogged);
  }

  async head(): Promise<number> {
    return this.q.head.get()?.position ?? 0;
  }

  async prune(before: number): Promise<number> {
    return this.q.prune.run(before).changes;
  }

  async consumerPosition(consumer: string): Promise<number> {
    return this.q.consumer.get(consumer)?.position ?? 0;
  }

  async advanceConsumer(consumer: string, from: number, to: number, now: number): Promise<boolean> {
    if (from === 0 && this.q.start.run(consumer, to, now).changes === 1) return true;
    return this.q.advance.run(to, now, consumer, from).changes === 1;
  }
}
