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
  SellerOrderExportRow,
  SellerOrderRow,
  SellerOrderSort,
  Session,
  ShippingAddress,
  StatusCounts,
  User,
  UserWithSecret,
} from './model.js';
import type { DeliveryWindow } from './carriers.js';
import type { OrderStatus, ShipmentStatus } from './order-status.js';
import type { ImageVariant, ImageWidth, ProductImage } from './product-image.js';
import type { RateLimitRule } from './rate-limit.js';
import type { AttemptOutcome, AttemptResult, LeasedDelivery, WebhookDelivery, WebhookEndpoint, WebhookEventType } from './webhooks.js';
import type { LeasedMail, MailOutcome, NewMail } from './mail.js';
import type { NewReturnRequest, ReturnCounts, ReturnRequest, SellerReturnQuery, SellerReturnRow } from './returns.js';

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
  /** Whether the user wants order e-mails (null: no such user). */
  emailNotifications(userId: number): Promise<boolean | null>;
  /** Turns order e-mails on or off for the user named by id or by unsubscribe token; false when there is none. */
  setEmailNotifications(who: { userId: number } | { emailToken: string }, on: boolean): Promise<boolean>;
  /** What an e-mail to the user needs: the address, the name, the wish, the unsubscribe token (`tokenIfNone` stored when it has none yet). */
  mailRecipient(userId: number, tokenIfNone: string): Promise<MailRecipient | null>;
}

export interface MailRecipient {
  email: string;
  firstName: string;
  lastName: string;
  emailNotifications: boolean;
  emailToken: string;
}

/** E-mails made from the event log, sent under leases (one node at a time each). */
export interface MailOutbox {
  /** Makes each e-mail unless its (event, kind) has one already. */
  enqueue(mails: NewMail[]): Promise<void>;
  /** Leases up to `limit` due e-mails (pending, next attempt reached, no live lease), oldest due first. */
  claim(owner: string, now: number, leaseUntil: number, limit: number): Promise<LeasedMail[]>;
  /** Records an attempt under the owner's lease (and frees it); false when the lease was lost. */
  complete(id: number, owner: string, outcome: MailOutcome, now: number): Promise<boolean>;
  /** Gives back leases of e-mails not attempted after all (a node stopping). */
  release(ids: number[], owner: string): Promise<void>;
  /** When the longest-waiting due e-mail became due (null: none waits). */
  oldestDue(now: number): Promise<number | null>;
}

export interface SessionRepository {
  create(session: Session): Promise<void>;
  /** The session and its user when the session exists and has not expired (idle or absolute). */
  findActive(id: string, now: number, idleMs: number): Promise<{ session: Session; user: User } | null>;
  touch(id: string, now: number): Promise<void>;
  /** Ends the session and logs `session:ended` with it (null when there was no such session). */
  delete(id: string, now: number): Promise<LoggedEvent | null>;
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
  /**
   * Stores the product's picture (replacing any before it) and points its image_url at it, in
   * one transaction; null when no product of this seller has that id.
   */
  setImage(id: number, sellerId: number, image: ProductImage, variants: ImageVariant[], imageUrl: string, now: number): Promise<Product | null>;
  /** The product's stored picture (its copy at `width`, when asked and kept), or null when it has none. */
  findImage(id: number, width?: ImageWidth): Promise<ProductImage | null>;
}

/** Makes the sized copies of a picture (IMAGE_WIDTHS); refuses (unsupported_media_type) one it cannot decode. */
export interface ImageResizer {
  variants(image: ProductImage): Promise<ImageVariant[]>;
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
  /** The checkout the order was placed in: every order of one placement shares it. */
  checkoutNumber: string;
  sellerId: number;
  totalAmount: number;
}

export interface PlaceOrderCommand {
  buyerId: number;
  /** For the `order:created` events logged with the orders. */
  customerName: string;
  /** Explicit lines, or null for "the buyer's cart" (emptied on success). */
  lines: CartLineInput[] | null;
  paymentMethod: PaymentMethod;
  shippingAddress: ShippingAddress;
  idempotency: { key: string; requestHash: string } | null;
  /** Written on every order of this placement. */
  checkoutNumber: string;
  now: number;
  /**
   * Pure domain rule run on the lines with their products as the database holds them:
   * validates them and splits them into one order per seller (throws DomainError). The store
   * writes the orders only if those products are still so when it writes, planning again
   * otherwise: what the plan sees is what gets committed.
   */
  plan: (lines: ResolvedLine[]) => OrderPlan[];
}

export type PlaceOrderOutcome =
  /** `events`: one `order:created` per order, logged in the same transaction. */
  | { kind: 'placed'; orders: PlacedOrder[]; events: LoggedEvent[] }
  | { kind: 'replayed'; orders: PlacedOrder[] };

export interface StatusChange {
  orderId: number;
  fromStatus: OrderStatus;
  fromVersion: number;
  toStatus: OrderStatus;
  actorUserId: number;
  actorRole: Role;
  note: string | null;
  buyerMessage: string | null;
  /**
   * Carrier and tracking number to record; null (or a null field) leaves the shipment's as they
   * are. A carrier replaces the carrier's name and code together (the code null for free text).
   */
  shipment: { carrier: string | null; carrierCode: string | null; trackingNumber: string | null } | null;
  /** The delivery window to record (when shipping); null leaves the shipment's as it is. */
  estimatedDelivery: DeliveryWindow | null;
  /** The shipment's new status, or null when this change leaves it as it is. */
  shipmentStatus: ShipmentStatus | null;
  /** Put the order's quantities back into stock (a cancelled order never ships). */
  restock: boolean;
  /**
   * The return request this change settles, as decided (an approval): written in the same
   * transaction only while the request is still `requested`, with its `return:decided` event;
   * otherwise nothing is written and the change throws return_already_decided.
   */
  settlesReturn: ReturnRequest | null;
  /**
   * Settle the order's open return request, if it has one as the change is written, as
   * approved by this change (approvedByChange in returns.ts), with its `return:decided` event:
   * a move to `returned` is the return, however the seller makes it. The store finds the open
   * request inside the change's transaction, after nothing else can open or decide one; a
   * request declined meanwhile is not settled, and the change is decided again. Ignored when
   * `settlesReturn` names the request.
   */
  settlesOpenReturn: boolean;
  now: number;
}

export interface StatusChangeResult {
  changed: boolean;
  /** The head after the change (or as it was, when nothing changed). */
  order: OrderHead;
  /** The `order:status` logged with a change, in the same transaction; null when nothing changed. */
  event: LoggedEvent | null;
  /** The `return:decided` logged with a change that settles a return request. */
  returnEvent?: LoggedEvent;
}

/** What the seller's list and its export select and how they order it. */
export interface SellerOrderFilter {
  status: OrderStatus | null;
  /** Matches the order number, the customer's name or a product name of the order's lines. */
  q: string | null;
  /** created_at ≥ this (epoch ms), or no lower bound. */
  createdFrom: number | null;
  /** created_at < this (epoch ms), or no upper bound. */
  createdBefore: number | null;
  sort: SellerOrderSort;
}

export interface SellerOrderQuery extends Page, SellerOrderFilter {}

/** Where a keyset page starts: after this row in the filter's order. */
export type SellerOrderCursor = Pick<OrderHead, 'orderId' | 'createdAt' | 'totalAmount'>;

export interface OrderRepository {
  /** Idempotency check, stock check-and-decrement, orders, items, shipments, history, events: one transaction. */
  place(command: PlaceOrderCommand): Promise<PlaceOrderOutcome>;
  findHead(orderId: number): Promise<OrderHead | null>;
  findStatusView(orderId: number): Promise<OrderStatusView | null>;
  /**
   * The same view, to be shown to a reader: a node may answer it from its read cache, kept
   * coherent by the rules of server/infra/read-caches.ts. A decision reads findStatusView.
   */
  findStatusViewToShow(orderId: number): Promise<OrderStatusView | null>;
  findDetailByNumber(orderNumber: string): Promise<OrderDetail | null>;
  /** The orders of one checkout, in the order they were placed ([] for an unknown number). */
  findCheckout(checkoutNumber: string): Promise<OrderDetail[]>;
  listByBuyer(buyerId: number): Promise<BuyerOrderSummary[]>;
  /** A page of the seller's orders, the total matching, and counts per status over every filter but the status. */
  listBySeller(sellerId: number, query: SellerOrderQuery): Promise<{ orders: SellerOrderRow[]; total: number; counts: StatusCounts }>;
  /**
   * Up to `limit` of the seller's orders after `after` (keyset: no offset to skip, so every
   * page costs the same however deep the export is), in the filter's order.
   */
  exportBySeller(sellerId: number, filter: SellerOrderFilter, after: SellerOrderCursor | null, limit: number): Promise<SellerOrderExportRow[]>;
  /**
   * One status change, decided on the order as it is now: reads its head, asks `decide` for
   * the change (decide throws to refuse it, or returns null when there is nothing to change),
   * and writes it with its history row, shipment, restock and logged event, all in one write
   * transaction, so nothing can move the order in between. Null when there is no such order.
   */
  changeStatus(orderId: number, decide: (head: OrderHead) => StatusChange | null): Promise<StatusChangeResult | null>;
}

/** A seller's return requests, and the buyers' (see server/domain/returns.ts). */
export interface ReturnRequestRepository {
  /**
   * Writes the request with its `return:requested` event while the order is still delivered and
   * at `orderVersion` (null, nothing written, when it is not); throws return_already_requested
   * while another request of the order is open (the store's unique index decides, not a read).
   */
  create(request: NewReturnRequest): Promise<{ request: ReturnRequest; event: LoggedEvent } | null>;
  find(id: number): Promise<ReturnRequest | null>;
  /** Each of these orders' latest request (orders without one are not in the map). */
  latestFor(orderIds: number[]): Promise<Map<number, ReturnRequest>>;
  /** A page of the seller's requests, newest first, the total matching, and counts per status. */
  listBySeller(sellerId: number, query: SellerReturnQuery): Promise<{ requests: SellerReturnRow[]; total: number; counts: ReturnCounts }>;
  /**
   * Records a decline (compare-and-set on the request still being `requested`) with its
   * `return:decided` event; null, nothing written, when it was decided meanwhile.
   */
  decline(decided: ReturnRequest): Promise<LoggedEvent | null>;
}

/** A return request asked for or decided; reaches the order's buyer and seller. */
export interface ReturnEvent {
  type: 'return:requested' | 'return:decided';
  returnRequest: ReturnRequest;
}

/**
 * A committed change to an order, as the domain knows it (the head names its buyer and
 * seller). The edges present it to clients: server/contract/presenters.ts.
 */
export type OrderEvent =
  /** `previousStatus`: the status it left (absent in events logged before it was recorded). */
  | { type: 'order:status'; order: OrderHead; previousStatus?: OrderStatus }
  | { type: 'order:created'; order: OrderHead; customerName: string };

/** A session that ended (logout): every node drops that session's sockets. */
export interface SessionEndedEvent {
  type: 'session:ended';
  sessionId: string;
}

export type DomainEvent = OrderEvent | ReturnEvent | SessionEndedEvent;

/**
 * A domain event as the event log keeps it: appended in the same transaction as its change,
 * at a position that only grows (the log's order), at a time.
 */
export interface LoggedEvent {
  position: number;
  at: number;
  event: DomainEvent;
}

/**
 * The durable event log: what feeds every node's sockets (through the bus, and directly as
 * the backstop), and, each at its own position, the outbound consumers (webhooks, e-mail).
 */
export interface EventLog {
  /** Events after `position`, oldest first, at most `limit`. */
  after(position: number, limit: number): Promise<LoggedEvent[]>;
  /** The newest position (0 for an empty log). */
  head(): Promise<number>;
  /** Deletes the events appended before `before`; returns how many went. */
  prune(before: number): Promise<number>;
  /** Where a consumer has got to (0 for one never seen). */
  consumerPosition(consumer: string): Promise<number>;
  /** Moves a consumer from `from` to `to`: false (and nothing written) when it is no longer at `from`. */
  advanceConsumer(consumer: string, from: number, to: number, now: number): Promise<boolean>;
}

export type EventBusHealth = 'ok' | 'down' | 'disabled';

/**
 * Carries logged events to every node's listeners. publish delivers on this node at once and
 * never throws or blocks on a broker; subscribers get each event once.
 */
export interface EventBus {
  publish(event: LoggedEvent): void;
  subscribe(listener: (event: LoggedEvent) => void): () => void;
  /**
   * Called when the broker is back after an outage (or was frozen), with the time the outage
   * began: what other nodes did meanwhile may have gone unheard, so per-node caches start over.
   */
  onRecovered(listener: (downSince: number) => void): () => void;
  health(): EventBusHealth;
  close(): Promise<void>;
}

export interface PasswordHasher {
  hash(password: string): Promise<string>;
  verify(hash: string, password: string): Promise<boolean>;
}

export interface NewWebhookEndpoint {
  sellerId: number;
  url: string;
  events: WebhookEventType[];
  description: string | null;
  secret: string;
  now: number;
}

export interface WebhookEndpointPatch {
  url?: string;
  events?: WebhookEventType[];
  description?: string | null;
  /** Turning an endpoint back on also clears why it was disabled and its failing run. */
  active?: boolean;
}

/** A delivery to make: one event of the log for one endpoint. */
export interface NewDelivery {
  endpointId: number;
  eventPosition: number;
  eventType: WebhookEventType;
  payload: string;
  webhookIdHeader: string;
  now: number;
}

export interface ClaimRequest {
  /** Who leases (one name per node). */
  owner: string;
  now: number;
  leaseUntil: number;
  /** At most this many deliveries in all. */
  limit: number;
  /** How many more deliveries of an endpoint the claimer can take now. */
  freeSlots: (endpointId: number) => number;
  /** Endpoints with no free slot: their deliveries are not even looked at. */
  full: number[];
}

/** A seller's endpoints and their deliveries. Every method that names an endpoint takes its seller: others' are not there. */
export interface WebhookRepository {
  create(endpoint: NewWebhookEndpoint): Promise<WebhookEndpoint>;
  listBySeller(sellerId: number): Promise<WebhookEndpoint[]>;
  find(id: number, sellerId: number): Promise<WebhookEndpoint | null>;
  update(id: number, sellerId: number, patch: WebhookEndpointPatch, now: number): Promise<WebhookEndpoint | null>;
  delete(id: number, sellerId: number): Promise<boolean>;
  /** The new secret signs from now; the old one too until `previousExpiresAt`. */
  rotateSecret(id: number, sellerId: number, secret: string, previousExpiresAt: number, now: number): Promise<WebhookEndpoint | null>;
  /** Newest first; null when the seller has no such endpoint. */
  listDeliveries(endpointId: number, sellerId: number, page: Page): Promise<{ deliveries: WebhookDelivery[]; total: number } | null>;
  /** Makes the delivery due now (pending again if it had failed); false when there is no such delivery of this seller's endpoint. */
  retryDelivery(endpointId: number, deliveryId: number, sellerId: number, now: number): Promise<boolean>;

  /** The active endpoints of a seller that existed at `at`, for fan-out. */
  subscribers(sellerId: number, at: number): Promise<WebhookEndpoint[]>;
  /** Inserts deliveries; one already made for the same (endpoint, event) is left as it is. */
  enqueue(deliveries: NewDelivery[]): Promise<void>;
  /**
   * Leases due pending deliveries of active endpoints that no one holds (or whose lease ran
   * out), oldest due first, within the request's limits. A leased delivery is attempted by
   * its owner only, until it completes or the lease ends.
   */
  claim(request: ClaimRequest): Promise<LeasedDelivery[]>;
  /**
   * Records an attempt and what it came to, on the delivery and its endpoint, in one
   * transaction, if `owner` still holds the lease: the outcome `decide` gave, or null (nothing
   * written) when the lease is gone.
   */
  complete(
    deliveryId: number,
    owner: string,
    result: AttemptResult,
    decide: (attempts: number, failingSince: number | null) => AttemptOutcome,
    now: number,
  ): Promise<AttemptOutcome | null>;
  /** Gives back the leases `owner` still holds on these deliveries (a node stopping mid-attempt). */
  release(deliveryIds: number[], owner: string): Promise<void>;
  /** Deletes the deliveries made before `before` that are over (succeeded or failed); returns how many went. */
  pruneDeliveries(before: number): Promise<number>;
  /** When the longest-waiting due delivery of an active endpoint, held by no one, became due (null: none waits). */
  oldestDue(now: number): Promise<number | null>;
}

/** Whether a webhook target may be called: the URL's rules, and where its name resolves. */
export interface TargetGuard {
  /** The problem, as a sentence for the seller, or null when the target is fine. */
  check(url: string): Promise<string | null>;
}
