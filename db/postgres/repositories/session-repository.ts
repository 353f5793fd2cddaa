import type { Role, Session, User } from '../../../server/domain/model.js';
import type { LoggedEvent, SessionRepository } from '../../../server/domain/ports.js';
import { statement, type PgDatabase } from '../pg-database.js';
import { appendEvent } from './event-log-repository.js';

interface ActiveRow {
  id: string;
  userId: number;
  createdAt: number;
  lastSeenAt: number;
  expiresAt: number;
  email: string;
  firstName: string;
  lastName: string;
  role: Role;
  userCreatedAt: number;
  sellerId: number | null;
  storeName: string | null;
}

// Runs on every authenticated request: one named statement, the session and its user at once.
const active = statement(
  'sessions_active',
  `SELECT s.id, s.user_id AS "userId", s.created_at AS "createdAt", s.last_seen_at AS "lastSeenAt", s.expires_at AS "expiresAt",
          u.email, u.first_name AS "firstName", u.last_name AS "lastName", u.role, u.created_at AS "userCreatedAt",
          se.seller_id AS "sellerId", se.store_name AS "storeName"
     FROM sessions s
     JOIN users u ON u.id = s.user_id
     LEFT JOIN sellers se ON se.user_id = u.id
    WHERE s.id = $1 AND s.expires_at > $2 AND s.last_seen_at > $3`,
);

const insert = statement(
  'sessions_insert',
  `INSERT INTO sessions (id, user_id, created_at, last_seen_at, expires_at) VALUES ($1, $2, $3, $4, $5)`,
);

const touch = statement('sessions_touch', `UPDATE sessions SET last_seen_at = $2 WHERE id = $1`);

const remove = statement('sessions_delete', `DELETE FROM sessions WHERE id = $1`);

export class PgSessionRepository implements SessionRepository {
  constructor(private readonly db: PgDatabase) {}

  async create(session: Session): Promise<void> {
    await this.db.run(insert, [session.id, session.userId, session.createdAt, session.lastSeenAt, session.expiresAt]);
  }

  async findActive(id: string, now: number, idleMs: number): Promise<{ session: Session; user: User } | null> {
    const row = await this.db.row<ActiveRow>(active, [id, now, now - idleMs]);
    if (!row) return null;
    const { id: sessionId, userId, createdAt, lastSeenAt, expiresAt, email, firstName, lastName, role, userCreatedAt, sellerId, storeName } = row;
    return {
      session: { id: sessionId, userId, createdAt, lastSeenAt, expiresAt },
      user: { id: userId, email, firstName, lastName, role, createdAt: userCreatedAt, sellerId, storeName },
    };
  }

  async touch(id: string, now: number): Promise<void> {
    await this.db.run(touch, [id, now]);
  }

  /** Deletes the session and logs its end, in one transaction (null when there was none). */
  async delete(id: string, now: number): Promise<LoggedEvent | null> {
    return this.db.transaction(async (tx) => ((await tx.run(remove, [id])) === 0 ? null : appendEvent(tx, { type: 'session:ended', sessionId: id }, now)));
  }

  async deleteExpired(now: number, idleMs: number): Promise<number> {
    return this.db.run(`DELETE FROM sessions WHERE expires_at <= $1 OR last_seen_at <= $2`, [now, now - idleMs]);
  }
}
