import { and, eq, gt, inArray, lte, sql } from 'drizzle-orm';
import type { RateLimitRepository } from '../../../server/domain/ports.js';
import type { RateLimitRule } from '../../../server/domain/rate-limit.js';
import type { Db } from '../sqlite.js';
import { rateLimits } from '../schema.js';

/**
 * Rows deleted per purge statement. Under a credential-stuffing run the table can hold hundreds
 * of thousands of expired buckets: one statement deleting 450,000 of them held the write lock
 * (and this node's event loop) for 0.6-0.7 s; batches of 2,000 held it for 35 ms at most.
 */
const PURGE_BATCH = 2_000;

/** Fixed-window counters in the database, so every node counts against the same limit. */
export class SqliteRateLimitRepository implements RateLimitRepository {
  constructor(private readonly db: Db) {}

  async hit(bucket: string, rule: RateLimitRule, now: number) {
    return this.db.transaction(
      (tx) => {
        const row = tx.select().from(rateLimits).where(eq(rateLimits.bucket, bucket)).get();
        if (!row || row.resetAt <= now) {
          const resetAt = now + rule.windowMs;
          tx.insert(rateLimits)
            .values({ bucket, count: 1, resetAt })
            .onConflictDoUpdate({ target: rateLimits.bucket, set: { count: 1, resetAt } })
            .run();
          return { allowed: rule.count >= 1, retryAfterMs: 0, windowEndsAt: resetAt };
        }
        tx.update(rateLimits).set({ count: row.count + 1 }).where(eq(rateLimits.bucket, bucket)).run();
        const allowed = row.count < rule.count;
        return { allowed, retryAfterMs: allowed ? 0 : row.resetAt - now, windowEndsAt: row.resetAt };
      },
      { behavior: 'immediate' },
    );
  }

  async peek(bucket: string, rule: RateLimitRule, now: number) {
    const row = this.db.select().from(rateLimits).where(eq(rateLimits.bucket, bucket)).get();
    if (!row || row.resetAt <= now || row.count < rule.count) return { allowed: true, retryAfterMs: 0 };
    return { allowed: false, retryAfterMs: row.resetAt - now };
  }

  async giveBack(bucket: string, windowEndsAt: number): Promise<void> {
    // One UPDATE: atomic on its own, and a no-op once another window has replaced this one.
    this.db
      .update(rateLimits)
      .set({ count: sql`${rateLimits.count} - 1` })
      .where(and(eq(rateLimits.bucket, bucket), eq(rateLimits.resetAt, windowEndsAt), gt(rateLimits.count, 0)))
      .run();
  }

  async reset(bucket: string): Promise<void> {
    this.db.delete(rateLimits).where(eq(rateLimits.bucket, bucket)).run();
  }

  async deleteExpired(now: number): Promise<number> {
    let deleted = 0;
    for (;;) {
      const batch = this.db.select({ bucket: rateLimits.bucket }).from(rateLimits).where(lte(rateLimits.resetAt, now)).limit(PURGE_BATCH);
      const { changes } = this.db.delete(rateLimits).where(inArray(rateLimits.bucket, batch)).run();
      deleted += changes;
      if (changes < PURGE_BATCH) return deleted;
      // better-sqlite3 is synchronous: yield so this node's requests (and other nodes) get the write lock.
      await new Promise((resolve) => setImmediate(resolve));
    }
  }
}
