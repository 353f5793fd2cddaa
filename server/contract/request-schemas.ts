/**
 * Request shapes as zod schemas: the server validates with them, and the web app can use the
 * same rules for its forms. Objects are strict: an unknown field is a client mistake (400).
 */
import { z } from 'zod';
import { PAYMENT_METHODS } from '../domain/model.js';
import { MAX_CENTS } from '../domain/money.js';
import { MAX_LINE_QUANTITY } from '../domain/line-quantity.js';
import { IDEMPOTENCY_KEY_PATTERN } from '../domain/idempotency.js';
import { CARRIER_CODES } from '../domain/carriers.js';
import { MAX_BUYER_MESSAGE, ORDER_STATUSES, type OrderStatus } from '../domain/order-status.js';
import { DEFAULT_SELLER_ORDER_SORT, MAX_BULK_ORDERS, SELLER_ORDER_SORTS, sellerOrderSort } from '../domain/seller-orders.js';
import { WEBHOOK_EVENT_TYPES } from '../domain/webhooks.js';
import { IMAGE_WIDTHS, isImageWidth } from '../domain/product-image.js';
import { MAX_RETURN_MESSAGE, RETURN_REASONS, RETURN_STATUSES } from '../domain/returns.js';

/**
 * Text that a store keeps or searches with: the NUL character is refused (400), as PostgreSQL
 * cannot hold it in text and no person types it. (Passwords are only ever hashed: any character.)
 */
const plainText = () => z.string().refine((v) => !v.includes('\u0000'), 'Must not contain the NUL character');

const text = (max: number) => plainText().trim().min(1, 'Required').max(max, `At most ${max} characters`);
const optionalText = (max: number) =>
  plainText()
    .trim()
    .max(max, `At most ${max} characters`)
    .nullish()
    .transform((v) => (v ? v : null));

export const MAX_ID = 2 ** 53 - 1;
/** An id in a JSON body: a whole number (a string of digits is not one). */
export const id = z.number().int('Must be a whole number').min(1, 'Must be at least 1').max(MAX_ID, `Must be at most ${MAX_ID}`);
/** An id in a form body, where every value is text: decimal digits only. */
const formId = z.string().regex(/^\d{1,15}$/, 'Must be a whole number').transform(Number).pipe(id);
export const quantity = z
  .number()
  .int('Must be a whole number')
  .min(1, 'Must be at least 1')
  .max(MAX_LINE_QUANTITY, `At most ${MAX_LINE_QUANTITY}`);
export const cents = z.number().int('Money is a whole number of cents').min(0, 'Cannot be negative').max(MAX_CENTS);

export const email = plainText()
  .trim()
  .max(254, 'At most 254 characters')
  .pipe(z.email('Not a valid email address'));

export const password = z.string().min(8, 'At least 8 characters').max(256, 'At most 256 characters');

export const registerSchema = z.strictObject({
  email,
  password,
  first_name: text(80),
  last_name: text(80),
  role: z.enum(['buyer', 'seller']),
  store_name: optionalText(120),
});

export const loginSchema = z.strictObject({
  email: plainText().max(254, 'At most 254 characters').min(1, 'Required'),
  password: z.string().min(1, 'Required').max(256, 'At most 256 characters'),
});

export const updateMeSchema = z.strictObject({
  email_notifications: z.boolean({ error: 'Must be true or false' }),
});

const optionList = z.array(text(40)).max(30, 'At most 30 options').refine((l) => new Set(l).size === l.length, 'Options must differ');
const imageUrl = plainText()
  .trim()
  .max(2048)
  .refine((u) => u.startsWith('/') ? !u.startsWith('//') : /^https:\/\/[^\s]+$/.test(u), 'Must be an https URL or a path on this site')
  .nullish()
  .transform((v) => v ?? null);

export const newProductSchema = z.strictObject({
  name: text(200),
  description: plainText().trim().max(5000).default(''),
  price: cents,
  stock: z.number().int().min(0).max(1_000_000),
  sizes: optionList.default([]),
  colors: optionList.default([]),
  image_url: imageUrl,
});

export const productPatchSchema = z
  .strictObject({
    name: text(200).optional(),
    description: plainText().trim().max(5000).optional(),
    price: cents.optional(),
    stock: z.number().int().min(0).max(1_000_000).optional(),
    sizes: optionList.optional(),
    colors: optionList.optional(),
    image_url: imageUrl.optional(),
    active: z.boolean().optional(),
  })
  .refine((p) => Object.keys(p).length > 0, 'Nothing to change');

const lineOption = plainText().trim().min(1).max(40).nullish().transform((v) => v ?? null);

export const cartItemSchema = z.strictObject({
  product_id: id,
  quantity,
  size: lineOption,
  color: lineOption,
});

export const cartQuantitySchema = z.strictObject({ quantity });

export const shippingAddressSchema = z.strictObject({
  name: text(120),
  line1: text(200),
  line2: optionalText(200),
  city: text(100),
  postal_code: text(20),
  country: text(60),
});

export const placeOrderSchema = z.strictObject({
  payment_method: z.enum(PAYMENT_METHODS),
  shipping_address: shippingAddressSchema,
  items: z.array(cartItemSchema).min(1, 'At least one item').max(100, 'At most 100 lines').optional(),
});

export const idempotencyKey = z.string().regex(IDEMPOTENCY_KEY_PATTERN, 'Idempotency-Key must be 1–255 printable characters');

/** Decimal digits only: Number() would also take '0x10', '1e1', ' 5 ' and '1.0'. */
const queryWhole = (max: number, maxMessage?: string) =>
  z
    .string()
    .regex(/^\d{1,9}$/, 'Must be a whole number')
    .transform(Number)
    .pipe(z.number().min(1, 'Must be at least 1').max(max, maxMessage));
const page = queryWhole(100_000).default(1);
const limit = queryWhole(100, 'At most 100').default(20);
const search = plainText()
  .trim()
  .max(100, 'At most 100 characters')
  .optional()
  .transform((v) => (v ? v : null));

export const productQuerySchema = z.object({ q: search, page, limit });

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * A bound of the creation window: an ISO date (a whole UTC day) or an ISO date-time with its
 * offset (that instant). `to` includes what it names: its whole day, or its instant.
 */
const windowBound = (edge: 'from' | 'to') =>
  z
    .union([z.iso.date(), z.iso.datetime({ offset: true })], { error: 'Must be an ISO date (2026-12-07) or date-time (2026-12-07T09:30:00Z)' })
    .optional()
    .transform((v) => {
      if (v === undefined) return null;
      const at = Date.parse(v);
      if (edge === 'from') return at;
      return v.length === 10 ? at + DAY_MS : at + 1;
    })
    .describe(
      edge === 'from'
        ? 'Orders created at or after this: an ISO date (from its start, UTC) or date-time'
        : 'Orders created up to this: an ISO date (through its end, UTC) or date-time (inclusive)',
    );

/** What the seller's list and its CSV export select and how they order it. */
const sellerOrderFilterFields = {
  q: search.describe("Matches the order number, the customer's name, or a product name of the order's lines"),
  // '' and 'all' both mean "every status" (a form's empty select, the All tab).
  status: z
    .enum(['', 'all', ...ORDER_STATUSES], { error: `Must be all or one of: ${ORDER_STATUSES.join(', ')}` })
    .optional()
    .transform((v) => (v === undefined || v === '' || v === 'all' ? null : v)),
  sort: z
    .enum(SELLER_ORDER_SORTS, { error: `Must be one of: ${SELLER_ORDER_SORTS.join(', ')}` })
    .default(DEFAULT_SELLER_ORDER_SORT)
    .transform(sellerOrderSort)
    .describe('created_at or total_amount, a leading - for descending (the default is -created_at); ties by order id'),
  from: windowBound('from'),
  to: windowBound('to'),
};

const windowInOrder = (q: { from: number | null; to: number | null }) => q.from === null || q.to === null || q.from < q.to;
const WINDOW_MESSAGE = { message: '`from` must be before `to`', path: ['from'] };

export const sellerOrderQuerySchema = z.object({ ...sellerOrderFilterFields, page, limit }).refine(windowInOrder, WINDOW_MESSAGE);
export const sellerOrderExportQuerySchema = z.object(sellerOrderFilterFields).refine(windowInOrder, WINDOW_MESSAGE);

const carrierCodeMessage = `Must be one of: ${CARRIER_CODES.join(', ')} (another carrier goes in \`carrier\`)`;
const calendarDate = z.iso.date('Must be a date written YYYY-MM-DD');

export const estimatedDeliverySchema = z
  .strictObject({ earliest: calendarDate, latest: calendarDate })
  .refine((w) => w.earliest <= w.latest, { message: 'earliest must not be after latest', path: ['latest'] })
  .describe('Only when shipping; without it the carrier’s default window (business days from the ship date) applies');

/**
 * What a status change may carry besides the move itself: the single change's body and the
 * bulk change's share these fields and the rules of statusChangeRules.
 */
export const statusChangeDetails = {
  carrier_code: z
    .enum(CARRIER_CODES, { error: carrierCodeMessage })
    .nullish()
    .transform((v) => v ?? null)
    .describe('A carrier of GET /api/carriers: the shipment gets its tracking link and default delivery window'),
  carrier: optionalText(80).describe('A carrier not in the list, as free text (no tracking link, no default window); not with carrier_code'),
  tracking_number: optionalText(80),
  estimated_delivery: estimatedDeliverySchema.nullish().transform((v) => v ?? null),
  note: optionalText(500).describe("Internal to the seller's side: never shown to the buyer"),
  buyer_message: optionalText(MAX_BUYER_MESSAGE).describe("Shown to the buyer on the order's timeline"),
};

/** A validated status change's move and details, whichever body they came in. */
export type StatusChangeFields = { new_status: OrderStatus } & z.output<z.ZodObject<typeof statusChangeDetails>>;

/** The rules between a status change's fields (a refinement of the body's object). */
export function statusChangeRules(body: Pick<StatusChangeFields, 'new_status' | 'carrier_code' | 'carrier' | 'estimated_delivery'>, ctx: z.RefinementCtx): void {
  if (body.carrier_code !== null && body.carrier !== null) {
    ctx.addIssue({ code: 'custom', path: ['carrier'], message: 'Give carrier_code or carrier, not both' });
  }
  if (body.estimated_delivery !== null && body.new_status !== 'shipped') {
    ctx.addIssue({ code: 'custom', path: ['estimated_delivery'], message: 'Only when shipping (new_status "shipped")' });
  }
}

const newStatus = z.enum(ORDER_STATUSES, { error: `Must be one of: ${ORDER_STATUSES.join(', ')}` });

/**
 * Steps 2 and 3 of the seller's chain: the shape, then the status enum. Both answer 400, and
 * both run before who may change the order is looked at (step 4).
 */
const updateStatusFields = z.strictObject({
  order_id: id,
  new_status: newStatus,
  expected_version: id
    .nullish()
    .transform((v) => v ?? null)
    .describe('The version the seller saw: a stale one is refused with 409 version_conflict'),
  ...statusChangeDetails,
});

export const updateStatusSchema = updateStatusFields.superRefine(statusChangeRules);

/** A form carries text only: an empty field is a field not given. */
const formOptional = <T extends z.ZodType>(schema: T) =>
  z
    .union([z.literal('').transform(() => null), schema])
    .optional()
    .transform((v) => v ?? null);

/**
 * The same change as a form: flat fields, the delivery window as `estimated_delivery[earliest]`
 * and `estimated_delivery[latest]` (both or neither); it becomes the JSON body's shape.
 */
export const updateStatusFormSchema = z
  .strictObject({
    order_id: formId,
    new_status: newStatus,
    expected_version: formOptional(formId),
    carrier_code: formOptional(z.enum(CARRIER_CODES, { error: carrierCodeMessage })),
    carrier: statusChangeDetails.carrier,
    tracking_number: statusChangeDetails.tracking_number,
    'estimated_delivery[earliest]': formOptional(calendarDate),
    'estimated_delivery[latest]': formOptional(calendarDate),
    note: statusChangeDetails.note,
    buyer_message: statusChangeDetails.buyer_message,
  })
  .transform(({ 'estimated_delivery[earliest]': earliest, 'estimated_delivery[latest]': latest, ...fields }, ctx) => {
    if ((earliest === null) !== (latest === null)) {
      ctx.addIssue({ code: 'custom', path: ['estimated_delivery'], message: 'Give both earliest and latest, or neither' });
      return z.NEVER;
    }
    return { ...fields, estimated_delivery: earliest !== null && latest !== null ? { earliest, latest } : null };
  })
  .superRefine((body, ctx) => {
    const window = body.estimated_delivery;
    if (window !== null && window.earliest > window.latest) {
      ctx.addIssue({ code: 'custom', path: ['estimated_delivery', 'latest'], message: 'earliest must not be after latest' });
    }
    statusChangeRules(body, ctx);
  });

export type UpdateStatusInput = z.output<typeof updateStatusSchema>;

/**
 * The bulk change: every field of the single JSON change (so each field it gains, bulk takes
 * too) but the order and its version, which become a list of ids and a version per id.
 */
export const bulkStatusSchema = updateStatusFields
  .omit({ order_id: true, expected_version: true })
  .extend({
    order_ids: z
      .array(id)
      .min(1, 'At least one order id')
      .max(MAX_BULK_ORDERS, `At most ${MAX_BULK_ORDERS} order ids`)
      .refine((ids) => new Set(ids).size === ids.length, 'Each order id may be given once'),
    expected_versions: z
      .record(z.string().regex(/^[1-9]\d{0,15}$/, 'Keys are order ids'), id)
      .optional()
      .describe('The version the seller saw, by order id: a stale one refuses that order with version_conflict'),
  })
  .superRefine(statusChangeRules)
  .refine((b) => Object.keys(b.expected_versions ?? {}).every((key) => b.order_ids.includes(Number(key))), {
    message: 'expected_versions names an order that is not in order_ids',
    path: ['expected_versions'],
  });

export type BulkStatusInput = z.output<typeof bulkStatusSchema>;

/** A numeric id in a path: decimal digits, no sign, no leading zero, no exponent. */
export const pathId = z
  .string()
  .regex(/^[1-9]\d{0,14}$/, 'Must be a positive whole number')
  .transform(Number);

/** The URL's shape only; where it may point (scheme in production, resolved addresses) is the service's check. */
const webhookUrl = plainText()
  .trim()
  .max(2048, 'At most 2048 characters')
  .refine((u) => URL.canParse(u) && /^https?:$/.test(new URL(u).protocol), 'Must be an http(s) URL');
const webhookEvents = z
  .array(z.enum(WEBHOOK_EVENT_TYPES, { error: `Must be one of: ${WEBHOOK_EVENT_TYPES.join(', ')}` }))
  .min(1, 'At least one event')
  .refine((l) => new Set(l).size === l.length, 'Events must differ');

export const newWebhookSchema = z.strictObject({
  url: webhookUrl,
  events: webhookEvents,
  description: optionalText(200),
});

export const webhookPatchSchema = z
  .strictObject({
    url: webhookUrl.optional(),
    events: webhookEvents.optional(),
    description: optionalText(200).optional(),
    active: z.boolean().optional(),
  })
  .refine((p) => Object.keys(p).length > 0, 'Nothing to change');

export const pageQuerySchema = z.object({ page, limit });

/** The last segment of a product picture's URL: the digest of its bytes and its type's extension. */
/** `{digest}.{ext}` (the picture as uploaded) or `{digest}-{width}.webp` (its copy at one of IMAGE_WIDTHS). */
export const productImageFileName = z
  .string()
  .regex(/^[0-9a-f]{16}(-\d{1,4})?\.(png|jpg|webp)$/, 'Not a picture of this site')
  .transform((file, ctx) => {
    const [name = '', extension = ''] = file.split('.');
    const [digest = '', widthText] = name.split('-');
    if (widthText === undefined) return { digest, extension, width: undefined };
    const width = Number(widthText);
    if (!isImageWidth(width) || extension !== 'webp') {
      ctx.addIssue({ code: 'custom', message: `Not a picture of this site: sized copies are ${IMAGE_WIDTHS.join(', ')} px WebP` });
      return z.NEVER;
    }
    return { digest, extension, width };
  });

export const returnRequestSchema = z.strictObject({
  reason: z.enum(RETURN_REASONS, { error: `Must be one of ${RETURN_REASONS.join(', ')}` }),
  message: optionalText(MAX_RETURN_MESSAGE).describe("The buyer's words to the seller; \"\" is no message"),
});

export const returnListQuerySchema = z.object({
  status: z
    .enum(RETURN_STATUSES, { error: `Must be one of ${RETURN_STATUSES.join(', ')}` })
    .optional()
    .transform((v) => v ?? null),
  page,
  limit,
});

export const approveReturnSchema = z.strictObject({
  restock: z.boolean({ error: 'Must be true or false' }).describe("Put the order's units back into stock"),
  buyer_message: optionalText(MAX_BUYER_MESSAGE).describe("Shown to the buyer on the order's timeline and with the decision"),
});

export const declineReturnSchema = z.strictObject({
  buyer_message: text(MAX_BUYER_MESSAGE).describe('Why: shown to the buyer with the decision'),
});
