/**
 * The PostgreSQL schema: the same tables, columns, constraints and indexes as db/sqlite/schema.ts.
 * Migrations in db/postgres/migrations are generated from this file by drizzle-kit
 * (`npx drizzle-kit generate --config drizzle.postgres.config.ts`).
 *
 * Where the types differ from SQLite's, it is for range: SQLite integers are 64-bit, so every
 * value that can pass 2^31 is a bigint here — timestamps (epoch milliseconds) and money (cents:
 * MAX_CENTS is 10^10). Counts, quantities, stock and ids stay integer. sizes/colors stay JSON
 * text, as in SQLite, so that both stores map a product row to the domain record the same way.
 */
import { bigint, bigserial, boolean, customType, doublePrecision, index, integer, pgTable, primaryKey, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { ORDER_STATUSES } from '../../server/domain/order-status.js';
import { RETURN_REASONS, RETURN_STATUSES } from '../../server/domain/returns.js';

const ROLES = ['buyer', 'seller', 'admin'] as const;

const epochMs = (name: string) => bigint(name, { mode: 'number' });
const cents = (name: string) => bigint(name, { mode: 'number' });
const id = (name: string) => integer(name).primaryKey().generatedByDefaultAsIdentity();
/** Raw bytes (pg reads bytea as a Buffer). */
const bytea = customType<{ data: Buffer; driverData: Buffer }>({ dataType: () => 'bytea' });

export const users = pgTable('users', {
  id: id('id'),
  firstName: text('first_name').notNull(),
  lastName: text('last_name').notNull(),
  email: text('email').notNull().unique(),
  passwordHash: text('password_hash').notNull(),
  role: text('role', { enum: ROLES }).notNull(),
  createdAt: epochMs('created_at').notNull(),
  /** Order e-mails wanted (PATCH /api/auth/me, the unsubscribe link). */
  emailNotifications: boolean('email_notifications').notNull().default(true),
  /** Names the user in e-mails' unsubscribe links; made when the first e-mail is written. */
  emailToken: text('email_token').unique(),
});

export const sessions = pgTable(
  'sessions',
  {
    /** SHA-256 of the cookie token: a leaked table does not leak usable sessions. */
    id: text('id').primaryKey(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    createdAt: epochMs('created_at').notNull(),
    lastSeenAt: epochMs('last_seen_at').notNull(),
    /** Absolute expiry; the idle expiry is last_seen_at + the idle timeout. */
    expiresAt: epochMs('expires_at').notNull(),
  },
  (t) => [index('sessions_user_idx').on(t.userId)],
);

export const sellers = pgTable('sellers', {
  sellerId: id('seller_id'),
  userId: integer('user_id')
    .notNull()
    .unique()
    .references(() => users.id, { onDelete: 'cascade' }),
  storeName: text('store_name').notNull(),
  status: text('status', { enum: ['active', 'suspended'] }).notNull().default('active'),
  rating: doublePrecision('rating'),
});

export const products = pgTable(
  'products',
  {
    id: id('id'),
    sellerId: integer('seller_id')
      .notNull()
      .references(() => sellers.sellerId),
    name: text('name').notNull(),
    description: text('description').notNull().default(''),
    price: cents('price').notNull(),
    stock: integer('stock').notNull(),
    /** JSON arrays of strings. */
    sizes: text('sizes').notNull().default('[]'),
    colors: text('colors').notNull().default('[]'),
    imageUrl: text('image_url'),
    active: boolean('active').notNull().default(true),
    createdAt: epochMs('created_at').notNull(),
    updatedAt: epochMs('updated_at').notNull(),
  },
  (t) => [index('products_seller_idx').on(t.sellerId), index('products_active_idx').on(t.active, t.id)],
);

/** Each product's uploaded picture, kept in the database so that every node serves it. */
export const productImages = pgTable('product_images', {
  productId: integer('product_id')
    .primaryKey()
    .references(() => products.id, { onDelete: 'cascade' }),
  contentType: text('content_type').notNull(),
  digest: text('digest').notNull(),
  bytes: bytea('bytes').notNull(),
  updatedAt: epochMs('updated_at').notNull(),
});

/** The stored picture's sized copies (WebP, server/domain/product-image.ts IMAGE_WIDTHS), replaced with it. */
export const productImageVariants = pgTable(
  'product_image_variants',
  {
    productId: integer('product_id')
      .notNull()
      .references(() => productImages.productId, { onDelete: 'cascade' }),
    width: integer('width').notNull(),
    bytes: bytea('bytes').notNull(),
  },
  (t) => [primaryKey({ columns: [t.productId, t.width] })],
);

export const cartItems = pgTable(
  'cart_items',
  {
    id: id('id'),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    productId: integer('product_id')
      .notNull()
      .references(() => products.id),
    quantity: integer('quantity').notNull(),
    size: text('size'),
    color: text('color'),
  },
  (t) => [index('cart_items_user_idx').on(t.userId)],
);

export const orders = pgTable(
  'orders',
  {
    orderId: id('order_id'),
    orderNumber: text('order_number').notNull().unique(),
    /** The checkout (one placement, one order per seller) the order belongs to; null before checkouts were numbered. */
    checkoutNumber: text('checkout_number'),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id),
    sellerId: integer('seller_id')
      .notNull()
      .references(() => sellers.sellerId),
    orderStatus: text('order_status', { enum: ORDER_STATUSES }).notNull().default('pending'),
    version: integer('version').notNull().default(1),
    totalAmount: cents('total_amount').notNull(),
    currency: text('currency').notNull().default('USD'),
    paymentMethod: text('payment_method').notNull(),
    shipName: text('ship_name').notNull(),
    shipLine1: text('ship_line1').notNull(),
    shipLine2: text('ship_line2'),
    shipCity: text('ship_city').notNull(),
    shipPostalCode: text('ship_postal_code').notNull(),
    shipCountry: text('ship_country').notNull(),
    createdAt: epochMs('created_at').notNull(),
    updatedAt: epochMs('updated_at').notNull(),
  },
  (t) => [
    index('orders_user_idx').on(t.userId, t.createdAt),
    index('orders_checkout_idx').on(t.checkoutNumber),
    index('orders_seller_status_idx').on(t.sellerId, t.orderStatus, t.createdAt),
    index('orders_seller_created_idx').on(t.sellerId, t.createdAt),
    // The seller's list and export sorted by total: keyset pages seek to (total, id).
    index('orders_seller_total_idx').on(t.sellerId, t.totalAmount, t.orderId),
  ],
);

export const orderItems = pgTable(
  'order_items',
  {
    id: id('id'),
    orderId: integer('order_id')
      .notNull()
      .references(() => orders.orderId, { onDelete: 'cascade' }),
    productId: integer('product_id')
      .notNull()
      .references(() => products.id),
    productName: text('product_name').notNull(),
    quantity: integer('quantity').notNull(),
    unitPrice: cents('unit_price').notNull(),
    size: text('size'),
    color: text('color'),
  },
  (t) => [index('order_items_order_idx').on(t.orderId)],
);

export const shipments = pgTable('shipments', {
  id: id('id'),
  orderId: integer('order_id')
    .notNull()
    .unique()
    .references(() => orders.orderId, { onDelete: 'cascade' }),
  /** The carrier's name: one of the built-in list's (then carrier_code says which) or free text. */
  carrier: text('carrier'),
  carrierCode: text('carrier_code'),
  trackingNumber: text('tracking_number'),
  status: text('status').notNull().default('pending'),
  shippedAt: epochMs('shipped_at'),
  deliveredAt: epochMs('delivered_at'),
  /** Calendar dates (YYYY-MM-DD): the window the buyer is told, set when the order ships. */
  estimatedEarliest: text('estimated_earliest'),
  estimatedLatest: text('estimated_latest'),
});

export const orderStatusHistory = pgTable(
  'order_status_history',
  {
    id: id('id'),
    orderId: integer('order_id')
      .notNull()
      .references(() => orders.orderId, { onDelete: 'cascade' }),
    fromStatus: text('from_status', { enum: ORDER_STATUSES }),
    toStatus: text('to_status', { enum: ORDER_STATUSES }).notNull(),
    actorUserId: integer('actor_user_id').references(() => users.id),
    actorRole: text('actor_role', { enum: ROLES }),
    /** Internal to the seller. */
    note: text('note'),
    /** Shown to the buyer on the order's timeline. */
    buyerMessage: text('buyer_message'),
    createdAt: epochMs('created_at').notNull(),
  },
  (t) => [index('order_status_history_order_idx').on(t.orderId, t.id)],
);

export const idempotencyKeys = pgTable(
  'idempotency_keys',
  {
    key: text('key').notNull(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    requestHash: text('request_hash').notNull(),
    statusCode: integer('status_code').notNull(),
    /** The JSON body first returned for this key. */
    response: text('response').notNull(),
    createdAt: epochMs('created_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.key] })],
);

/** Fixed-window counters for rate limits, shared by every node through the database. */
export const rateLimits = pgTable(
  'rate_limits',
  {
    bucket: text('bucket').primaryKey(),
    count: integer('count').notNull(),
    resetAt: epochMs('reset_at').notNull(),
  },
  // The purge deletes in batches; each batch finds its rows here instead of scanning live buckets.
  (t) => [index('rate_limits_reset_idx').on(t.resetAt)],
);

/**
 * The event log: every placed order, status change and logout, appended in the transaction of
 * its change. Positions come from a sequence: taken at insert, so one may become visible
 * after a later one, and a rolled-back one never does (server/infra/event-feed.ts waits at
 * such holes, for a while).
 */
export const events = pgTable('events', {
  position: bigserial('position', { mode: 'number' }).primaryKey(),
  type: text('type').notNull(),
  /** The domain event as JSON text, as in SQLite (read back as it was written). */
  payload: text('payload').notNull(),
  createdAt: epochMs('created_at').notNull(),
});

/** How far each consumer of the log (webhooks, e-mail) has got. */
export const eventConsumers = pgTable('event_consumers', {
  consumer: text('consumer').primaryKey(),
  position: bigint('position', { mode: 'number' }).notNull(),
  updatedAt: epochMs('updated_at').notNull(),
});

/**
 * A seller's webhook endpoints. `events` is a JSON array of event types (text, as in SQLite).
 * After a rotation the previous secret also signs until `previous_secret_expires_at`. An
 * endpoint the deliveries disabled (410, or failing too long) has `active` false and says why
 * in `disabled_reason`.
 */
export const webhookEndpoints = pgTable(
  'webhook_endpoints',
  {
    id: id('id'),
    sellerId: integer('seller_id')
      .notNull()
      .references(() => sellers.sellerId, { onDelete: 'cascade' }),
    url: text('url').notNull(),
    events: text('events').notNull(),
    description: text('description'),
    active: boolean('active').notNull().default(true),
    secret: text('secret').notNull(),
    previousSecret: text('previous_secret'),
    previousSecretExpiresAt: epochMs('previous_secret_expires_at'),
    disabledReason: text('disabled_reason'),
    /** When the current run of failed attempts began; null while the endpoint answers. */
    failingSince: epochMs('failing_since'),
    createdAt: epochMs('created_at').notNull(),
    updatedAt: epochMs('updated_at').notNull(),
  },
  (t) => [index('webhook_endpoints_seller_idx').on(t.sellerId, t.id)],
);

/**
 * One event for one endpoint: made once per (endpoint, event) from the event log, then
 * attempted until it succeeds or fails for good. A node attempting it holds its lease
 * (`lease_owner` until `lease_until`), so no other node attempts it meanwhile.
 */
export const webhookDeliveries = pgTable(
  'webhook_deliveries',
  {
    id: id('id'),
    endpointId: integer('endpoint_id')
      .notNull()
      .references(() => webhookEndpoints.id, { onDelete: 'cascade' }),
    /** The event's position in the event log. */
    eventPosition: bigint('event_position', { mode: 'number' }).notNull(),
    eventType: text('event_type').notNull(),
    /** The JSON body sent, fixed when the delivery is made: every retry sends the same bytes. */
    payload: text('payload').notNull(),
    webhookIdHeader: text('webhook_id_header').notNull(),
    status: text('status', { enum: ['pending', 'succeeded', 'failed'] }).notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    lastStatusCode: integer('last_status_code'),
    lastError: text('last_error'),
    lastDurationMs: integer('last_duration_ms'),
    /** When the next attempt is due; null once the delivery succeeded or failed for good. */
    nextAttemptAt: epochMs('next_attempt_at'),
    leaseOwner: text('lease_owner'),
    leaseUntil: epochMs('lease_until'),
    createdAt: epochMs('created_at').notNull(),
  },
  (t) => [
    uniqueIndex('webhook_deliveries_endpoint_event_idx').on(t.endpointId, t.eventPosition),
    index('webhook_deliveries_due_idx').on(t.status, t.nextAttemptAt),
    index('webhook_deliveries_endpoint_idx').on(t.endpointId, t.id),
  ],
);

/**
 * E-mails to write, one per (event, kind) of the event log: made by the mail consumer of the log
 * on any node (the unique index keeps the first), sent by one node at a time under a lease.
 */
export const emails = pgTable(
  'emails',
  {
    id: id('id'),
    /** The (first) event's position in the event log. */
    eventPosition: bigint('event_position', { mode: 'number' }).notNull(),
    kind: text('kind').notNull(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    /** The orders it is about, as a JSON array of ids (a confirmation names every order of a checkout). */
    orderIds: text('order_ids').notNull(),
    status: text('status', { enum: ['pending', 'sent', 'failed', 'skipped'] }).notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    /** When the next attempt is due; null once it was sent, skipped or failed for good. */
    nextAttemptAt: epochMs('next_attempt_at'),
    leaseOwner: text('lease_owner'),
    leaseUntil: epochMs('lease_until'),
    createdAt: epochMs('created_at').notNull(),
    sentAt: epochMs('sent_at'),
  },
  (t) => [uniqueIndex('emails_event_kind_idx').on(t.eventPosition, t.kind), index('emails_due_idx').on(t.status, t.nextAttemptAt)],
);

/**
 * Buyers' return requests. At most one `requested` row per order: the partial unique index
 * decides between two requests made at once. A decision is a compare-and-set on
 * status = 'requested', so two decisions made at once cannot both win.
 */
export const returnRequests = pgTable(
  'return_requests',
  {
    id: id('id'),
    orderId: integer('order_id')
      .notNull()
      .references(() => orders.orderId, { onDelete: 'cascade' }),
    buyerId: integer('buyer_id')
      .notNull()
      .references(() => users.id),
    sellerId: integer('seller_id')
      .notNull()
      .references(() => sellers.sellerId),
    status: text('status', { enum: RETURN_STATUSES }).notNull(),
    reason: text('reason', { enum: RETURN_REASONS }).notNull(),
    /** The buyer's words. */
    message: text('message'),
    createdAt: epochMs('created_at').notNull(),
    decidedAt: epochMs('decided_at'),
    /** The seller's words to the buyer on the decision. */
    buyerMessage: text('buyer_message'),
    /** Set on approval. */
    restock: boolean('restock'),
  },
  (t) => [
    uniqueIndex('return_requests_open_idx').on(t.orderId).where(sql`${t.status} = 'requested'`),
    index('return_requests_order_idx').on(t.orderId, t.id),
    index('return_requests_seller_idx').on(t.sellerId, t.status, t.id),
  ],
);

/**
 * The demo seed's record (db/seed.ts): one row, written when a seed has run to its end (and by
 * its migration into an earlier release's database that has orders). Until then a database
 * holding only demo accounts is a seed interrupted part-way, which the next start completes.
 */
export const demoSeed = pgTable('demo_seed', {
  id: integer('id').primaryKey(),
  completedAt: epochMs('completed_at').notNull(),
});
