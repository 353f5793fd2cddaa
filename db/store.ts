/**
 * The database seam: the composition root opens a store from DATABASE_URL and hands its
 * repositories to the domain; nothing outside a store's own folder (db/sqlite/, db/postgres/)
 * knows which database it is. Every repository method is async and every write one atomic
 * method, so both stores stand behind the same ports.
 */
import type {
  CartRepository,
  EventLog,
  OrderRepository,
  ReturnRequestRepository,
  ProductRepository,
  RateLimitRepository,
  SessionRepository,
  UserRepository,
  WebhookRepository,
  MailOutbox,
} from '../server/domain/ports.js';

export interface Repositories {
  users: UserRepository;
  sessions: SessionRepository;
  rateLimits: RateLimitRepository;
  products: ProductRepository;
  carts: CartRepository;
  orders: OrderRepository;
  returns: ReturnRequestRepository;
  events: EventLog;
  webhooks: WebhookRepository;
  mails: MailOutbox;
}

export interface Store {
  /** For logs and the health body only: code above the seam never branches on it. */
  readonly kind: 'sqlite' | 'postgres';
  readonly repositories: Repositories;
  /** Whether the database answers a trivial query now. */
  health(): Promise<boolean>;
  /** No account yet: a new database. */
  isEmpty(): Promise<boolean>;
  /** The demo seed's own bookkeeping (db/seed.ts decides what it means). */
  readonly demoSeed: DemoSeedRecord;
  close(): Promise<void>;
}

export interface DemoSeedRecord {
  /** When a demo seed ran to its end in this database (null: never). */
  completedAt(): Promise<number | null>;
  /** Records that the seed ran to its end (a second call keeps the first time). */
  markCompleted(at: number): Promise<void>;
  /** Whether any account has an email other than `emails` (someone's own data). */
  hasAccountsBeyond(emails: readonly string[]): Promise<boolean>;
}

export type StoreLocation = { kind: 'sqlite'; path: string } | { kind: 'postgres'; url: string };

/** DATABASE_URL names no store this build has. */
export class StoreUrlError extends Error {}

/** The store cannot be opened (say, its server does not answer): the message is one line for the operator. */
export class StoreUnavailableError extends Error {}

/**
 * Which store DATABASE_URL names: a file path, `file:…` or `:memory:` is SQLite;
 * `postgres://` or `postgresql://` is PostgreSQL; any other scheme is refused (never a file
 * named after a URL).
 */
export function storeLocation(url: string): StoreLocation {
  if (/^postgres(ql)?:\/\//i.test(url)) return { kind: 'postgres', url };
  if (url === ':memory:') return { kind: 'sqlite', path: url };
  const file = /^(file|sqlite):(\/\/)?(.*)$/i.exec(url);
  if (file) return { kind: 'sqlite', path: file[3] || ':memory:' };
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(url);
  if (scheme) {
    throw new StoreUrlError(
      `DATABASE_URL: unsupported scheme "${scheme[1]}:" (use a file path, file:…, :memory:, or postgres://…)`,
    );
  }
  return { kind: 'sqlite', path: url };
}
