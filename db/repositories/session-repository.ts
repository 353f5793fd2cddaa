import { eq, lte, or, sql } from 'drizzle-orm';
import type { Role, Session, User } from '../../server/domain/model.js';
import type { SessionRepository } from '../../server/domain/ports.js';
import type { Db } from '../sqlite.js';
import { sessions } from '../schema.js';

/** One row of the session lookup: the session and its user (with the seller columns for sellers). */
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

export class SqliteSessionRepository implements SessionRepository {
  private readonly active;
  private readonly touchStatement;

  constructor(private readonly db: Db) {
    // Runs on every authenticated request: one statement, prepared once, read straight from
    // better-sqlite3 (drizzle's row mapping cost as much as the query itself here).
    this.active = db.$client.prepare<[string, number, number], ActiveRow>(
      `SELECT s.id, s.user_id AS userId, s.created_at AS createdAt, s.last_seen_at AS lastSeenAt, s.expires_at AS expiresAt,
              u.email, u.first_name AS firstName, u.last_name AS lastName, u.role, u.created_at AS userCreatedAt,
              se.seller_id AS sellerId, se.store_name AS storeName
         FROM sessions s
         JOIN users u ON u.id = s.user_id
         LEFT JOIN sellers se ON se.user_id = u.id
        WHERE s.id = ? AND s.expires_at > ? AND s.last_seen_at > ?`,
    );
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
    return {
      session: { id: row.id, userId: row.userId, createdAt: row.createdAt, lastSeenAt: row.lastSeenAt, expiresAt: row.expiresAt },
      user: {
        id: row.userId,
        email: row.email,
        firstName: row.firstName,
        lastName: row.lastName,
        role: row.role,
        createdAt: row.userCreatedAt,
        sellerId: row.sellerId,
        storeName: row.storeName,
      },
    };
  }

  async touch(id: string, now: number): Promise<void> {
    this.touchStatement.run({ id, now });
  }

  async delete(id: string): Promise<void> {
    this.db.delete(sessions).where(eq(sessions.id, id)).run();
  }

  async deleteExpired(now: number, idleMs: number): Promise<number> {
    return this.db
      .delete(sessions)
      .where(or(lte(sessions.expiresAt, now), lte(sessions.lastSeenAt, now - idleMs)))
      .run().changes;
  }
}
