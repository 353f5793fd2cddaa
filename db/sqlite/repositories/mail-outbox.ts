import type Database from 'better-sqlite3';
import type { LeasedMail, MailKind, MailOutcome, NewMail } from '../../../server/domain/mail.js';
import type { MailOutbox } from '../../../server/domain/ports.js';
import { parseIdList } from '../../rows.js';
import type { Db } from '../sqlite.js';

interface LeaseRow {
  id: number;
  eventPosition: number;
  kind: MailKind;
  userId: number;
  orderIds: string;
  attempts: number;
}

const DUE = `status = 'pending' AND next_attempt_at <= @now AND (lease_until IS NULL OR lease_until < @now)`;

export class SqliteMailOutbox implements MailOutbox {
  private readonly sqlite: Database.Database;
  private readonly q;
  private readonly claimTx;

  constructor(db: Db) {
    const sqlite = db.$client;
    this.sqlite = sqlite;
    this.q = {
      insert: sqlite.prepare<[number, string, number, string, number, number]>(
        `INSERT INTO emails (event_position, kind, user_id, order_ids, next_attempt_at, created_at) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (event_position, kind) DO NOTHING`,
      ),
      due: sqlite.prepare<{ now: number; limit: number }, LeaseRow>(
        `SELECT id, event_position AS eventPosition, kind, user_id AS userId, order_ids AS orderIds, attempts FROM emails WHERE ${DUE} ORDER BY next_attempt_at, id LIMIT @limit`,
      ),
      lease: sqlite.prepare<[string, number, number]>(`UPDATE emails SET lease_owner = ?, lease_until = ? WHERE id = ?`),
      record: sqlite.prepare<{ id: number; owner: string; status: string; error: string | null; next: number | null; now: number }>(
        `UPDATE emails SET status = @status, attempts = attempts + 1, last_error = @error, next_attempt_at = @next,
                sent_at = CASE WHEN @status = 'sent' THEN @now ELSE sent_at END, lease_owner = NULL, lease_until = NULL
          WHERE id = @id AND lease_owner = @owner AND lease_until >= @now`,
      ),
      release: sqlite.prepare<[number, string]>(`UPDATE emails SET lease_owner = NULL, lease_until = NULL WHERE id = ? AND lease_owner = ?`),
      oldestDue: sqlite.prepare<{ now: number }, { at: number | null }>(`SELECT min(next_attempt_at) AS at FROM emails WHERE ${DUE}`),
    };
    this.claimTx = sqlite.transaction((owner: string, now: number, leaseUntil: number, limit: number) => {
      const rows = this.q.due.all({ now, limit });
      for (const row of rows) this.q.lease.run(owner, leaseUntil, row.id);
      return rows;
    });
  }

  async enqueue(mails: NewMail[]): Promise<void> {
    const insert = this.q.insert;
    this.sqlite.transaction(() => {
      for (const m of mails) insert.run(m.eventPosition, m.kind, m.userId, JSON.stringify(m.orderIds), m.now, m.now);
    })();
  }

  async claim(owner: string, now: number, leaseUntil: number, limit: number): Promise<LeasedMail[]> {
    return this.claimTx.immediate(owner, now, leaseUntil, limit).map(toLeased);
  }

  async complete(id: number, owner: string, outcome: MailOutcome, now: number): Promise<boolean> {
    return this.q.record.run({ id, owner, status: outcome.status, error: outcome.error, next: outcome.nextAttemptAt, now }).changes > 0;
  }

  async release(ids: number[], owner: string): Promise<void> {
    const release = this.q.release;
    this.sqlite.transaction(() => {
      for (const id of ids) release.run(id, owner);
    })();
  }

  async oldestDue(now: number): Promise<number | null> {
    return this.q.oldestDue.get({ now })?.at ?? null;
  }
}

function toLeased(row: LeaseRow): LeasedMail {
  return { ...row, orderIds: parseIdList(row.orderIds) };
}
