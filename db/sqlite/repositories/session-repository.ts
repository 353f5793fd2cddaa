import { eq, lte, or, sql } from 'drizzle-orm';
import type { Role, Session, User } from '../../../server/domain/model.js';
import type { LoggedEvent, SessionRepository } from '../../../server/domain/ports.js';
import { EventAppender } from './event-log-repository.js';
import type { Db } from '../sqlite.js';
import { sessions } from '../schema.js';

/**
 * One row of the session lookup, in raw (array) mode: better-sqlite3 then skips building an
 * object keyed by column names (a string-table lookup per column per row).
 */
type ActiveRow = [
  id: string,
  userId: number,
  createdAt: number,
  lastSeenAt: number,
  expiresAt: number,
  email: string,
  firstName: string,
  lastName: string,
  role: Role,
  userCreatedAt: number,
  sellerId: number | null,
  storeName: string | null,
];

export class SqliteSessionRepository implements SessionRepository {
  private readonly active;
  private readonly touchStatement;

  /** Deletes the session and logs its end, in one transaction (null when there was none). */
  private readonly end: (id: string, now: number) => LoggedEvent | null;

  constructor(private readonly db: Db) {
    const log = new EventAppender(db);
    const remove = db.$client.prepare<[string]>('DELETE FROM sessions WHERE id = ?');
    const end = db.$client.transaction((id: string, now: number) =>
      remove.run(id).changes === 0 ? null : log.append({ type: 'session:ended', sessionId: id }, now),
    );
    this.end = (id, now) => end.immediate(id, now);
    // Runs on every authenticated request: one statement, prepared once, read straight from
    // better-sqlite3 (drizzle's row mapping cost as much as the query itself here).
    this.active = db.$client
      .prepare<[string, number, number], ActiveRow>(
        `SELECT s.id, s.user_id, s.created_at, s.last_seen_at, s.expires_at,
                u.email, u.first_name, u.last_name, u.role, u.created_at,
                se.seller_id, se.store_name
           FROM sessions s
           JOIN users u ON u.id = s.user_id
           LEFT JOIN sellers se ON se.user_id = u.id
          WHERE s.id = ? AND s.expires_at > ? AND s.last_seen_at > ?`,
      )
      .raw(true);
    this.touchStatement = db
      .update(sessions)
      .set({ lastSeenAt: sql`${sql.placeholder('now')}` })
      .where(eq(sessions.id, sql.placeholder('id')))
      .prepare();
  }

  async create(session: Session): Promise<void> {
    this.db.transaction((tx) => tx.insert(sessions).values(session).run(), { behavior: 'immediate' });
  }

  async findActive(id: string, now: number, idleMs: number): Promise<{ session: Session; user: User } | null> {
    const row = this.active.get(id, now, now - idleMs);
    if (!row) return null;
    const [sessionId, userId, createdAt, lastSeenAt, expiresAt, email, firstName, lastName, role, userCreatedAt, sellerId, storeName] = row;
    return {
      session: { id: sessionId, userId, createdAt, lastSeenAt, expiresAt },
      user: { id: userId, email, firstName, lastName, role, createdAt: userCreatedAt, sellerId, storeName },
    };
  }

  async touch(id: string, now: number): Promise<void> {
    this.touchStatement.run({ id, now });
  }

  async delete(id: string, now: number): Promise<LoggedEvent | null> {
    return this.end(id, now);
  }

  async deleteExpired(now: number, idleMs: number): Promise<number> {
    return this.db
      .delete(sessions)
      .where(or(lte(sessions.expiresAt, now), lte(sessions.lastSeenAt, now - idleMs)))
      .run().changes;
  }
}
