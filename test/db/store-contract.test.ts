/**
 * One suite of repository behaviour, run against both stores: what the HTTP layer relies on
 * from every port method (results, error codes, orderings, paging, counts, search, nulls).
 * Each test starts from an empty database and builds what it needs through the ports.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openPostgresStore } from '../../db/postgres/postgres-store.js';
import { openSqliteStore } from '../../db/sqlite/sqlite-store.js';
import type { Repositories, Store } from '../../db/store.js';
import { DomainError } from '../../server/domain/errors.js';
import { NO_SHIPMENT, type OrderHead, type SellerOrderExportRow, type ShippingAddress, type User } from '../../server/domain/model.js';
import { planOrders } from '../../server/domain/order-placement.js';
import { SHIPMENT_STATUS, type OrderStatus } from '../../server/domain/order-status.js';
import type {
  CartLineInput,
  ClaimRequest,
  NewDelivery,
  NewProduct,
  PlaceOrderCommand,
  SellerOrderFilter,
  SellerOrderQuery,
  StatusChange,
} from '../../server/domain/ports.js';
import { attemptOutcome, RetrySchedule, type AttemptResult } from '../../server/domain/webhooks.js';
import { createTestDatabase, type TestDatabase } from '../support/postgres.js';

const T0 = 1_800_000_000_000;
const DAY = 24 * 60 * 60 * 1000;
/** Every order of the seller, newest first. */
const ALL: SellerOrderFilter = { status: null, q: null, createdFrom: null, createdBefore: null, sort: { by: 'createdAt', descending: true } };
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

interface StoreUnderTest {
  name: string;
  setUp(): Promise<void>;
  /** An empty store for the next test. */
  fresh(): Promise<Store>;
  tearDown(): Promise<void>;
}

function sqliteUnderTest(): StoreUnderTest {
  let store: Store | null = null;
  return {
    name: 'sqlite',
    setUp: async () => undefined,
    async fresh() {
      await store?.close();
      store = openSqliteStore(':memory:');
      return store;
    },
    tearDown: async () => store?.close(),
  };
}

function postgresUnderTest(): StoreUnderTest {
  let database: TestDatabase;
  let store: Store;
  return {
    name: 'postgres',
    async setUp() {
      database = await createTestDatabase();
      store = await openPostgresStore(database.url, { poolSize: 4 });
    },
    async fresh() {
      await database.emptyTables();
      return store;
    },
    async tearDown() {
      await store?.close();
      await database?.drop();
    },
  };
}

const ADDRESS: ShippingAddress = { name: 'Bea Buyer', line1: '1 Test Street', line2: null, city: 'Testville', postalCode: '12345', country: 'Testland' };

/** What a DomainError-rejecting call rejected with: its code (and details when asked). */
async function codeOf(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(error instanceof DomainError)) throw new Error(`expected a DomainError, got ${String(error)}`);
  return error.code;
}

describe.each([sqliteUnderTest(), postgresUnderTest()])('$name store', (target) => {
  let store: Store;
  let r: Repositories;
  let emails = 0;

  beforeAll(() => target.setUp());
  afterAll(() => target.tearDown());
  beforeEach(async () => {
    store = await target.fresh();
    r = store.repositories;
  });

  // ---- factories: each test builds what it needs -------------------------------------------
  const newUser = (role: 'buyer' | 'seller', overrides: { firstName?: string; lastName?: string; storeName?: string | null } = {}) =>
    r.users.create({
      email: `${role}-${++emails}@example.test`,
      firstName: overrides.firstName ?? (role === 'buyer' ? 'Bea' : 'Sam'),
      lastName: overrides.lastName ?? `Tester${emails}`,
      role,
      passwordHash: `hash-${emails}`,
      storeName: overrides.storeName === undefined ? (role === 'seller' ? `Store ${emails}` : null) : overrides.storeName,
      createdAt: T0,
    });
  const buyer = (overrides?: { firstName?: string; lastName?: string }) => newUser('buyer', overrides);
  const seller = (overrides?: { storeName?: string | null; firstName?: string }) => newUser('seller', overrides);
  const sellerIdOf = (user: User) => {
    if (user.sellerId === null) throw new Error('not a seller');
    return user.sellerId;
  };
  const product = (owner: User, overrides: Partial<NewProduct> = {}, now = T0) =>
    r.products.create(
      sellerIdOf(owner),
      { name: 'Widget', description: 'A test product', price: 1250, stock: 10, sizes: [], colors: [], imageUrl: null, ...overrides },
      now,
    );
  const line = (productId: number, quantity = 1, size: string | null = null, color: string | null = null): CartLineInput => ({
    productId,
    quantity,
    size,
    color,
  });
  let orderNumbers = 0;
  const command = (buyerId: number, lines: CartLineInput[] | null, extra: Partial<PlaceOrderCommand> = {}): PlaceOrderCommand => ({
    buyerId,
    customerName: 'Bea Buyer',
    lines,
    paymentMethod: 'card',
    shippingAddress: ADDRESS,
    idempotency: null,
    checkoutNumber: `CO-TEST${String(orderNumbers + 1).padStart(5, '0')}`,
    now: T0,
    plan: (resolved) => planOrders(resolved, () => `OP-TEST${String(++orderNumbers).padStart(5, '0')}`),
    ...extra,
  });
  const place = async (buyerId: number, lines: CartLineInput[] | null, extra: Partial<PlaceOrderCommand> = {}) => {
    const outcome = await r.orders.place(command(buyerId, lines, extra));
    if (outcome.kind !== 'placed') throw new Error(`expected a placement, got ${outcome.kind}`);
    return outcome.orders;
  };
  const placeOne = async (buyerId: number, lines: CartLineInput[] | null, extra: Partial<PlaceOrderCommand> = {}) => {
    const [order] = await place(buyerId, lines, extra);
    if (!order) throw new Error('no order placed');
    return order;
  };
  const stockOf = async (productId: number) => (await r.products.findById(productId))?.stock;

  /** The change the domain would make: from the head as it is, to `to`, by `actor`. */
  const move =
    (to: OrderStatus, actor: User, extra: Partial<Omit<StatusChange, 'settlesReturn' | 'settlesOpenReturn'>> & { expectedVersion?: number } = {}) =>
    (head: OrderHead): StatusChange | null => {
      const { expectedVersion, ...rest } = extra;
      if (expectedVersion !== undefined && expectedVersion !== head.version) {
        throw new DomainError('version_conflict', 'stale', { current: { status: head.status, version: head.version } });
      }
      if (head.status === to) return null;
      const shipmentStatus = SHIPMENT_STATUS[to];
      return {
        orderId: head.orderId,
        fromStatus: head.status,
        fromVersion: head.version,
        toStatus: to,
        actorUserId: actor.id,
        actorRole: actor.role,
        note: null,
        buyerMessage: null,
        shipment: null,
        estimatedDelivery: null,
        shipmentStatus: shipmentStatus === SHIPMENT_STATUS[head.status] ? null : shipmentStatus,
        restock: to === 'cancelled',
        settlesReturn: null,
        settlesOpenReturn: to === 'returned',
        now: T0 + MINUTE,
        ...rest,
      };
    };

  // ---- the store ---------------------------------------------------------------------------
  describe('store', () => {
    it('is healthy, and empty until its first account', async () => {
      expect(store.kind).toBe(target.name);
      expect(await store.health()).toBe(true);
      expect(await store.isEmpty()).toBe(true);
      await buyer();
      expect(await store.isEmpty()).toBe(false);
    });

    it('finds no row for an id past 2^31, up to the largest a client may send (2^53 - 1)', async () => {
      const user = await buyer();
      const owner = await seller();
      const widget = await product(owner);
      await r.carts.add(user.id, line(widget.id));
      const decide = () => {
        throw new Error('decide was asked about an order that does not exist');
      };
      for (const id of [2 ** 31, 2 ** 53 - 1]) {
        expect(await r.products.findById(id)).toBeNull();
        expect(await r.products.update(id, sellerIdOf(owner), { price: 1 }, T0)).toBeNull();
        expect(await r.carts.add(user.id, line(id))).toBe('product_not_found');
        expect(await r.carts.setQuantity(user.id, id, 1)).toBe('not_found');
        expect(await r.carts.remove(user.id, id)).toBe(false);
        expect(await codeOf(r.orders.place(command(user.id, [line(widget.id), line(id)])))).toBe('not_found');
        expect(await r.orders.findHead(id)).toBeNull();
        expect(await r.orders.findStatusView(id)).toBeNull();
        expect(await r.orders.changeStatus(id, decide)).toBeNull();
      }
      expect(await stockOf(widget.id)).toBe(10);
      expect((await r.carts.list(user.id)).map((l) => l.productId)).toEqual([widget.id]);
    });
  });

  // ---- users -------------------------------------------------------------------------------
  describe('users', () => {
    it('creates a buyer, found by id (no password hash) and by email (with it)', async () => {
      const user = await r.users.create({
        email: 'bea@example.test',
        firstName: 'Bea',
        lastName: 'Buyer',
        role: 'buyer',
        passwordHash: 'secret-hash',
        storeName: 'ignored for buyers',
        createdAt: T0,
      });
      const expected = { id: user.id, email: 'bea@example.test', firstName: 'Bea', lastName: 'Buyer', role: 'buyer', createdAt: T0, sellerId: null, storeName: null };
      expect(user).toEqual(expected);
      expect(await r.users.findById(user.id)).toEqual(expected);
      expect(await r.users.findByEmail('bea@example.test')).toEqual({ ...expected, passwordHash: 'secret-hash' });
    });

    it('creates a seller with its store, named after the seller when no name is given', async () => {
      const named = await seller({ storeName: 'Sam’s Socks' });
      expect(named).toMatchObject({ role: 'seller', storeName: 'Sam’s Socks', sellerId: expect.any(Number) });
      expect(await r.users.findById(named.id)).toEqual(named);
      const unnamed = await seller({ storeName: null, firstName: 'Ola' });
      expect(unnamed.storeName).toBe("Ola's store");
      expect(unnamed.sellerId).not.toBe(named.sellerId);
    });

    it('refuses a second account with the same email (email_taken), keeping the first', async () => {
      const first = await buyer();
      const again = r.users.create({ email: first.email, firstName: 'X', lastName: 'Y', role: 'seller', passwordHash: 'h', storeName: 'S', createdAt: T0 });
      expect(await codeOf(again)).toBe('email_taken');
      expect(await r.users.findByEmail(first.email)).toMatchObject({ id: first.id, role: 'buyer' });
    });

    it('finds nobody for an unknown id or email', async () => {
      expect(await r.users.findById(999)).toBeNull();
      expect(await r.users.findByEmail('nobody@example.test')).toBeNull();
    });
  });

  // ---- sessions ----------------------------------------------------------------------------
  describe('sessions', () => {
    const session = (userId: number, id: string, at = T0, expiresAt = T0 + 24 * HOUR) => ({ id, userId, createdAt: at, lastSeenAt: at, expiresAt });

    it('finds an active session with its user (seller fields included)', async () => {
      const user = await seller({ storeName: 'Shop' });
      await r.sessions.create(session(user.id, 's1'));
      expect(await r.sessions.findActive('s1', T0 + MINUTE, HOUR)).toEqual({ session: session(user.id, 's1'), user });
      expect(await r.sessions.findActive('unknown', T0, HOUR)).toBeNull();
    });

    it('ends a session at its absolute expiry and after the idle limit, each boundary included', async () => {
      const user = await buyer();
      await r.sessions.create(session(user.id, 's1', T0, T0 + 2 * HOUR));
      expect(await r.sessions.findActive('s1', T0 + HOUR - 1, HOUR)).not.toBeNull();
      expect(await r.sessions.findActive('s1', T0 + HOUR, HOUR)).toBeNull(); // idle: last seen exactly an idle limit ago
      await r.sessions.touch('s1', T0 + HOUR + 30 * MINUTE);
      expect(await r.sessions.findActive('s1', T0 + 2 * HOUR - 1, HOUR)).toMatchObject({ session: { lastSeenAt: T0 + HOUR + 30 * MINUTE } });
      expect(await r.sessions.findActive('s1', T0 + 2 * HOUR, HOUR)).toBeNull(); // absolute
    });

    it('deletes one session, and the expired ones in bulk, counting them', async () => {
      const user = await buyer();
      await r.sessions.create(session(user.id, 'live', T0 + 2 * HOUR));
      await r.sessions.create(session(user.id, 'idle', T0));
      await r.sessions.create(session(user.id, 'absolute', T0 + 2 * HOUR, T0 + 2 * HOUR + MINUTE));
      await r.sessions.create(session(user.id, 'logged-out', T0 + 2 * HOUR));
      expect(await r.sessions.delete('logged-out', T0)).toMatchObject({ event: { type: 'session:ended', sessionId: 'logged-out' } });
      expect(await r.sessions.delete('logged-out', T0)).toBeNull();
      expect(await r.sessions.findActive('logged-out', T0 + 2 * HOUR, HOUR)).toBeNull();
      expect(await r.sessions.deleteExpired(T0 + 2 * HOUR + MINUTE, HOUR)).toBe(2);
      expect(await r.sessions.findActive('live', T0 + 2 * HOUR + MINUTE, HOUR)).not.toBeNull();
      expect(await r.sessions.deleteExpired(T0 + 2 * HOUR + MINUTE, HOUR)).toBe(0);
    });
  });

  // ---- rate limits -------------------------------------------------------------------------
  describe('rate limits', () => {
    const rule = { count: 2, windowMs: MINUTE };

    it('counts hits in a fixed window: allowed while within the rule, then refused until the window ends', async () => {
      expect(await r.rateLimits.peek('b', rule, T0)).toEqual({ allowed: true, retryAfterMs: 0 });
      expect(await r.rateLimits.hit('b', rule, T0)).toEqual({ allowed: true, retryAfterMs: 0, windowEndsAt: T0 + MINUTE });
      expect(await r.rateLimits.hit('b', rule, T0 + 10)).toEqual({ allowed: true, retryAfterMs: 0, windowEndsAt: T0 + MINUTE });
      expect(await r.rateLimits.peek('b', rule, T0 + 20)).toEqual({ allowed: false, retryAfterMs: MINUTE - 20 });
      expect(await r.rateLimits.hit('b', rule, T0 + 30)).toEqual({ allowed: false, retryAfterMs: MINUTE - 30, windowEndsAt: T0 + MINUTE });
      expect(await r.rateLimits.hit('other', rule, T0 + 30)).toMatchObject({ allowed: true });
      expect(await r.rateLimits.peek('b', rule, T0 + MINUTE)).toEqual({ allowed: true, retryAfterMs: 0 });
      expect(await r.rateLimits.hit('b', rule, T0 + MINUTE)).toEqual({ allowed: true, retryAfterMs: 0, windowEndsAt: T0 + 2 * MINUTE });
    });

    it('gives a hit back only to the window it was counted in, never below zero', async () => {
      const one = { count: 1, windowMs: MINUTE };
      const old = await r.rateLimits.hit('b', one, T0);
      const current = await r.rateLimits.hit('b', one, T0 + MINUTE);
      await r.rateLimits.giveBack('b', old.windowEndsAt); // a window that has been replaced: nothing
      expect(await r.rateLimits.peek('b', one, T0 + MINUTE + 1)).toMatchObject({ allowed: false });
      await r.rateLimits.giveBack('b', current.windowEndsAt);
      await r.rateLimits.giveBack('b', current.windowEndsAt); // already at zero: stays there
      expect(await r.rateLimits.hit('b', one, T0 + MINUTE + 2)).toMatchObject({ allowed: true });
      expect(await r.rateLimits.hit('b', one, T0 + MINUTE + 3)).toMatchObject({ allowed: false });
    });

    it('resets a bucket', async () => {
      await r.rateLimits.hit('b', { count: 1, windowMs: MINUTE }, T0);
      await r.rateLimits.hit('b', { count: 1, windowMs: MINUTE }, T0);
      await r.rateLimits.reset('b');
      expect(await r.rateLimits.peek('b', { count: 1, windowMs: MINUTE }, T0)).toEqual({ allowed: true, retryAfterMs: 0 });
      expect(await r.rateLimits.hit('b', { count: 1, windowMs: MINUTE }, T0 + 1)).toEqual({ allowed: true, retryAfterMs: 0, windowEndsAt: T0 + 1 + MINUTE });
    });

    it('deletes the buckets whose window has ended (the one ending now included), in batches, counting them', async () => {
      const ended = 2_050; // more than one purge batch (2,000)
      for (let i = 0; i < ended; i += 50) {
        await Promise.all(Array.from({ length: Math.min(50, ended - i) }, (_, j) => r.rateLimits.hit(`ended-${i + j}`, rule, T0 - MINUTE - (i + j))));
      }
      await r.rateLimits.hit('ends-now', rule, T0 - MINUTE);
      await r.rateLimits.hit('live', rule, T0 - MINUTE + 1);
      expect(await r.rateLimits.deleteExpired(T0)).toBe(ended + 1);
      expect(await r.rateLimits.deleteExpired(T0)).toBe(0);
      expect(await r.rateLimits.peek('live', { count: 1, windowMs: MINUTE }, T0)).toMatchObject({ allowed: false });
    });
  });

  // ---- products ----------------------------------------------------------------------------
  describe('products', () => {
    it('creates a product, found by id with its store name', async () => {
      const owner = await seller({ storeName: 'Hat Shop' });
      const created = await product(owner, { name: 'Hat', price: 999, stock: 3, sizes: ['S', 'M'], colors: ['red'], imageUrl: '/hat.png' }, T0 + 5);
      const expected = {
        id: created.id,
        sellerId: owner.sellerId,
        storeName: 'Hat Shop',
        name: 'Hat',
        description: 'A test product',
        price: 999,
        stock: 3,
        sizes: ['S', 'M'],
        colors: ['red'],
        imageUrl: '/hat.png',
        active: true,
        createdAt: T0 + 5,
        updatedAt: T0 + 5,
      };
      expect(created).toEqual(expected);
      expect(await r.products.findById(created.id)).toEqual(expected);
      expect(await r.products.findById(created.id + 1000)).toBeNull();
    });

    it('keeps prices up to the largest amount accepted (10^10 cents)', async () => {
      const created = await product(await seller(), { price: 100_000_000_00 });
      expect((await r.products.findById(created.id))?.price).toBe(100_000_000_00);
    });

    it('updates only what the patch names, only for the owning seller', async () => {
      const owner = await seller();
      const created = await product(owner, { imageUrl: '/a.png', sizes: ['S'] });
      const updated = await r.products.update(created.id, sellerIdOf(owner), { price: 500, sizes: ['M', 'L'], imageUrl: null, active: false }, T0 + 9);
      expect(updated).toEqual({ ...created, price: 500, sizes: ['M', 'L'], imageUrl: null, active: false, updatedAt: T0 + 9 });
      expect(await r.products.findById(created.id)).toEqual(updated);
      const stranger = await seller();
      expect(await r.products.update(created.id, sellerIdOf(stranger), { price: 1 }, T0 + 10)).toBeNull();
      expect(await r.products.update(created.id + 1000, sellerIdOf(owner), { price: 1 }, T0 + 10)).toBeNull();
      expect((await r.products.findById(created.id))?.price).toBe(500);
    });

    it("lists a seller's products, inactive ones included, in id order", async () => {
      const owner = await seller();
      const a = await product(owner, { name: 'A' });
      await product(await seller(), { name: 'Someone else’s' });
      const b = await product(owner, { name: 'B' });
      await r.products.update(a.id, sellerIdOf(owner), { active: false }, T0);
      expect((await r.products.listBySeller(sellerIdOf(owner))).map((p) => [p.name, p.active])).toEqual([
        ['A', false],
        ['B', true],
      ]);
      expect(b.sellerId).toBe(owner.sellerId);
    });

    it('lists active products a page at a time, in id order, with the total', async () => {
      const owner = await seller();
      const made = [];
      for (const name of ['P1', 'P2', 'P3', 'P4', 'P5', 'Hidden']) made.push(await product(owner, { name }));
      await r.products.update(made[5]!.id, sellerIdOf(owner), { active: false }, T0);
      const page = (n: number) => r.products.listActive({ page: n, limit: 2, q: null });
      expect((await page(1)).products.map((p) => p.name)).toEqual(['P1', 'P2']);
      expect(await page(3)).toEqual({ products: [expect.objectContaining({ name: 'P5', storeName: owner.storeName })], total: 5 });
      expect(await page(4)).toEqual({ products: [], total: 5 });
    });

    it('searches name, description and store name, ignoring case, with % _ and \\ taken literally', async () => {
      const owner = await seller({ storeName: 'Cotton Corner' });
      const other = await seller({ storeName: 'Plain Store' });
      await product(owner, { name: 'Shirt', description: 'soft' });
      await product(other, { name: '100% WOOL scarf', description: 'warm' });
      await product(other, { name: '100 wool socks', description: 'warm' });
      await product(other, { name: 'snake_case mug', description: 'a mug' });
      await product(other, { name: 'snakeXcase mug', description: 'a mug' });
      await product(other, { name: 'Back\\slash poster', description: 'art' });
      await product(other, { name: 'Lamp', description: 'Reads the NEWS' });
      const names = async (q: string) => (await r.products.listActive({ page: 1, limit: 20, q })).products.map((p) => p.name);
      expect(await names('cotton')).toEqual(['Shirt']); // store name
      expect(await names('wool')).toEqual(['100% WOOL scarf', '100 wool socks']);
      expect(await names('0% w')).toEqual(['100% WOOL scarf']);
      expect(await names('%')).toEqual(['100% WOOL scarf']);
      expect(await names('e_c')).toEqual(['snake_case mug']);
      expect(await names('\\')).toEqual(['Back\\slash poster']);
      expect(await names('news')).toEqual(['Lamp']); // description
      expect(await r.products.listActive({ page: 1, limit: 1, q: 'mug' })).toMatchObject({ total: 2, products: [{ name: 'snake_case mug' }] });
      expect(await r.products.listActive({ page: 1, limit: 20, q: 'nothing like this' })).toEqual({ products: [], total: 0 });
    });
  });

  // ---- carts -------------------------------------------------------------------------------
  describe('carts', () => {
    it('adds lines, merging the same product, size and colour, in the order they were first added', async () => {
      const owner = await seller();
      const user = await buyer();
      const tee = await product(owner, { name: 'Tee', sizes: ['S', 'M'], stock: 10 });
      const mug = await product(owner, { name: 'Mug' });
      expect(await r.carts.add(user.id, line(tee.id, 1, 'S'))).toBe('added');
      expect(await r.carts.add(user.id, line(mug.id, 1))).toBe('added');
      expect(await r.carts.add(user.id, line(tee.id, 2, 'S'))).toBe('added');
      expect(await r.carts.add(user.id, line(tee.id, 1, 'M'))).toBe('added');
      const cart = await r.carts.list(user.id);
      expect(cart.map((l) => [l.product.name, l.size, l.color, l.quantity])).toEqual([
        ['Tee', 'S', null, 3],
        ['Mug', null, null, 1],
        ['Tee', 'M', null, 1],
      ]);
      expect(cart[0]).toEqual({ id: expect.any(Number), productId: tee.id, quantity: 3, size: 'S', color: null, product: tee });
      expect(await r.carts.list((await buyer()).id)).toEqual([]);
    });

    it('never adds beyond stock, counting every line of the product', async () => {
      const user = await buyer();
      const tee = await product(await seller(), { sizes: ['S', 'M'], stock: 5 });
      expect(await r.carts.add(user.id, line(tee.id, 3, 'S'))).toBe('added');
      expect(await r.carts.add(user.id, line(tee.id, 3, 'M'))).toBe('insufficient_stock');
      expect(await r.carts.add(user.id, line(tee.id, 2, 'M'))).toBe('added');
      expect(await r.carts.add(user.id, line(tee.id, 1, 'S'))).toBe('insufficient_stock');
      expect((await r.carts.list(user.id)).map((l) => l.quantity)).toEqual([3, 2]);
    });

    it('refuses an unknown or inactive product', async () => {
      const owner = await seller();
      const user = await buyer();
      const gone = await product(owner);
      await r.products.update(gone.id, sellerIdOf(owner), { active: false }, T0);
      expect(await r.carts.add(user.id, line(gone.id))).toBe('product_not_found');
      expect(await r.carts.add(user.id, line(gone.id + 1000))).toBe('product_not_found');
      expect(await r.carts.list(user.id)).toEqual([]);
    });

    it("sets a line's quantity within stock (other lines counted), only on the buyer's own lines", async () => {
      const user = await buyer();
      const tee = await product(await seller(), { sizes: ['S', 'M'], stock: 5 });
      await r.carts.add(user.id, line(tee.id, 2, 'S'));
      await r.carts.add(user.id, line(tee.id, 2, 'M'));
      const [small] = await r.carts.list(user.id);
      expect(await r.carts.setQuantity(user.id, small!.id, 3)).toBe('updated');
      expect(await r.carts.setQuantity(user.id, small!.id, 4)).toBe('insufficient_stock');
      expect(await r.carts.setQuantity((await buyer()).id, small!.id, 1)).toBe('not_found');
      expect(await r.carts.setQuantity(user.id, small!.id + 1000, 1)).toBe('not_found');
      expect((await r.carts.list(user.id)).map((l) => l.quantity)).toEqual([3, 2]);
    });

    it("removes a line of the buyer's own cart only", async () => {
      const user = await buyer();
      await r.carts.add(user.id, line((await product(await seller())).id));
      const [only] = await r.carts.list(user.id);
      expect(await r.carts.remove((await buyer()).id, only!.id)).toBe(false);
      expect(await r.carts.remove(user.id, only!.id)).toBe(true);
      expect(await r.carts.remove(user.id, only!.id)).toBe(false);
      expect(await r.carts.list(user.id)).toEqual([]);
    });
  });

  // ---- placing orders ----------------------------------------------------------------------
  describe('orders.place', () => {
    it('splits explicit lines into one order per seller, takes the stock, and leaves the cart alone', async () => {
      const user = await buyer();
      const ann = await seller({ storeName: 'Ann' });
      const bob = await seller({ storeName: 'Bob' });
      const hat = await product(ann, { name: 'Hat', price: 1000, stock: 5 });
      const tee = await product(bob, { name: 'Tee', price: 700, stock: 5, sizes: ['S', 'M'] });
      const pin = await product(ann, { name: 'Pin', price: 150, stock: 5 });
      await r.carts.add(user.id, line(pin.id, 1));

      const orders = await place(user.id, [line(hat.id, 2), line(tee.id, 1, 'S'), line(pin.id, 3), line(tee.id, 1, 'M')]);
      expect(orders).toEqual([
        { orderId: expect.any(Number), orderNumber: expect.stringMatching(/^OP-/), checkoutNumber: expect.stringMatching(/^CO-TEST/), sellerId: ann.sellerId, totalAmount: 2 * 1000 + 3 * 150 },
        { orderId: expect.any(Number), orderNumber: expect.stringMatching(/^OP-/), checkoutNumber: expect.stringMatching(/^CO-TEST/), sellerId: bob.sellerId, totalAmount: 2 * 700 },
      ]);
      expect(orders[0]!.checkoutNumber).toBe(orders[1]!.checkoutNumber);
      expect(await r.orders.findCheckout(orders[0]!.checkoutNumber)).toEqual([
        await r.orders.findDetailByNumber(orders[0]!.orderNumber),
        await r.orders.findDetailByNumber(orders[1]!.orderNumber),
      ]);
      expect(await r.orders.findCheckout('CO-NOSUCHONE')).toEqual([]);
      expect([await stockOf(hat.id), await stockOf(tee.id), await stockOf(pin.id)]).toEqual([3, 3, 2]);
      expect((await r.carts.list(user.id)).map((l) => l.productId)).toEqual([pin.id]);

      const teeOrder = await r.orders.findDetailByNumber(orders[1]!.orderNumber);
      expect(teeOrder?.items).toEqual([
        { productId: tee.id, productName: 'Tee', quantity: 1, unitPrice: 700, size: 'S', color: null },
        { productId: tee.id, productName: 'Tee', quantity: 1, unitPrice: 700, size: 'M', color: null },
      ]);
      expect(await r.orders.findStatusView(orders[0]!.orderId)).toEqual({
        orderId: orders[0]!.orderId,
        orderNumber: orders[0]!.orderNumber,
        buyerId: user.id,
        sellerId: ann.sellerId,
        status: 'pending',
        version: 1,
        totalAmount: 2450,
        createdAt: T0,
        updatedAt: T0,
        history: [{ fromStatus: null, toStatus: 'pending', note: null, buyerMessage: null, createdAt: T0 }],
        shipment: NO_SHIPMENT,
      });
    });

    it("places the buyer's cart and empties it", async () => {
      const user = await buyer();
      const hat = await product(await seller(), { stock: 4 });
      await r.carts.add(user.id, line(hat.id, 3));
      const order = await placeOne(user.id, null);
      expect(order.totalAmount).toBe(3 * 1250);
      expect(await r.carts.list(user.id)).toEqual([]);
      expect(await stockOf(hat.id)).toBe(1);
    });

    it('refuses an empty cart (empty_cart)', async () => {
      const user = await buyer();
      expect(await codeOf(r.orders.place(command(user.id, null)))).toBe('empty_cart');
      expect(await r.orders.listByBuyer(user.id)).toEqual([]);
    });

    it('refuses more than the stock, every line of a product counted, and changes nothing', async () => {
      const user = await buyer();
      const tee = await product(await seller(), { name: 'Tee', stock: 3, sizes: ['S', 'M'] });
      const hat = await product(await seller(), { stock: 9 });
      await r.carts.add(user.id, line(tee.id, 2, 'S'));
      await r.carts.add(user.id, line(hat.id, 1));
      await r.products.update(tee.id, tee.sellerId, { stock: 1 }, T0); // the stock fell after it went into the cart
      const refused = await r.orders.place(command(user.id, null)).catch((e: unknown) => e);
      expect(refused).toMatchObject({ code: 'insufficient_stock', details: { product_id: tee.id, available: 1 } });
      expect(await codeOf(r.orders.place(command(user.id, [line(tee.id, 1, 'S'), line(tee.id, 1, 'M')])))).toBe('insufficient_stock');
      expect([await stockOf(tee.id), await stockOf(hat.id)]).toEqual([1, 9]);
      expect(await r.carts.list(user.id)).toHaveLength(2);
      expect(await r.orders.listByBuyer(user.id)).toEqual([]);
    });

    it('refuses an inactive product (insufficient_stock) and an unknown one (not_found)', async () => {
      const owner = await seller();
      const user = await buyer();
      const gone = await product(owner);
      await r.products.update(gone.id, sellerIdOf(owner), { active: false }, T0);
      expect(await codeOf(r.orders.place(command(user.id, [line(gone.id)])))).toBe('insufficient_stock');
      expect(await codeOf(r.orders.place(command(user.id, [line(gone.id + 1000)])))).toBe('not_found');
    });

    it('replays the first outcome for the same Idempotency-Key and request, refuses it for another request', async () => {
      const user = await buyer();
      const hat = await product(await seller(), { stock: 5 });
      const key = (requestHash: string) => ({ idempotency: { key: 'key-1', requestHash } });
      const first = await r.orders.place(command(user.id, [line(hat.id, 2)], key('hash-a')));
      expect(first.kind).toBe('placed');
      expect(await r.orders.place(command(user.id, [line(hat.id, 2)], key('hash-a')))).toEqual({ kind: 'replayed', orders: first.orders });
      expect(await codeOf(r.orders.place(command(user.id, [line(hat.id, 1)], key('hash-b'))))).toBe('idempotency_mismatch');
      expect(await stockOf(hat.id)).toBe(3);
      expect(await r.orders.listByBuyer(user.id)).toHaveLength(1);
      // Keys belong to their buyer: another buyer's same key is a new request.
      const other = await buyer();
      expect((await r.orders.place(command(other.id, [line(hat.id, 1)], key('hash-a')))).kind).toBe('placed');
    });

    it('does not remember the key of a request that failed', async () => {
      const user = await buyer();
      const hat = await product(await seller(), { stock: 1 });
      const attempt = () => r.orders.place(command(user.id, [line(hat.id, 2)], { idempotency: { key: 'k', requestHash: 'h' } }));
      expect(await codeOf(attempt())).toBe('insufficient_stock');
      await r.products.update(hat.id, hat.sellerId, { stock: 2 }, T0);
      expect((await attempt()).kind).toBe('placed');
      expect(await stockOf(hat.id)).toBe(0);
    });
  });

  // ---- reading orders ----------------------------------------------------------------------
  describe('order reads', () => {
    it('reads an order by number in full, and nothing for unknown ids or numbers', async () => {
      const user = await buyer({ firstName: 'Ada', lastName: 'Lovelace' });
      const owner = await seller({ storeName: 'Engines' });
      const gear = await product(owner, { name: 'Gear', price: 300, colors: ['brass'] });
      const address = { ...ADDRESS, line2: 'Flat 2' };
      const placed = await placeOne(user.id, [line(gear.id, 2, null, 'brass')], { shippingAddress: address, paymentMethod: 'paypal' });
      const head = {
        orderId: placed.orderId,
        orderNumber: placed.orderNumber,
        buyerId: user.id,
        sellerId: owner.sellerId,
        status: 'pending',
        version: 1,
        totalAmount: 600,
        createdAt: T0,
        updatedAt: T0,
      };
      expect(await r.orders.findHead(placed.orderId)).toEqual(head);
      expect(await r.orders.findDetailByNumber(placed.orderNumber)).toEqual({
        ...head,
        checkoutNumber: placed.checkoutNumber,
        storeName: 'Engines',
        customerName: 'Ada Lovelace',
        paymentMethod: 'paypal',
        shippingAddress: address,
        items: [{ productId: gear.id, productName: 'Gear', quantity: 2, unitPrice: 300, size: null, color: 'brass' }],
        history: [{ fromStatus: null, toStatus: 'pending', note: null, buyerMessage: null, createdAt: T0 }],
        shipment: NO_SHIPMENT,
      });
      expect(await r.orders.findHead(placed.orderId + 1000)).toBeNull();
      expect(await r.orders.findStatusView(placed.orderId + 1000)).toBeNull();
      expect(await r.orders.findDetailByNumber('OP-NOSUCHONE')).toBeNull();
    });

    it("lists a buyer's orders newest first, with their items and store", async () => {
      const user = await buyer();
      const owner = await seller({ storeName: 'Shop' });
      const hat = await product(owner, { name: 'Hat' });
      const first = await placeOne(user.id, [line(hat.id, 1)], { now: T0 });
      const second = await placeOne(user.id, [line(hat.id, 2)], { now: T0 + 1 });
      const third = await placeOne(user.id, [line(hat.id, 3)], { now: T0 + 1 });
      await placeOne((await buyer()).id, [line(hat.id, 1)], { now: T0 + 2 });
      const listed = await r.orders.listByBuyer(user.id);
      expect(listed.map((o) => o.orderId)).toEqual([third.orderId, second.orderId, first.orderId]);
      expect(listed[2]).toEqual({
        orderId: first.orderId,
        orderNumber: first.orderNumber,
        buyerId: user.id,
        sellerId: owner.sellerId,
        status: 'pending',
        version: 1,
        totalAmount: 1250,
        createdAt: T0,
        updatedAt: T0,
        checkoutNumber: first.checkoutNumber,
        storeName: 'Shop',
        items: [{ productId: hat.id, productName: 'Hat', quantity: 1, unitPrice: 1250, size: null, color: null }],
      });
    });

    describe("a seller's list", () => {
      async function sellerWithOrders() {
        const owner = await seller();
        const ada = await buyer({ firstName: 'Ada', lastName: 'Lovelace' });
        const bob = await buyer({ firstName: 'Bob', lastName: '100%_Smith' });
        const hat = await product(owner, { name: 'Felt Hat', price: 1000, stock: 100 });
        const scarf = await product(owner, { name: 'Striped Scarf', price: 500, stock: 100 });
        const placed = [];
        // Totals 3000, 1000, 3000, 2500 (a scarf too), 1000: two ties, broken by order id.
        for (const [i, [who, hats]] of ([[ada, 3], [bob, 1], [ada, 3], [bob, 2], [ada, 1]] as const).entries()) {
          const lines = i === 3 ? [line(hat.id, hats), line(scarf.id)] : [line(hat.id, hats)];
          placed.push(await placeOne(who.id, lines, { now: T0 + i * DAY }));
        }
        await placeOne(ada.id, [line((await product(await seller())).id)], { now: T0 + 10 }); // another seller's order
        for (const order of placed.slice(0, 2)) await r.orders.changeStatus(order.orderId, move('confirmed', owner));
        return { owner, placed };
      }
      const list = (owner: User, query: Partial<SellerOrderQuery> = {}) => r.orders.listBySeller(sellerIdOf(owner), { ...ALL, page: 1, limit: 10, ...query });
      const idsOf = (rows: { orderId: number }[]) => rows.map((o) => o.orderId);

      it('pages newest first, with the total and the counts per status', async () => {
        const { owner, placed } = await sellerWithOrders();
        const page = await r.orders.listBySeller(sellerIdOf(owner), { ...ALL, page: 1, limit: 2 });
        expect(page.orders.map((o) => o.orderId)).toEqual([placed[4]!.orderId, placed[3]!.orderId]);
        expect(page.orders[0]).toEqual({ ...(await r.orders.findHead(placed[4]!.orderId)), customerName: 'Ada Lovelace', itemCount: 1 });
        expect(page.total).toBe(5);
        expect(page.counts).toEqual({ all: 5, pending: 3, confirmed: 2, processing: 0, shipped: 0, delivered: 0, cancelled: 0, returned: 0 });
        const last = await r.orders.listBySeller(sellerIdOf(owner), { ...ALL, page: 3, limit: 2 });
        expect(last.orders.map((o) => o.orderId)).toEqual([placed[0]!.orderId]);
      });

      it('filters by status: the total is that status’s, the counts stay the whole list’s', async () => {
        const { owner, placed } = await sellerWithOrders();
        const confirmed = await r.orders.listBySeller(sellerIdOf(owner), { ...ALL, page: 1, limit: 10, status: 'confirmed' });
        expect(confirmed.orders.map((o) => o.orderId)).toEqual([placed[1]!.orderId, placed[0]!.orderId]);
        expect(confirmed.total).toBe(2);
        expect(confirmed.counts.all).toBe(5);
        const none = await r.orders.listBySeller(sellerIdOf(owner), { ...ALL, page: 1, limit: 10, status: 'shipped' });
        expect(none).toMatchObject({ orders: [], total: 0 });
      });

      it('searches order numbers and customer names, ignoring case, literally; the counts follow the search', async () => {
        const { owner, placed } = await sellerWithOrders();
        const search = (q: string, status: OrderStatus | null = null) => r.orders.listBySeller(sellerIdOf(owner), { ...ALL, page: 1, limit: 10, status, q });
        const lovelace = await search('LOVELACE');
        expect(lovelace.orders.map((o) => o.orderId)).toEqual([placed[4]!.orderId, placed[2]!.orderId, placed[0]!.orderId]);
        expect(lovelace.total).toBe(3);
        expect(lovelace.counts).toMatchObject({ all: 3, pending: 2, confirmed: 1 });
        expect((await search('ada lovelace', 'confirmed')).orders.map((o) => o.orderId)).toEqual([placed[0]!.orderId]);
        expect((await search(placed[3]!.orderNumber.toLowerCase())).orders.map((o) => o.orderId)).toEqual([placed[3]!.orderId]);
        expect((await search('%_')).total).toBe(2); // Bob's name holds "%_" literally
        expect((await search('0%_s')).total).toBe(2);
        expect((await search('a_a')).total).toBe(0); // "_" is not a wildcard
      });

      it('sorts by creation or total, either way, ties by order id the same way', async () => {
        const { owner, placed } = await sellerWithOrders();
        const at = (...indexes: number[]) => indexes.map((i) => placed[i]!.orderId);
        expect(idsOf((await list(owner, { sort: { by: 'createdAt', descending: false } })).orders)).toEqual(at(0, 1, 2, 3, 4));
        expect(idsOf((await list(owner, { sort: { by: 'totalAmount', descending: false } })).orders)).toEqual(at(1, 4, 3, 0, 2));
        expect(idsOf((await list(owner, { sort: { by: 'totalAmount', descending: true } })).orders)).toEqual(at(2, 0, 3, 4, 1));
        const second = await list(owner, { sort: { by: 'totalAmount', descending: true }, page: 2, limit: 2 });
        expect(idsOf(second.orders)).toEqual(at(3, 4));
      });

      it('counts the units of every line, and finds orders by a product name of their lines', async () => {
        const { owner, placed } = await sellerWithOrders();
        const everything = await list(owner, { sort: { by: 'createdAt', descending: false } });
        expect(everything.orders.map((o) => o.itemCount)).toEqual([3, 1, 3, 3, 1]);
        const scarves = await list(owner, { q: 'sTRIPED' });
        expect(idsOf(scarves.orders)).toEqual([placed[3]!.orderId]);
        expect(scarves.counts).toMatchObject({ all: 1, pending: 1 });
        expect((await list(owner, { q: 'felt hat' })).total).toBe(5);
      });

      it('keeps to a creation window, from its start up to (not including) its end; the counts too', async () => {
        const { owner, placed } = await sellerWithOrders();
        const window = await list(owner, { createdFrom: T0 + DAY, createdBefore: T0 + 3 * DAY });
        expect(idsOf(window.orders)).toEqual([placed[2]!.orderId, placed[1]!.orderId]);
        expect(window.counts).toMatchObject({ all: 2, pending: 1, confirmed: 1 });
        expect(idsOf((await list(owner, { createdFrom: T0 + 4 * DAY })).orders)).toEqual([placed[4]!.orderId]);
        expect(idsOf((await list(owner, { createdBefore: T0 + 1 })).orders)).toEqual([placed[0]!.orderId]);
        expect((await list(owner, { createdFrom: T0 + 9 * DAY })).total).toBe(0);
      });

      it('exports in keyset pages: every row once, in the list’s order, with the shipment’s carrier and tracking number', async () => {
        const { owner, placed } = await sellerWithOrders();
        await r.orders.changeStatus(placed[0]!.orderId, move('processing', owner));
        await r.orders.changeStatus(placed[0]!.orderId, move('shipped', owner, { shipment: { carrier: 'UPS', carrierCode: 'ups', trackingNumber: '1Z999' } }));
        const sorts = [
          { by: 'createdAt', descending: true },
          { by: 'createdAt', descending: false },
          { by: 'totalAmount', descending: true },
          { by: 'totalAmount', descending: false },
        ] as const;
        for (const sort of sorts) {
          const filter = { ...ALL, sort };
          const exported: SellerOrderExportRow[] = [];
          let after: SellerOrderExportRow | null = null;
          for (let pages = 0; pages < 10; pages++) {
            const rows: SellerOrderExportRow[] = await r.orders.exportBySeller(sellerIdOf(owner), filter, after, 2);
            exported.push(...rows);
            after = rows.at(-1) ?? null;
            if (rows.length < 2) break;
          }
          expect(idsOf(exported), `${sort.by} ${sort.descending ? 'desc' : 'asc'}`).toEqual(idsOf((await list(owner, { sort })).orders));
        }
        const rows = await r.orders.exportBySeller(sellerIdOf(owner), { ...ALL, sort: sorts[1] }, null, 10);
        expect(rows[0]).toEqual({ ...(await r.orders.findHead(placed[0]!.orderId)), customerName: 'Ada Lovelace', itemCount: 3, carrier: 'UPS', trackingNumber: '1Z999' });
        expect(rows.slice(1).map((o) => [o.carrier, o.trackingNumber])).toEqual([[null, null], [null, null], [null, null], [null, null]]);
        const filtered = await r.orders.exportBySeller(sellerIdOf(owner), { ...ALL, q: 'scarf', createdFrom: T0 + DAY }, null, 10);
        expect(idsOf(filtered)).toEqual([placed[3]!.orderId]);
        expect(await r.orders.exportBySeller(sellerIdOf(owner), { ...ALL, status: 'delivered' }, null, 10)).toEqual([]);
      });
    });

  });

  // ---- the event log -------------------------------------------------------------------------
  describe('events', () => {
    it('logs each change with it: order:created per placed order, order:status per real move, session:ended per logout; nothing for a refusal or a no-op', async () => {
      const user = await buyer();
      const [a, b] = [await seller(), await seller()];
      const [ha, hb] = [await product(a), await product(b, { stock: 1 })];
      const start = await r.events.head();
      const outcome = await r.orders.place(command(user.id, [line(ha.id), line(hb.id)], { now: T0 + 5 }));
      if (outcome.kind !== 'placed') throw new Error('expected a placement');
      expect(outcome.events.map((e) => e.event)).toEqual(
        outcome.orders.map(({ checkoutNumber: _checkout, ...o }) => ({
          type: 'order:created',
          customerName: 'Bea Buyer',
          order: { ...o, buyerId: user.id, status: 'pending', version: 1, createdAt: T0 + 5, updatedAt: T0 + 5 },
        })),
      );
      expect(await codeOf(r.orders.place(command(user.id, [line(hb.id)], { now: T0 + 6 })))).toBe('insufficient_stock');
      const orderId = outcome.orders[0]?.orderId ?? 0;
      const moved = await r.orders.changeStatus(orderId, move('confirmed', a, { now: T0 + 7 }));
      expect(moved?.event?.event).toEqual({ type: 'order:status', order: moved?.order, previousStatus: 'pending' });
      expect((await r.orders.changeStatus(orderId, () => null))?.event).toBeNull();
      await r.sessions.create({ id: 'leaving', userId: user.id, createdAt: T0 + 8, lastSeenAt: T0 + 8, expiresAt: T0 + HOUR });
      const ended = await r.sessions.delete('leaving', T0 + 9);

      const logged = await r.events.after(start, 100);
      expect(logged).toEqual([...outcome.events, moved?.event, ended]);
      expect(logged.map((e) => e.at)).toEqual([T0 + 5, T0 + 5, T0 + 7, T0 + 9]);
      const positions = logged.map((e) => e.position);
      expect(positions).toEqual([...positions].sort((x, y) => x - y));
      expect(await r.events.head()).toBe(positions.at(-1));
    });

    it('reads after a position, prunes by age but always keeps the newest, and keeps each consumer\'s position by compare-and-set', async () => {
      const user = await buyer();
      for (const at of [T0 + 1, T0 + 2, T0 + 3]) {
        await r.sessions.create({ id: `s${at}`, userId: user.id, createdAt: at, lastSeenAt: at, expiresAt: at + HOUR });
        await r.sessions.delete(`s${at}`, at);
      }
      const all = await r.events.after(0, 10);
      const [first, second, third] = all.map((e) => e.position);
      expect((await r.events.after(first ?? 0, 10)).map((e) => e.position)).toEqual([second, third]);
      expect((await r.events.after(0, 2)).map((e) => e.position)).toEqual([first, second]);
      expect(await r.events.prune(T0 + 3)).toBe(2);
      expect((await r.events.after(0, 10)).map((e) => e.position)).toEqual([third]);
      expect(await r.events.prune(T0 + HOUR)).toBe(0);
      expect(await r.events.head()).toBe(third);

      expect(await r.events.consumerPosition('webhooks')).toBe(0);
      expect(await r.events.advanceConsumer('webhooks', 0, 2, T0)).toBe(true);
      expect(await r.events.advanceConsumer('webhooks', 0, 3, T0)).toBe(false);
      expect(await r.events.advanceConsumer('webhooks', 1, 3, T0)).toBe(false);
      expect(await r.events.advanceConsumer('webhooks', 2, 3, T0)).toBe(true);
      expect(await r.events.consumerPosition('webhooks')).toBe(3);
      expect(await r.events.consumerPosition('email')).toBe(0);
    });
  });

  // ---- changing status ---------------------------------------------------------------------
  describe('orders.changeStatus', () => {
    async function pendingOrder(stock = 10, lines?: (productId: number) => CartLineInput[]) {
      const owner = await seller();
      const user = await buyer();
      const hat = await product(owner, { stock, sizes: ['S', 'M'] });
      const placed = await placeOne(user.id, lines ? lines(hat.id) : [line(hat.id, 1, 'S')]);
      return { owner, user, hat, orderId: placed.orderId };
    }

    it('moves the order as decided on its current head: version, history with note, updated time', async () => {
      const { owner, orderId } = await pendingOrder();
      const seen: OrderHead[] = [];
      const result = await r.orders.changeStatus(orderId, (head) => {
        seen.push(head);
        return move('confirmed', owner, { note: 'On it', buyerMessage: 'Packing it today', now: T0 + 7 })(head);
      });
      const before = { ...(await r.orders.findHead(orderId))!, status: 'pending', version: 1, updatedAt: T0 };
      expect(seen).toEqual([before]);
      expect(result).toEqual({ changed: true, order: { ...before, status: 'confirmed', version: 2, updatedAt: T0 + 7 }, event: expect.objectContaining({ at: T0 + 7 }) });
      const view = await r.orders.findStatusView(orderId);
      expect(view?.history).toEqual([
        { fromStatus: null, toStatus: 'pending', note: null, buyerMessage: null, createdAt: T0 },
        { fromStatus: 'pending', toStatus: 'confirmed', note: 'On it', buyerMessage: 'Packing it today', createdAt: T0 + 7 },
      ]);
      expect(view?.shipment.status).toBe('pending');
    });

    it('records the shipment: carrier, tracking and window when shipped, kept when later changes name none', async () => {
      const { owner, orderId } = await pendingOrder();
      await r.orders.changeStatus(orderId, move('confirmed', owner));
      await r.orders.changeStatus(orderId, move('processing', owner));
      const window = { earliest: '2026-12-14', latest: '2026-12-16' };
      await r.orders.changeStatus(
        orderId,
        move('shipped', owner, {
          shipment: { carrier: 'DHL Express', carrierCode: 'dhl_express', trackingNumber: 'TRK1' },
          estimatedDelivery: window,
          now: T0 + 100,
        }),
      );
      const shipped = {
        carrier: 'DHL Express',
        carrierCode: 'dhl_express',
        trackingNumber: 'TRK1',
        status: 'shipped',
        shippedAt: T0 + 100,
        deliveredAt: null,
        estimatedDelivery: window,
      };
      expect((await r.orders.findStatusView(orderId))?.shipment).toEqual(shipped);
      await r.orders.changeStatus(
        orderId,
        move('delivered', owner, { shipment: { carrier: null, carrierCode: null, trackingNumber: null }, now: T0 + 200 }),
      );
      const view = await r.orders.findStatusView(orderId);
      expect(view?.shipment).toEqual({ ...shipped, status: 'delivered', deliveredAt: T0 + 200 });
      expect(view).toMatchObject({ status: 'delivered', version: 5 });
      expect(view?.history.map((h) => h.toStatus)).toEqual(['pending', 'confirmed', 'processing', 'shipped', 'delivered']);
    });

    it('replaces a carrier’s name and code together: free text after a listed carrier has no code', async () => {
      const { owner, orderId } = await pendingOrder();
      await r.orders.changeStatus(orderId, move('confirmed', owner, { shipment: { carrier: 'UPS', carrierCode: 'ups', trackingNumber: null } }));
      expect((await r.orders.findStatusView(orderId))?.shipment).toMatchObject({ carrier: 'UPS', carrierCode: 'ups', trackingNumber: null });
      await r.orders.changeStatus(
        orderId,
        move('processing', owner, { shipment: { carrier: 'Bike Courier', carrierCode: null, trackingNumber: 'B-1' }, now: T0 + 300 }),
      );
      const detail = await r.orders.findDetailByNumber((await r.orders.findHead(orderId))!.orderNumber);
      expect(detail?.shipment).toMatchObject({ carrier: 'Bike Courier', carrierCode: null, trackingNumber: 'B-1', estimatedDelivery: null });
      expect(detail?.history.at(-1)).toMatchObject({ toStatus: 'processing', buyerMessage: null });
    });

    it('changes nothing when decide refuses (its error comes through) or finds nothing to change', async () => {
      const { owner, orderId } = await pendingOrder();
      await r.orders.changeStatus(orderId, move('confirmed', owner));
      const before = await r.orders.findStatusView(orderId);
      const stale = r.orders.changeStatus(orderId, move('processing', owner, { expectedVersion: 1 }));
      expect(await stale.catch((e: unknown) => e)).toMatchObject({ code: 'version_conflict', details: { current: { status: 'confirmed', version: 2 } } });
      expect(await r.orders.changeStatus(orderId, move('confirmed', owner))).toEqual({ changed: false, order: await r.orders.findHead(orderId), event: null });
      expect(await r.orders.findStatusView(orderId)).toEqual(before);
    });

    it('answers null for an unknown order without asking decide', async () => {
      let asked = false;
      const result = await r.orders.changeStatus(12345, () => {
        asked = true;
        return null;
      });
      expect(result).toBeNull();
      expect(asked).toBe(false);
    });

    it('puts a cancelled order’s units back into stock, every line of a product summed', async () => {
      const { owner, hat, orderId } = await pendingOrder(10, (id) => [line(id, 2, 'S'), line(id, 3, 'M')]);
      expect(await stockOf(hat.id)).toBe(5);
      const result = await r.orders.changeStatus(orderId, move('cancelled', owner));
      expect(result?.order).toMatchObject({ status: 'cancelled', version: 2 });
      expect(await stockOf(hat.id)).toBe(10);
      expect((await r.orders.findStatusView(orderId))?.shipment.status).toBe('cancelled');
    });
  });

  describe('webhooks', () => {
    const endpoint = async (owner: User, extra: { now?: number; events?: ('order.created' | 'order.status_changed')[] } = {}) =>
      r.webhooks.create({
        sellerId: sellerIdOf(owner),
        url: 'https://hooks.example.test/in',
        events: extra.events ?? ['order.created'],
        description: null,
        secret: 'whsec_AAAA',
        now: extra.now ?? T0,
      });
    const delivery = (endpointId: number, eventPosition: number, now = T0): NewDelivery => ({
      endpointId,
      eventPosition,
      eventType: 'order.created',
      payload: `{"n":${eventPosition}}`,
      webhookIdHeader: `msg_${eventPosition}_${endpointId}`,
      now,
    });
    const claim = (owner: string, extra: Partial<ClaimRequest> = {}) =>
      r.webhooks.claim({ owner, now: T0 + MINUTE, leaseUntil: T0 + 2 * MINUTE, limit: 10, freeSlots: () => 10, full: [], ...extra });
    const schedule = new RetrySchedule([MINUTE, HOUR], () => 0.5);
    const answered = (statusCode: number | null): AttemptResult => ({ statusCode, error: statusCode === null ? 'timeout' : null, durationMs: 12 });
    const decide = (result: AttemptResult, now: number) => (attempts: number, failingSince: number | null) =>
      attemptOutcome(result, attempts, failingSince, schedule, now);

    it("keeps a seller's endpoints to that seller: others find, change, rotate and delete nothing", async () => {
      const [a, b] = [await seller(), await seller()];
      const hook = await endpoint(a);
      expect(hook).toMatchObject({ sellerId: sellerIdOf(a), events: ['order.created'], active: true, previousSecret: null, failingSince: null });
      expect(await r.webhooks.find(hook.id, sellerIdOf(b))).toBeNull();
      expect(await r.webhooks.update(hook.id, sellerIdOf(b), { active: false }, T0)).toBeNull();
      expect(await r.webhooks.rotateSecret(hook.id, sellerIdOf(b), 'whsec_BBBB', T0 + HOUR, T0)).toBeNull();
      expect(await r.webhooks.delete(hook.id, sellerIdOf(b))).toBe(false);
      expect(await r.webhooks.listDeliveries(hook.id, sellerIdOf(b), { page: 1, limit: 20 })).toBeNull();
      expect(await r.webhooks.listBySeller(sellerIdOf(b))).toEqual([]);
      expect(await r.webhooks.listBySeller(sellerIdOf(a))).toEqual([hook]);
      for (const id of [2 ** 31, 2 ** 53 - 1]) expect(await r.webhooks.find(id, sellerIdOf(a))).toBeNull();
    });

    it('patches, rotates (keeping the old secret with its expiry) and deletes with the deliveries', async () => {
      const a = await seller();
      const hook = await endpoint(a);
      const patched = await r.webhooks.update(hook.id, sellerIdOf(a), { events: ['order.created', 'order.status_changed'], description: 'd', active: false }, T0 + 1);
      expect(patched).toMatchObject({ events: ['order.created', 'order.status_changed'], description: 'd', active: false, updatedAt: T0 + 1 });
      const rotated = await r.webhooks.rotateSecret(hook.id, sellerIdOf(a), 'whsec_BBBB', T0 + HOUR, T0 + 2);
      expect(rotated).toMatchObject({ secret: 'whsec_BBBB', previousSecret: 'whsec_AAAA', previousSecretExpiresAt: T0 + HOUR });
      await r.webhooks.enqueue([delivery(hook.id, 1)]);
      expect(await r.webhooks.delete(hook.id, sellerIdOf(a))).toBe(true);
      expect(await r.webhooks.listBySeller(sellerIdOf(a))).toEqual([]);
    });

    it('makes one delivery per (endpoint, event), however often it is asked, and lists them newest first', async () => {
      const a = await seller();
      const hook = await endpoint(a);
      await r.webhooks.enqueue([delivery(hook.id, 1), delivery(hook.id, 2)]);
      await r.webhooks.enqueue([{ ...delivery(hook.id, 2), payload: '{"again":true}' }, delivery(hook.id, 3)]);
      const page = await r.webhooks.listDeliveries(hook.id, sellerIdOf(a), { page: 1, limit: 2 });
      expect(page?.total).toBe(3);
      expect(page?.deliveries.map((d) => d.eventPosition)).toEqual([3, 2]);
      expect(page?.deliveries[1]).toMatchObject({ payload: '{"n":2}', status: 'pending', attempts: 0, nextAttemptAt: T0, lastStatusCode: null });
    });

    it('lists as subscribers the active endpoints that existed at the event', async () => {
      const a = await seller();
      const early = await endpoint(a, { now: T0 });
      await endpoint(a, { now: T0 + HOUR });
      const off = await endpoint(a, { now: T0 });
      await r.webhooks.update(off.id, sellerIdOf(a), { active: false }, T0);
      expect((await r.webhooks.subscribers(sellerIdOf(a), T0 + MINUTE)).map((e) => e.id)).toEqual([early.id]);
    });

    it('leases a due delivery to one claimer at a time, until its lease ends', async () => {
      const a = await seller();
      const hook = await endpoint(a);
      await r.webhooks.enqueue([delivery(hook.id, 1), delivery(hook.id, 2, T0 + HOUR)]);
      const [first, second] = await Promise.all([claim('node-1'), claim('node-2')]);
      expect([...(first ?? []), ...(second ?? [])].map((d) => d.webhookIdHeader)).toEqual([`msg_1_${hook.id}`]);
      expect(await claim('node-3')).toEqual([]);
      // The lease ran out (its holder died): another node takes it.
      const taken = await claim('node-3', { now: T0 + 3 * MINUTE, leaseUntil: T0 + 4 * MINUTE });
      expect(taken.map((d) => d.id)).toHaveLength(1);
      expect(taken[0]).toMatchObject({ url: 'https://hooks.example.test/in', secrets: ['whsec_AAAA'], attempts: 0 });
      // …and the first holder's late result is not recorded.
      const holder = (first ?? []).length > 0 ? 'node-1' : 'node-2';
      expect(await r.webhooks.complete(taken[0]?.id ?? 0, holder, answered(200), decide(answered(200), T0 + 3 * MINUTE), T0 + 3 * MINUTE)).toBeNull();
    });

    it('claims within the free slots of each endpoint, skips full and inactive endpoints', async () => {
      const [a, b] = [await seller(), await seller()];
      const [busy, idle, off] = [await endpoint(a), await endpoint(b), await endpoint(b)];
      await r.webhooks.update(off.id, sellerIdOf(b), { active: false }, T0);
      await r.webhooks.enqueue([1, 2, 3, 4].map((n) => delivery(busy.id, n)));
      await r.webhooks.enqueue([delivery(idle.id, 5), delivery(off.id, 6)]);
      const claimed = await claim('node-1', { freeSlots: (id) => (id === busy.id ? 2 : 10) });
      expect(claimed.map((d) => d.endpointId).sort()).toEqual([busy.id, busy.id, idle.id].sort());
      expect(await claim('node-1', { full: [busy.id] })).toEqual([]);
      expect((await claim('node-1')).map((d) => d.endpointId)).toEqual([busy.id, busy.id]);
    });

    it('records an attempt: retry time, endpoint failing since, success clearing it, 410 disabling it', async () => {
      const a = await seller();
      const hook = await endpoint(a);
      await r.webhooks.enqueue([delivery(hook.id, 1), delivery(hook.id, 2)]);
      const [one, two] = await claim('node-1');
      const at = T0 + MINUTE;
      const failed = await r.webhooks.complete(one?.id ?? 0, 'node-1', answered(500), decide(answered(500), at), at);
      expect(failed).toMatchObject({ status: 'pending', nextAttemptAt: at + MINUTE, failingSince: at, disable: null });
      let [, first] = (await r.webhooks.listDeliveries(hook.id, sellerIdOf(a), { page: 1, limit: 5 }))?.deliveries ?? [];
      expect(first).toMatchObject({ status: 'pending', attempts: 1, lastStatusCode: 500, lastDurationMs: 12, nextAttemptAt: at + MINUTE });
      expect((await r.webhooks.find(hook.id, sellerIdOf(a)))?.failingSince).toBe(at);
      await r.webhooks.complete(two?.id ?? 0, 'node-1', answered(204), decide(answered(204), at + 1), at + 1);
      expect(await r.webhooks.oldestDue(at + MINUTE - 1)).toBeNull();
      expect(await r.webhooks.oldestDue(at + 2 * MINUTE)).toBe(at + MINUTE);
      expect((await r.webhooks.find(hook.id, sellerIdOf(a)))?.failingSince).toBeNull();

      const [again] = await claim('node-1', { now: at + 2 * MINUTE, leaseUntil: at + 3 * MINUTE });
      expect(again?.attempts).toBe(1);
      const gone = await r.webhooks.complete(again?.id ?? 0, 'node-1', answered(410), decide(answered(410), at + 2 * MINUTE), at + 2 * MINUTE);
      expect(gone).toMatchObject({ status: 'failed', nextAttemptAt: null });
      expect(await r.webhooks.find(hook.id, sellerIdOf(a))).toMatchObject({ active: false, disabledReason: expect.stringMatching(/410/) });
      [, first] = (await r.webhooks.listDeliveries(hook.id, sellerIdOf(a), { page: 1, limit: 5 }))?.deliveries ?? [];
      expect(first).toMatchObject({ status: 'failed', attempts: 2, lastStatusCode: 410, nextAttemptAt: null });

      // Turning it on clears the reason; a retry makes the failed delivery due again.
      expect(await r.webhooks.update(hook.id, sellerIdOf(a), { active: true }, at)).toMatchObject({ active: true, disabledReason: null, failingSince: null });
      const other = await seller();
      expect(await r.webhooks.retryDelivery(hook.id, first?.id ?? 0, sellerIdOf(other), at)).toBe(false);
      expect(await r.webhooks.retryDelivery(hook.id, first?.id ?? 0, sellerIdOf(a), at + 3 * MINUTE)).toBe(true);
      expect((await claim('node-2', { now: at + 3 * MINUTE, leaseUntil: at + 4 * MINUTE })).map((d) => d.id)).toEqual([first?.id]);
    });

    it('prunes the deliveries that are over and older than the cut, never a pending one', async () => {
      const a = await seller();
      const hook = await endpoint(a);
      await r.webhooks.enqueue([delivery(hook.id, 1, T0), delivery(hook.id, 2, T0), delivery(hook.id, 3, T0 + HOUR)]);
      const [first, second] = await claim('node-1', { limit: 2 });
      await r.webhooks.complete(first?.id ?? 0, 'node-1', answered(200), decide(answered(200), T0 + MINUTE), T0 + MINUTE);
      expect(second).toBeDefined();
      expect(await r.webhooks.pruneDeliveries(T0 + 1)).toBe(1);
      const left = await r.webhooks.listDeliveries(hook.id, sellerIdOf(a), { page: 1, limit: 10 });
      expect(left?.deliveries.map((d) => d.eventPosition)).toEqual([3, 2]);
    });

    it('gives back the leases of a stopping node', async () => {
      const a = await seller();
      const hook = await endpoint(a);
      await r.webhooks.enqueue([delivery(hook.id, 1)]);
      const [held] = await claim('node-1');
      await r.webhooks.release([held?.id ?? 0], 'node-2');
      expect(await claim('node-2')).toEqual([]);
      await r.webhooks.release([held?.id ?? 0], 'node-1');
      expect((await claim('node-2')).map((d) => d.id)).toEqual([held?.id]);
    });
  });
});
