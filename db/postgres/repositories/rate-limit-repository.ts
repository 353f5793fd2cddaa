import type { RateLimitHit, RateLimitRepository } from '../../../server/domain/ports.js';
import type { RateLimitRule } from '../../../server/domain/rate-limit.js';
import { statement, type PgDatabase } from '../pg-database.js';

/** Rows deleted per purge statement, as in SQLite: each batch holds its row locks briefly. */
const PURGE_BATCH = 2_000;

/**
 * One hit in one statement: a new bucket, or a window that has ended, starts again at 1;
 * otherwise the count goes up by one. Two nodes hitting one bucket at once queue on its row.
 * $1 bucket, $2 now, $3 the new window's end.
 */
const hit = statement(
  'rate_limits_hit',
  `INSERT INTO rate_limits AS r (bucket, count, reset_at) VALUES ($1, 1, $3)
   ON CONFLICT (bucket) DO UPDATE
      SET count = CASE WHEN r.reset_at <= $2 THEN 1 ELSE r.count + 1 END,
          reset_at = CASE WHEN r.reset_at <= $2 THEN $3 ELSE r.reset_at END
   RETURNING count, reset_at AS "resetAt"`,
);

const peek = statement('rate_limits_peek', `SELECT count, reset_at AS "resetAt" FROM rate_limits WHERE bucket = $1`);

// A no-op once another window has replaced the one the hit was counted in.
const giveBack = statement(
  'rate_limits_give_back',
  `UPDATE rate_limits SET count = count - 1 WHERE bucket = $1 AND reset_at = $2 AND count > 0`,
);

// The outer `reset_at <= $1` is checked again on a row a concurrent hit has just moved to a new
// window, so a bucket that came back to life meanwhile is kept.
const purge = statement(
  'rate_limits_purge',
  `DELETE FROM rate_limits
    WHERE reset_at <= $1 AND bucket IN (SELECT bucket FROM rate_limits WHERE reset_at <= $1 LIMIT ${PURGE_BATCH})`,
);

/** Fixed-window counters in the database, so every node counts against the same limit. */
export class PgRateLimitRepository implements RateLimitRepository {
  constructor(private readonly db: PgDatabase) {}

  async hit(bucket: string, rule: RateLimitRule, now: number): Promise<RateLimitHit> {
    const row = await this.db.row<{ count: number; resetAt: number }>(hit, [bucket, now, now + rule.windowMs]);
    if (!row) throw new Error('rate-limit upsert returned no row');
    // `count` includes this hit: the bucket was within the rule before it when count - 1 < rule.count.
    // (A fresh window has count 1, allowed for any rule: parseRateLimit admits no zero count.)
    const allowed = row.count <= rule.count;
    return { allowed, retryAfterMs: allowed ? 0 : row.resetAt - now, windowEndsAt: row.resetAt };
  }

  async peek(bucket: string, rule: RateLimitRule, now: number) {
    const row = await this.db.row<{ count: number; resetAt: number }>(peek, [bucket]);
    if (!row || row.resetAt <= now || row.count < rule.count) return { allowed: true, retryAfterMs: 0 };
    return { allowed: false, retryAfterMs: row.resetAt - now };
  }

  async giveBack(bucket: string, windowEndsAt: number): Promise<void> {
    await this.db.run(giveBack, [bucket, windowEndsAt]);
  }

  async reset(bucket: string): Promise<void> {
    await this.db.run(`DELETE FROM rate_limits WHERE bucket = $1`, [bucket]);
  }

  async deleteExpired(now: number): Promise<number> {
    let deleted = 0;
    for (;;) {
      const changes = await this.db.run(purge, [now]);
      deleted += changes;
      if (changes < PURGE_BATCH) return deleted;
    }
  }
}
