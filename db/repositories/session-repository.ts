import { and, eq, gt, lte, or, sql } from 'drizzle-orm';
import type { Session, User } from '../../server/domain/model.js';
import type { SessionRepository } from '../../server/domain/ports.js';
import type { Db } from '../sqlite.js';
import { sellers, sessions, users } from '../schema.js';
import { userColumns } from './user-repository.js';

export class SqliteSessionRepository implements SessionRepository {
  private readonly active;
  private readonly touchStatement;

  constructor(private readonly db: Db) {
    // Runs on every authenticated request: prepared once.
    this.active = db
      .select({ session: sessions, user: userColumns })
      .from(sessions)
      .innerJoin(users, eq(users.id, sessions.userId))
      .leftJoin(sellers, eq(sellers.userId, users.id))
      .where(
        and(
          eq(sessions.id, sql.placeholder('id')),
          gt(sessions.expiresAt, sql.placeholder('now')),
          gt(sessions.lastSeenAt, sql.placeholder('idleCutoff')),
        ),
      )
      .prepare();
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
    return this.active.get({ id, now, idleCutoff: now - idleMs }) ?? null;
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
