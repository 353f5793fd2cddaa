import type { LeasedMail, MailKind, MailOutcome, NewMail } from '../../../server/domain/mail.js';
import type { MailOutbox } from '../../../server/domain/ports.js';
import { parseIdList } from '../../rows.js';
import { statement, type PgDatabase } from '../pg-database.js';

const DUE = `status = 'pending' AND next_attempt_at <= $1 AND (lease_until IS NULL OR lease_until < $1)`;

const q = {
  enqueue: statement(
    'emails_enqueue',
    `INSERT INTO emails (event_position, kind, user_id, order_ids, next_attempt_at, created_at)
     SELECT t.position, t.kind, t.user_id, t.order_ids, $5, $5 FROM unnest($1::bigint[], $2::text[], $3::int[], $4::text[]) AS t(position, kind, user_id, order_ids)
     ON CONFLICT (event_position, kind) DO NOTHING`,
  ),
  // SKIP LOCKED: nodes claiming at once each take other e-mails instead of queueing on the same rows.
  claim: statement(
    'emails_claim',
    `UPDATE emails e SET lease_owner = $2, lease_until = $3
      WHERE e.id IN (SELECT id FROM emails WHERE ${DUE} ORDER BY next_attempt_at, id LIMIT $4 FOR UPDATE SKIP LOCKED)
     RETURNING e.id, e.event_position AS "eventPosition", e.kind, e.user_id AS "userId", e.order_ids AS "orderIds", e.attempts`,
  ),
  record: statement(
    'emails_record',
    `UPDATE emails SET status = $3, attempts = attempts + 1, last_error = $4, next_attempt_at = $5,
            sent_at = CASE WHEN $3 = 'sent' THEN $6 ELSE sent_at END, lease_owner = NULL, lease_until = NULL
      WHERE id = $1 AND lease_owner = $2 AND lease_until >= $6`,
  ),
};

export class PgMailOutbox implements MailOutbox {
  constructor(private readonly db: PgDatabase) {}

  async enqueue(mails: NewMail[]): Promise<void> {
    if (mails.length === 0) return;
    await this.db.run(q.enqueue, [
      mails.map((m) => m.eventPosition),
      mails.map((m) => m.kind),
      mails.map((m) => m.userId),
      mails.map((m) => JSON.stringify(m.orderIds)),
      Math.min(...mails.map((m) => m.now)),
    ]);
  }

  async claim(owner: string, now: number, leaseUntil: number, limit: number): Promise<LeasedMail[]> {
    const rows = await this.db.rows<{ id: number; eventPosition: number; kind: MailKind; userId: number; orderIds: string; attempts: number }>(q.claim, [now, owner, leaseUntil, limit]);
    return rows.map((row) => ({ ...row, orderIds: parseIdList(row.orderIds) }));
  }

  async complete(id: number, owner: string, outcome: MailOutcome, now: number): Promise<boolean> {
    return (await this.db.run(q.record, [id, owner, outcome.status, outcome.error, outcome.nextAttemptAt, now])) > 0;
  }

  async release(ids: number[], owner: string): Promise<void> {
    if (ids.length > 0) await this.db.run(`UPDATE emails SET lease_owner = NULL, lease_until = NULL WHERE id = ANY($1::int[]) AND lease_owner = $2`, [ids, owner]);
  }

  async oldestDue(now: number): Promise<number | null> {
    return (await this.db.row<{ at: number | null }>(`SELECT min(next_attempt_at) AS at FROM emails WHERE ${DUE}`, [now]))?.at ?? null;
  }
}
