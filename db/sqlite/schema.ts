/**
 * The database schema: the single source of truth for tables. Migrations in db/sqlite/migrations
 * are generated from this file by drizzle-kit (`npm run db:generate`).
 * Timestamps are integer milliseconds since the epoch; money is integer cents.
 */
import { blob, index, integer, primaryKey, real, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { sql } from 'drizzle-orm';
import { ORDER_STATUSES } from '../../server/domain/order-status.js';
import { RETURN_REASONS, RETURN_STATUSES } from '../../server/domain/returns.js';

const ROLES = ['buyer', 'seller', 'admin'] as const;

export const users = sqliteTable('users', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  firstName: text('first_name').notNull(),
  lastName: text('last_name').notNull(),
  email: text('email').notNull().unique(),
  passwordHash: text('password_hash').notNull(),
  role: text('role', { enum: ROLES }).notNull(),
  createdAt: integer('created_at').notNull(),
  /** Order e-mails wanted (PATCH /api/auth/me, the unsubscribe link). */
  emailNotifications: integer('email_notifications', { mode: 'boolean' }).notNull().default(true),
  /** Names the user in e-mails' unsubscribe links; made when the first e-mail is written. */
  emailToken: text('email_token').unique(),
});

export const sessions = sqliteTable(
  'sessions',
  {
    /** SHA-256 of the cookie token: a leaked table does not leak usable sessions. */
    id: text('id').primaryKey(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    createdAt: integer('created_at').notNull(),
    lastSeenAt: integer('last_seen_at').notNull(),
    /** Absolute expiry; the idle expiry is last_seen_at + the idle timeout. */
    expiresAt: integer('expires_at').notNull(),
  },
  (t) => [index('sessions_user_idx').on(t.userId)],
);

export const sellers = sqliteTable('sellers', {
  sellerId: integer('seller_id').primaryKey({ autoIncrement: true }),
  userId: integer('user_id')
    .notNull()
    .unique()
    .references(() => users.id, { onDelete: 'cascade' }),
  storeName: text('store_name').notNull(),
  status: text('status', { enum: ['active', 'suspended'] }).notNull().default('active'),
  rating: real('rating'),
});

export const products = sqliteTable(
  'products',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    sellerId: integer('seller_id')
      .notNull()
      .references(() => sellers.sellerId),
    name: text('name').notNull(),
    description: text('description').notNull().default(''),
    price: integer('price').notNull(),
    stock: integer('stock').notNull(),
    /** JSON arrays of strings. */
    sizes: text('sizes').notNull().default('[]'),
    colors: text('colors').notNull().default('[]'),
    imageUrl: text('image_url'),
    active: integer('active', { mode: 'boolean' }).notNull().default(true),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [index('products_seller_idx').on(t.sellerId), index('products_active_idx').on(t.active, t.id)],
);

/** Each product's uploaded picture, kept in the database so that every node serves it. */
export const productImages = sqliteTable('product_images', {
  productId: integer('product_id')
    .primaryKey()
    .references(() => products.id, { onDelete: 'cascade' }),
  contentType: text('content_type').notNull(),
  digest: text('digest').notNull(),
  bytes: blob('bytes', { mode: 'buffer' }).notNull(),
  updatedAt: integer('updated_at').notNull(),
});

/** The stored picture's sized copies (WebP, server/domain/product-image.ts IMAGE_WIDTHS), replaced with it. */
export const productImageVariants = sqliteTable(
  'product_image_variants',
  {
    productId: integer('product_id')
      .notNull()
      .references(() => productImages.productId, { onDelete: 'cascade' }),
    width: integer('width').notNull(),
    bytes: blob('bytes', { mode: 'buffer' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.productId, t.width] })],
);

export const cartItems = sqliteTable(
  'cart_items',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
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

export const orders = sqliteTable(
  'orders',
  {
    orderId: integer('order_id').primaryKey({ autoIncrement: true }),
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
    totalAmount: integer('total_amount').notNull(),
    currency: text('currency').notNull().default('USD'),
    paymentMethod: text('payment_method').notNull(),
    shipName: text('ship_name').notNull(),
    shipLine1: text('ship_line1').notNull(),
    shipLine2: text('ship_line2'),
    shipCity: text('ship_city').notNull(),
    shipPostalCode: text('ship_postal_code').notNull(),
    shipCountry: text('ship_country').notNull(),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
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

export const orderItems = sqliteTable(
  'order_items',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    orderId: integer('order_id')
      .notNull()
      .references(() => orders.orderId, { onDelete: 'cascade' }),
    productId: integer('product_id')
      .notNull()
      .references(() => products.id),
    productName: text('product_name').notNull(),
    quantity: integer('quantity').notNull(),
    unitPrice: integer('unit_price').notNull(),
    size: text('size'),
    color: text('color'),
  },
  (t) => [index('order_items_order_idx').on(t.orderId)],
);

export const shipments = sqliteTable('shipments', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  orderId: integer('order_id')
    .notNull()
    .unique()
    .references(() => orders.orderId, { onDelete: 'cascade' }),
  /** The carrier's name: one of the built-in list's (then carrier_code says which) or free text. */
  carrier: text('carrier'),
  carrierCode: text('carrier_code'),
  trackingNumber: text('tracking_number'),
  status: text('status').notNull().default('pending'),
  shippedAt: integer('shipped_at'),
  deliveredAt: integer('delivered_at'),
  /** Calendar dates (YYYY-MM-DD): the window the buyer is told, set when the order ships. */
  estimatedEarliest: text('estimated_earliest'),
  estimatedLatest: text('estimated_latest'),
});

export const orderStatusHistory = sqliteTable(
  'order_status_history',
  {
    // A rowid alias without AUTOINCREMENT: ids still only grow (rows are never deleted but
    // with their order), and a change writes no sqlite_sequence page.
    id: integer('id').primaryKey(),
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
    createdAt: integer('created_at').notNull(),
  },
  (t) => [index('order_status_history_order_idx').on(t.orderId, t.id)],
);

export const idempotencyKeys = sqliteTable(
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
    createdAt: integer('created_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.key] })],
);

/** Fixed-window counters for rate limits, shared by every node through the database. */
export const rateLimits = sqliteTable(
  'rate_limits',
  {
    bucket: text('bucket').primaryKey(),
    count: integer('count').notNull(),
    resetAt: integer('reset_at').notNull(),
  },
  // The purge deletes in batches; each batch finds its rows here instead of scanning live buckets.
  (t) => [index('rate_limits_reset_idx').on(t.resetAt)],
);


/**
 * The event log: every placed order, status change and logout, appended in the transaction of
 * its change. Positions only grow: the newest row is never pruned, so a rowid is never reused.
 */
export const events = sqliteTable('events', {
  position: integer('position').primaryKey(),
  type: text('type').notNull(),
  /** The domain event as JSON. */
  payload: text('payload').notNull(),
  createdAt: integer('created_at').notNull(),
});

/** How far each consumer of the log (webhooks, e-mail) has got. */
export const eventConsumers = sqliteTable('event_consumers', {
  consumer: text('consumer').primaryKey(),
  position: integer('position').notNull(),
  updatedAt: integer('updated_at').notNull(),
});

/**
 * A seller's webhook endpoints. `events` is a JSON array of event types. After a rotation the
 * previous secret also signs until `previous_secret_expires_at`. An endpoint the deliveries
 * disabled (410, or failing too long) has `active` false and says why in `disabled_reason`.
 */
export const webhookEndpoints = sqliteTable(
  'webhook_endpoints',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    sellerId: integer('seller_id')
      .notNull()
      .references(() => sellers.sellerId, { onDelete: 'cascade' }),
    url: text('url').notNull(),
    events: text('events').notNull(),
    description: text('description'),
    active: integer('active', { mode: 'boolean' }).notNull().default(true),
    secret: text('secret').notNull(),
    previousSecret: text('previous_secret'),
    previousSecretExpiresAt: integer('previous_secret_expires_at'),
    disabledReason: text('disabled_reason'),
    /** When the current run of failed attempts began; null while the endpoint answers. */
    failingSince: integer('failing_since'),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [index('webhook_endpoints_seller_idx').on(t.sellerId, t.id)],
);

/**
 * One event for one endpoint: made once per (endpoint, event) from the event log, then
 * attempted until it succeeds or fails for good. A node attempting it holds its lease
 * (`lease_owner` until `lease_until`), so no other node attempts it meanwhile.
 */
export const webhookDeliveries = sqliteTable(
  'webhook_deliveries',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    endpointId: integer('endpoint_id')
      .notNull()
      .references(() => webhookEndpoints.id, { onDelete: 'cascade' }),
    /** The event's position in the event log. */
    eventPosition: integer('event_position').notNull(),
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
    nextAttemptAt: integer('next_attempt_at'),
    leaseOwner: text('lease_owner'),
    leaseUntil: integer('lease_until'),
    createdAt: integer('created_at').notNull(),
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
export const emails = sqliteTable(
  'emails',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    /** The (first) event's position in the event log. */
    eventPosition: integer('event_position').notNull(),
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
    nextAttemptAt: integer('next_attempt_at'),
    leaseOwner: text('lease_owner'),
    leaseUntil: integer('lease_until'),
    createdAt: integer('created_at').notNull(),
    sentAt: integer('sent_at'),
  },
  (t) => [uniqueIndex('emails_event_kind_idx').on(t.eventPosition, t.kind), index('emails_due_idx').on(t.status, t.nextAttemptAt)],
);

/**
 * Buyers' return requests. At most one `requested` row per order: the partial unique index
 * decides between two requests made at once. A decision is a compare-and-set on
 * status = 'requested', so two decisions made at once cannot both win.
 */
export const returnRequests = sqliteTable(
  'return_requests',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
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
    createdAt: integer('created_at').notNull(),
    decidedAt: integer('decided_at'),
    /** The seller's words to the buyer on the decision. */
    buyerMessage: text('buyer_message'),
    /** Set on approval. */
    restock: integer('restock', { mode: 'boolean' }),
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
export const demoSeed = sqliteTable('demo_seed', {
  id: integer('id').primaryKey(),
  completedAt: integer('completed_at').notNull(),
});
