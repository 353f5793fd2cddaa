import type { DomainEvent, EventLog, LoggedEvent } from '../../../server/domain/ports.js';
import { statement, type PgDatabase, type PgTransaction } from '../pg-database.js';

const append = statement('events_append', `INSERT INTO events (type, payload, created_at) VALUES ($1, $2, $3) RETURNING position`);
const after = statement('events_after', `SELECT position, payload, created_at AS "at" FROM events WHERE position > $1 ORDER BY position LIMIT $2`);

/** Appends an event on the transaction of its change: it commits, or vanishes, with the change. */
export async function appendEvent(tx: PgTransaction, event: DomainEvent, now: number): Promise<LoggedEvent> {
  const row = await tx.row<{ position: number }>(append, [event.type, JSON.stringify(event), now]);
  if (!row) throw new Error('event insert returned no row');
  return { position: row.position, at: now, event };
}

export class PgEventLog implements EventLog {
  constructor(private readonly db: PgDatabase) {}

  async after(position: number, limit: number): Promise<LoggedEvent[]> {
    const rows = await this.db.rows<{ position: number; payload: string; at: number }>(after, [position, limit]);
    return rows.map(({ position: p, payload, at }) => ({ position: p, at, event: JSON.parse(payload) as DomainEvent }));
  }

  async head(): Promise<number> {
    return (await this.db.row<{ position: number | null }>(`SELECT max(position) AS position FROM events`))?.position ?? 0;
  }

  async prune(before: number): Promise<number> {
    // The newest event stays, whatever its age, as in SQLite (there, positions are rowids).
    return this.db.run(`DELETE FROM events WHERE created_at < $1 AND position < (SELECT max(position) FROM events)`, [before]);
  }

  async consumerPosition(consumer: string): Promise<number> {
    return (await this.db.row<{ position: number }>(`SELECT position FROM event_consumers WHERE consumer = $1`, [consumer]))?.position ?? 0;
  }

  async advanceConsumer(consumer: string, from: number, to: number, now: number): Promise<boolean> {
    if (from === 0) {
      const started = await this.db.run(
        `INSERT INTO event_consumers (consumer, position, updated_at) VALUES ($1, $2, $3) ON CONFLICT (consumer) DO NOTHING`,
        [consumer, to, now],
      );
      if (started === 1) return true;
    }
    return (await this.db.run(`UPDATE event_consumers SET position = $2, updated_at = $3 WHERE consumer = $1 AND position = $4`, [consumer, to, now, from])) === 1;
  }
}
