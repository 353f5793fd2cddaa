/**
 * The ports the domain talks to. Every method is async so that a PostgreSQL implementation
 * can stand behind the same interface; each write is one atomic method.
 */
import type {
  BuyerOrderSummary,
  CartLine,
  OrderDetail,
  OrderHead,
  OrderItem,
  OrderStatusView,
  Page,
  PaymentMethod,
  Product,
  Role,
  SellerOrderRow,
  Session,
  ShippingAddress,
  StatusCounts,
  User,
  UserWithSecret,
} from './model.js';
import type { OrderStatus, ShipmentStatus } from './order-status.js';
import type { RateLimitRule } from './rate-limit.js';

export type Clock = () => number;

export interface NewUser {
  email: string;
  firstName: string;
  lastName: string;
  role: Role;
  passwordHash: string;
  storeName: string | null;
  createdAt: number;
}

export interface UserRepository {
  findByEmail(email: string): Promise<UserWithSecret | null>;
  findById(id: number): Promise<User | null>;
  /** Creates the user (and the seller row for sellers); throws DomainError email_taken. */
  create(user: NewUser): Promise<User>;
}

export interface SessionRepository {
  create(session: Session): Promise<void>;
  /** The session and its user when the session exists and has not expired (idle or absolute). */
  findActive(id: string, now: number, idleMs: number): Promise<{ session: Session; user: User } | null>;
  touch(id: string, now: number): Promise<void>;
  delete(id: string): Promise<void>;
  deleteExpired(now: number, idleMs: number): Promise<number>;
}

/** One counted hit: whether the bucket was within its rule before it, and the window it landed in. */
export interface RateLimitHit {
  allowed: boolean;
  retryAfterMs: number;
  /** When the window this hit was counted in ends; names that window for giveBack. */
  windowEndsAt: number;
}

export interface RateLimitRepository {
  /** Counts one hit; says whether the bucket was still within the rule before this hit. */
  hit(bucket: string, rule: RateLimitRule, now: number): Promise<RateLimitHit>;
  /** Whether the bucket is already over the rule, without counting. */
  peek(bucket: string, rule: RateLimitRule, now: number): Promise<{ allowed: boolean; retryAfterMs: number }>;
  /**
   * Takes back one hit counted in the window ending at `windowEndsAt`, atomically; nothing when
   * that window has since been replaced, so a hit is never given back to a window it was not in.
   */
  giveBack(bucket: string, windowEndsAt: number): Promise<void>;
  reset(bucket: string): Promise<void>;
  /** Deletes the buckets whose window has ended (`reset_at <= now`); returns how many. */
  deleteExpired(now: number): Promise<number>;
}

export interface ProductQuery extends Page {
  q: string | null;
}

export interface NewProduct {
  name: string;
  description: string;
  price: number;
  stock: number;
  sizes: string[];
  colors: string[];
  imageUrl: string | null;
}

export type ProductPatch = Partial<NewProduct & { active: boolean }>;

export interface ProductRepository {
  listActive(query: ProductQuery): Promise<{ products: Product[]; total: number }>;
  findById(id: number): Promise<Product | null>;
  listBySeller(sellerId: number): Promise<Product[]>;
  create(sellerId: number, product: NewProduct, now: number): Promise<Product>;
  /** Null when no product of this seller has that id. */
  update(id: number, sellerId: number, patch: ProductPatch, now: number): Promise<Product | null>;
}

export interface CartLineInput {
  productId: number;
  quantity: number;
  size: string | null;
  color: string | null;
}

export interface CartRepository {
  list(userId: number): Promise<CartLine[]>;
  /** Adds the line or, for the same product/size/colour, adds to its quantity, never beyond stock. */
  add(userId: number, line: CartLineInput): Promise<'added' | 'insufficient_stock' | 'product_not_found'>;
  setQuantity(userId: number, itemId: number, quantity: number): Promise<'updated' | 'insufficient_stock' | 'not_found'>;
  remove(userId: number, itemId: number): Promise<boolean>;
}

/** A line of an order being placed, with the product as the database has it right now. */
export interface ResolvedLine extends CartLineInput {
  product: Product;
}

export interface OrderPlan {
  sellerId: number;
  orderNumber: string;
  totalAmount: number;
  items: OrderItem[];
}

export interface PlacedOrder {
  orderId: number;
  orderNumber: string;
  sellerId: number;
  totalAmount: number;
}

export interface PlaceOrderCommand {
  buyerId: number;
  /** Explicit lines, or null for "the buyer's cart" (emptied on success). */
  lines: CartLineInput[] | null;
  paymentMethod: PaymentMethod;
  shippingAddress: ShippingAddress;
  idempotency: { key: string; requestHash: string } | null;
  now: number;
  /**
   * Pure domain rule run inside the transaction on the lines as the database holds them:
   * validates them and splits them into one order per seller (throws DomainError).
   */
  plan: (lines: ResolvedLine[]) => OrderPlan[];
}

export type PlaceOrderOutcome =
  | { kind: 'placed'; orders: PlacedOrder[] }
  | { kind: 'replayed'; orders: PlacedOrder[] };

export interface StatusChange {
  orderId: number;
  fromStatus: OrderStatus;
  fromVersion: number;
  toStatus: OrderStatus;
  actorUserId: number;
  actorRole: Role;
  note: string | null;
  /** Carrier and tracking number to record; null leaves the shipment's as they are. */
  shipment: { carrier: string | null; trackingNumber: string | null } | null;
  /** The shipment's new status, or null when this change leaves it as it is. */
  shipmentStatus: ShipmentStatus | null;
  /** Put the order's quantities back into stock (a cancelled order never ships). */
  restock: boolean;
  now: number;
}

export interface StatusChangeResult {
  changed: boolean;
  /** The head after the change (or as it was, when nothing changed). */
  order: OrderHead;
}

export interface SellerOrderQuery extends Page {
  status: OrderStatus | null;
  q: string | null;
}

export interface OrderRepository {
  /** Idempotency check, stock check-and-decrement, orders, items, shipments, history: one transaction. */
  place(command: PlaceOrderCommand): Promise<PlaceOrderOutcome>;
  findHead(orderId: number): Promise<OrderHead | null>;
  findStatusView(orderId: number): Promise<OrderStatusView | null>;
  findDetailByNumber(orderNumber: string): Promise<OrderDetail | null>;
  listByBuyer(buyerId: number): Promise<BuyerOrderSummary[]>;
  listBySeller(sellerId: number, query: SellerOrderQuery): Promise<{ orders: SellerOrderRow[]; total: number; counts: StatusCounts }>;
  /** Orders created or changed at or after `since`, oldest change first (for catching up after an outage). */
  listChangedSince(since: number, limit: number): Promise<SellerOrderRow[]>;
  /**
   * One status change, decided on the order as it is now: reads its head, asks `decide` for
   * the change (decide throws to refuse it, or returns null when there is nothing to change),
   * and writes it with its history row, shipment and restock, all in one write transaction,
   * so nothing can move the order in between. Null when there is no such order.
   */
  changeStatus(orderId: number, decide: (head: OrderHead) => StatusChange | null): Promise<StatusChangeResult | null>;
}

/**
 * A committed change to an order, as the domain knows it (the head names its buyer and
 * seller). The edges present it to clients: server/contract/presenters.ts.
 */
export type OrderEvent =
  | { type: 'order:status'; order: OrderHead }
  | { type: 'order:created'; order: OrderHead; customerName: string };

/** A session that ended (logout): every node drops that session's sockets. */
export interface SessionEndedEvent {
  type: 'session:ended';
  sessionId: string;
}

export type BusEvent = OrderEvent | SessionEndedEvent;

export type EventBusHealth = 'ok' | 'down' | 'disabled';

/** Carries committed changes to every node. publish never throws and never blocks on a broker. */
export interface EventBus {
  publish(event: BusEvent): void;
  subscribe(listener: (event: BusEvent) => void): () => void;
  /**
   * Called when the broker is back after an outage, with the time the outage began: events
   * published meanwhile may not have reached other nodes, so listeners catch up from the database.
   */
  onRecovered(listener: (downSince: number) => void): () => void;
  health(): EventBusHealth;
  close(): Promise<void>;
}

export interface PasswordHasher {
  hash(password: string): Promise<string>;
  verify(hash: string, password: string): Promise<boolean>;
}
