/**
 * Per-node read caches, as decorators of the repository ports: who a session is, an order's
 * head (status, version) and the tracker's view of it are read by nearly every request. Their
 * coherence rules, all here:
 * - an entry is served for at most `ttlMs` after it was read, and a session never past the
 *   moment it would stop being active (the same rule the stores apply: `isSessionActive`);
 * - a change made through this node updates or removes its entry at once (a status change
 *   stores the new head and forgets the view, a logout forgets the session, a touch moves
 *   `lastSeenAt`);
 * - an order's view (history, shipment) changes only with its version, so the rules for heads
 *   hold for views; only reads for showing use it (`findStatusViewToShow`), never a decision;
 * - a change made through another node removes the entry as soon as its event arrives on the
 *   bus (`order:status` with a newer version, `session:ended`);
 * - a value read while an entry was removed is not stored (RecentCache.readStarts): it may
 *   predate the change that removed it;
 * - while the bus is down, news of other nodes' changes cannot arrive: nothing is served or
 *   stored, and everything is forgotten when the bus is back.
 */
import type { Repositories } from '../../db/store.js';
import { isSessionActive, type OrderHead, type OrderStatusView, type Session, type User } from '../domain/model.js';
import type { EventBus, OrderRepository, SessionRepository, StatusChange } from '../domain/ports.js';
import { RecentCache, type RecentCacheSettings } from './recent-cache.js';

class CachedSessions implements SessionRepository {
  private readonly byId: RecentCache<string, { session: Session; user: User }>;

  constructor(
    private readonly inner: SessionRepository,
    settings: RecentCacheSettings,
    trusted: () => boolean,
  ) {
    this.byId = new RecentCache(settings, trusted);
  }

  create(session: Session) {
    return this.inner.create(session);
  }

  async findActive(id: string, now: number, idleMs: number) {
    const cached = this.byId.get(id, now);
    if (cached && isSessionActive(cached.session, now, idleMs)) return cached;
    const readStarted = this.byId.readStarts();
    const found = await this.inner.findActive(id, now, idleMs);
    if (found) this.byId.set(id, found, now, readStarted, found.session.expiresAt);
    else this.byId.delete(id);
    return found;
  }

  async touch(id: string, now: number) {
    await this.inner.touch(id, now);
    const cached = this.byId.peek(id);
    if (cached) cached.session = { ...cached.session, lastSeenAt: now };
  }

  delete(id: string, now: number) {
    this.byId.delete(id);
    return this.inner.delete(id, now);
  }

  deleteExpired(now: number, idleMs: number) {
    return this.inner.deleteExpired(now, idleMs);
  }

  forget(id: string): void {
    this.byId.delete(id);
  }

  clear(): void {
    this.byId.clear();
  }
}

/** Views are larger than heads (history, shipment): fewer of them are kept. */
const MAX_VIEWS = 10_000;

class CachedOrders implements OrderRepository {
  private readonly heads: RecentCache<number, OrderHead>;
  private readonly views: RecentCache<number, OrderStatusView>;

  constructor(
    private readonly inner: OrderRepository,
    settings: RecentCacheSettings,
    trusted: () => boolean,
    private readonly clock: () => number,
  ) {
    this.heads = new RecentCache(settings, trusted);
    this.views = new RecentCache({ ...settings, maxEntries: Math.min(settings.maxEntries, MAX_VIEWS) }, trusted);
  }

  findHead(orderId: number) {
    return this.through(this.heads, orderId, () => this.inner.findHead(orderId));
  }

  findStatusViewToShow(orderId: number) {
    return this.through(this.views, orderId, () => this.inner.findStatusView(orderId));
  }

  /** The cached entry, or the store's answer, kept by the cache's rules. */
  private async through<V>(cache: RecentCache<number, V>, orderId: number, read: () => Promise<V | null>): Promise<V | null> {
    const now = this.clock();
    const cached = cache.get(orderId, now);
    if (cached) return cached;
    const readStarted = cache.readStarts();
    const value = await read();
    if (value) cache.set(orderId, value, now, readStarted);
    return value;
  }

  async changeStatus(orderId: number, decide: (head: OrderHead) => StatusChange | null) {
    const readStarted = this.heads.readStarts();
    const result = await this.inner.changeStatus(orderId, decide);
    // This node's next read sees its own change at once; other nodes hear of it from the event.
    if (result?.changed) {
      this.heads.set(orderId, result.order, this.clock(), readStarted);
      this.views.delete(orderId);
    }
    return result;
  }

  place: OrderRepository['place'] = (command) => this.inner.place(command);
  findStatusView: OrderRepository['findStatusView'] = (orderId) => this.inner.findStatusView(orderId);
  findDetailByNumber: OrderRepository['findDetailByNumber'] = (orderNumber) => this.inner.findDetailByNumber(orderNumber);
  findCheckout: OrderRepository['findCheckout'] = (checkoutNumber) => this.inner.findCheckout(checkoutNumber);
  listByBuyer: OrderRepository['listByBuyer'] = (buyerId) => this.inner.listByBuyer(buyerId);
  listBySeller: OrderRepository['listBySeller'] = (sellerId, query) => this.inner.listBySeller(sellerId, query);
  exportBySeller: OrderRepository['exportBySeller'] = (sellerId, filter, after, limit) => this.inner.exportBySeller(sellerId, filter, after, limit);

  /** Another node changed the order: a cached head or view older than that change goes. */
  changedElsewhere(orderId: number, version: number): void {
    for (const cache of [this.heads, this.views]) {
      // Absent too: a read of it may be under way.
      if ((cache.peek(orderId)?.version ?? 0) < version) cache.delete(orderId);
    }
  }

  clear(): void {
    this.heads.clear();
    this.views.clear();
  }
}

/** The store's repositories with this node's read caches in front, kept coherent through the bus. */
export function withReadCaches(repositories: Repositories, bus: EventBus, ttlMs: number, clock: () => number = Date.now): Repositories {
  if (ttlMs <= 0) return repositories;
  const settings = { ttlMs, maxEntries: 50_000 };
  const trusted = () => bus.health() !== 'down';
  const sessions = new CachedSessions(repositories.sessions, settings, trusted);
  const orders = new CachedOrders(repositories.orders, settings, trusted, clock);
  bus.subscribe(({ event }) => {
    if (event.type === 'session:ended') sessions.forget(event.sessionId);
    else if (event.type === 'order:status') orders.changedElsewhere(event.order.orderId, event.order.version);
  });
  bus.onRecovered(() => {
    sessions.clear();
    orders.clear();
  });
  return { ...repositories, sessions, orders };
}
