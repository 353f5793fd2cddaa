/** The SQLite store: one file (or :memory:), its repositories, and WAL checkpoints off the event loop. */
import type { Repositories, Store } from '../store.js';
import { startCheckpointer } from './checkpointer.js';
import { SqliteCartRepository } from './repositories/cart-repository.js';
import { SqliteEventLog } from './repositories/event-log-repository.js';
import { SqliteOrderRepository } from './repositories/order-repository.js';
import { SqliteReturnRepository } from './repositories/return-repository.js';
import { SqliteProductRepository } from './repositories/product-repository.js';
import { SqliteRateLimitRepository } from './repositories/rate-limit-repository.js';
import { SqliteSessionRepository } from './repositories/session-repository.js';
import { SqliteUserRepository } from './repositories/user-repository.js';
import { SqliteWebhookRepository } from './repositories/webhook-repository.js';
import { SqliteMailOutbox } from './repositories/mail-outbox.js';
import { openDatabase, type SqliteHandle } from './sqlite.js';

export interface SqliteStoreOptions {
  /** Told when the background checkpoints stop (the connection then checkpoints by itself again). */
  onBackgroundError?: (err: unknown) => void;
}

export function sqliteRepositories({ db }: SqliteHandle): Repositories {
  return {
    users: new SqliteUserRepository(db),
    sessions: new SqliteSessionRepository(db),
    rateLimits: new SqliteRateLimitRepository(db),
    products: new SqliteProductRepository(db),
    carts: new SqliteCartRepository(db),
    orders: new SqliteOrderRepository(db),
    returns: new SqliteReturnRepository(db),
    events: new SqliteEventLog(db),
    webhooks: new SqliteWebhookRepository(db),
    mails: new SqliteMailOutbox(db),
  };
}

export function openSqliteStore(path: string, options: SqliteStoreOptions = {}): Store {
  const handle = openDatabase(path);
  const checkpointer = handle.sqlite.memory ? null : startCheckpointer(handle.sqlite, { onError: options.onBackgroundError ?? (() => undefined) });
  const alive = handle.sqlite.prepare('SELECT 1');
  const anyUser = handle.sqlite.prepare('SELECT 1 FROM users LIMIT 1');
  const seedCompletedAt = handle.sqlite.prepare<[], { completedAt: number }>('SELECT completed_at AS completedAt FROM demo_seed WHERE id = 1');
  const markSeedCompleted = handle.sqlite.prepare('INSERT INTO demo_seed (id, completed_at) VALUES (1, ?) ON CONFLICT (id) DO NOTHING');
  const userBeyond = handle.sqlite.prepare('SELECT 1 FROM users WHERE email NOT IN (SELECT value FROM json_each(?)) LIMIT 1');
  return {
    kind: 'sqlite',
    repositories: sqliteRepositories(handle),
    async health() {
      try {
        return alive.get() !== undefined;
      } catch {
        return false;
      }
    },
    async isEmpty() {
      return anyUser.get() === undefined;
    },
    demoSeed: {
      completedAt: async () => seedCompletedAt.get()?.completedAt ?? null,
      markCompleted: async (at) => void markSeedCompleted.run(at),
      hasAccountsBeyond: async (emails) => userBeyond.get(JSON.stringify(emails)) !== undefined,
    },
    async close() {
      await checkpointer?.stop();
      handle.close();
    },
  };
}
