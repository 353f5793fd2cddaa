/** The per-node read caches in front of the store: what they serve, and every rule that keeps them coherent. */
import { describe, expect, it } from 'vitest';
import type { Repositories } from '../../db/store.js';
import { NO_SHIPMENT, type OrderHead, type OrderStatusView, type Session, type User } from '../../server/domain/model.js';
import type { EventBus, EventBusHealth, LoggedEvent, OrderRepository, SessionRepository, StatusChange, StatusChangeResult } from '../../server/domain/ports.js';
import { withReadCaches } from '../../server/infra/read-caches.js';

class FakeBus implements EventBus {
  state: EventBusHealth = 'ok';
  private listeners: ((event: LoggedEvent) => void)[] = [];
  private recovered: ((since: number) => void)[] = [];
  publish(event: LoggedEvent) {
    for (const l of this.listeners) l(event);
  }
  subscribe(listener: (event: LoggedEvent) => void) {
    this.listeners.push(listener);
    return () => undefined;
  }
  onRecovered(listener: (since: number) => void) {
    this.recovered.push(listener);
    return () => undefined;
  }
  recover() {
    this.state = 'ok';
    for (const l of this.recovered) l(0);
  }
  health() {
    return this.state;
  }
  async close() {}
}

const user: User = { id: 1, email: 'a@example.test', firstName: 'A', lastName: 'B', role: 'buyer', createdAt: 0, sellerId: null, storeName: null };
const IDLE = 1_000;

class MemorySessions implements SessionRepository {
  rows = new Map<string, Session>();
  reads = 0;
  async create(session: Session) {
    this.rows.set(session.id, session);
  }
  async findActive(id: string, now: number, idleMs: number) {
    this.reads++;
    const session = this.rows.get(id);
    return session && session.expiresAt > now && session.lastSeenAt > now - idleMs ? { session: { ...session }, user } : null;
  }
  async touch(id: string, now: number) {
    const session = this.rows.get(id);
    if (session) session.lastSeenAt = now;
  }
  async delete(id: string) {
    this.rows.delete(id);
    return null;
  }
  async deleteExpired() {
    return 0;
  }
}

const head = (version: number): OrderHead => ({ orderId: 7, orderNumber: 'OP-0000000007', buyerId: 1, sellerId: 2, status: version > 1 ? 'confirmed' : 'pending', version, totalAmount: 100, createdAt: 0, updatedAt: version });

const view = (h: OrderHead): OrderStatusView => ({ ...h, history: [], shipment: NO_SHIPMENT });

class MemoryOrders {
  current = head(1);
  reads = 0;
  viewReads = 0;
  async findHead() {
    this.reads++;
    return { ...this.current };
  }
  async findStatusView() {
    this.viewReads++;
    return view(this.current);
  }
  async changeStatus(_orderId: number, decide: (h: OrderHead) => StatusChange | null): Promise<StatusChangeResult | null> {
    const change = decide(this.current);
    if (!change) return { changed: false, order: this.current, event: null };
    this.current = head(this.current.version + 1);
    return { changed: true, order: { ...this.current }, event: { position: this.current.version, at: 0, event: { type: 'order:status', order: this.current } } };
  }
}

function setUp(ttlMs = 5_000) {
  let now = 10_000;
  const bus = new FakeBus();
  const sessions = new MemorySessions();
  const orders = new MemoryOrders();
  const unused = () => Promise.reject(new Error('not used here'));
  const store = {
    sessions,
    orders: { ...orders, findHead: () => orders.findHead(), findStatusView: () => orders.findStatusView(), findStatusViewToShow: unused, changeStatus: orders.changeStatus.bind(orders), place: unused, findDetailByNumber: unused, findCheckout: unused, listByBuyer: unused, listBySeller: unused, exportBySeller: unused } as OrderRepository,
  } as unknown as Repositories;
  const cached = withReadCaches(store, bus, ttlMs, () => now);
  return { bus, sessions, orders, cached, tick: (ms: number) => (now += ms), now: () => now };
}

const session = (id: string, now: number): Session => ({ id, userId: 1, createdAt: now, lastSeenAt: now, expiresAt: now + 60_000 });

describe('the session cache', () => {
  it('answers a repeated lookup without the store, within its time to live', async () => {
    const { sessions, cached, now, tick } = setUp();
    await sessions.create(session('s1', now()));
    await cached.sessions.findActive('s1', now(), IDLE);
    tick(500);
    expect(await cached.sessions.findActive('s1', now(), IDLE)).not.toBeNull();
    expect(sessions.reads).toBe(1);
    tick(5_000);
    await cached.sessions.findActive('s1', now(), IDLE);
    expect(sessions.reads).toBe(2);
  });

  it('never serves a session past the moment it stops being active (idle), and a touch moves that moment', async () => {
    const { sessions, cached, now, tick } = setUp(60_000);
    await sessions.create(session('s1', now()));
    await cached.sessions.findActive('s1', now(), IDLE);
    tick(900);
    await cached.sessions.touch('s1', now());
    tick(900);
    expect(await cached.sessions.findActive('s1', now(), IDLE)).not.toBeNull();
    expect(sessions.reads).toBe(1);
    tick(1_000);
    expect(await cached.sessions.findActive('s1', now(), IDLE)).toBeNull();
    expect(sessions.reads).toBe(2);
  });

  it('forgets a session at once on logout here, and when another node says it ended', async () => {
    const { bus, sessions, cached, now } = setUp();
    await sessions.create(session('s1', now()));
    await sessions.create(session('s2', now()));
    await cached.sessions.findActive('s1', now(), IDLE);
    await cached.sessions.findActive('s2', now(), IDLE);
    await cached.sessions.delete('s1', now());
    expect(await cached.sessions.findActive('s1', now(), IDLE)).toBeNull();
    sessions.rows.delete('s2'); // deleted by another node…
    bus.publish({ position: 1, at: now(), event: { type: 'session:ended', sessionId: 's2' } }); // …which says so
    expect(await cached.sessions.findActive('s2', now(), IDLE)).toBeNull();
  });

  it('reads the store every time while the bus is down, and forgets everything when it is back', async () => {
    const { bus, sessions, cached, now } = setUp();
    await sessions.create(session('s1', now()));
    await cached.sessions.findActive('s1', now(), IDLE);
    bus.state = 'down';
    await cached.sessions.findActive('s1', now(), IDLE);
    await cached.sessions.findActive('s1', now(), IDLE);
    expect(sessions.reads).toBe(3);
    sessions.rows.delete('s1'); // a logout elsewhere during the outage, never heard of
    bus.recover();
    expect(await cached.sessions.findActive('s1', now(), IDLE)).toBeNull();
  });
});

describe('the order-head cache', () => {
  const confirm = (h: OrderHead): StatusChange => ({ orderId: h.orderId, fromStatus: h.status, fromVersion: h.version, toStatus: 'confirmed', actorUserId: 2, actorRole: 'seller', note: null, buyerMessage: null, shipment: null, estimatedDelivery: null, shipmentStatus: null, restock: false, settlesReturn: null, settlesOpenReturn: false, now: 0 });

  it('serves a head again without the store, and this node sees its own change at once', async () => {
    const { orders, cached } = setUp();
    await cached.orders.findHead(7);
    expect((await cached.orders.findHead(7))?.version).toBe(1);
    expect(orders.reads).toBe(1);
    await cached.orders.changeStatus(7, confirm);
    expect((await cached.orders.findHead(7))?.version).toBe(2);
    expect(orders.reads).toBe(1);
  });

  it('drops a head when another node announces a newer version, not an older one', async () => {
    const { bus, orders, cached } = setUp();
    await cached.orders.findHead(7);
    bus.publish({ position: 1, at: 0, event: { type: 'order:status', order: head(1) } });
    await cached.orders.findHead(7);
    expect(orders.reads).toBe(1);
    orders.current = head(2);
    bus.publish({ position: 2, at: 0, event: { type: 'order:status', order: head(2) } });
    expect((await cached.orders.findHead(7))?.version).toBe(2);
    expect(orders.reads).toBe(2);
  });

  it('reads the store every time while the bus is down', async () => {
    const { bus, orders, cached } = setUp();
    await cached.orders.findHead(7);
    bus.state = 'down';
    orders.current = head(3);
    expect((await cached.orders.findHead(7))?.version).toBe(3);
    expect(orders.reads).toBe(2);
  });

  it('serves the tracker view again for showing, never for a decision, and drops it with every change', async () => {
    const { bus, orders, cached } = setUp();
    await cached.orders.findStatusViewToShow(7);
    expect((await cached.orders.findStatusViewToShow(7))?.version).toBe(1);
    expect(orders.viewReads).toBe(1);
    await cached.orders.findStatusView(7);
    expect(orders.viewReads).toBe(2);

    await cached.orders.changeStatus(7, confirm);
    expect((await cached.orders.findStatusViewToShow(7))?.version).toBe(2);
    expect(orders.viewReads).toBe(3);

    orders.current = head(3); // changed by another node…
    bus.publish({ position: 3, at: 0, event: { type: 'order:status', order: head(3) } }); // …which says so
    expect((await cached.orders.findStatusViewToShow(7))?.version).toBe(3);
    expect(orders.viewReads).toBe(4);

    bus.state = 'down';
    orders.current = head(4);
    expect((await cached.orders.findStatusViewToShow(7))?.version).toBe(4);
    expect(orders.viewReads).toBe(5);
  });

  it('does not keep a view read while another node announced a newer version', async () => {
    const { bus, orders, cached } = setUp();
    const inner = orders.findStatusView.bind(orders);
    orders.findStatusView = async () => {
      const read = await inner(); // read as version 1, and meanwhile…
      bus.publish({ position: 2, at: 0, event: { type: 'order:status', order: head(2) } });
      orders.current = head(2);
      return read;
    };
    expect((await cached.orders.findStatusViewToShow(7))?.version).toBe(1);
    orders.findStatusView = inner;
    expect((await cached.orders.findStatusViewToShow(7))?.version).toBe(2);
  });

  it('is not there at all with READ_CACHE_MS=0', () => {
    const { cached, sessions } = setUp(0);
    expect(cached.sessions).toBe(sessions);
  });
});
