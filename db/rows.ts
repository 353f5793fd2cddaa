/**
 * What both stores' repositories share: how a product row and a shipment row become domain
 * records, what a status change writes to its shipment, how a stored product picture is read
 * back, and how a search term becomes a LIKE pattern. Plain TypeScript, no driver.
 */
import type { Product, Shipment } from '../server/domain/model.js';
import type { OrderStatus, ShipmentStatus } from '../server/domain/order-status.js';
import type { StatusChange } from '../server/domain/ports.js';
import { imageTypeOf, type ProductImage } from '../server/domain/product-image.js';
import type { ReturnCounts, ReturnRequest, ReturnStatus, SellerReturnRow } from '../server/domain/returns.js';

/** A shipment's columns as both stores select them. */
export interface ShipmentRow extends Omit<Shipment, 'estimatedDelivery'> {
  estimatedEarliest: string | null;
  estimatedLatest: string | null;
}

/** The record of a shipment row: its delivery window only when both of its ends are there. */
export function toShipment({ estimatedEarliest, estimatedLatest, ...rest }: ShipmentRow): Shipment {
  return {
    ...rest,
    estimatedDelivery: estimatedEarliest !== null && estimatedLatest !== null ? { earliest: estimatedEarliest, latest: estimatedLatest } : null,
  };
}

/** What a status change writes to its order's shipment; a null field leaves the column as it is. */
export interface ShipmentUpdate {
  orderId: number;
  status: ShipmentStatus | null;
  carrier: string | null;
  carrierCode: string | null;
  trackingNumber: string | null;
  shippedAt: number | null;
  deliveredAt: number | null;
  earliest: string | null;
  latest: string | null;
}

/**
 * The history row a change writes, in the column order both stores' inserts take: order_id,
 * from_status, to_status, actor_user_id, actor_role, note, buyer_message, created_at.
 */
export function historyRowOf(change: StatusChange) {
  return [change.orderId, change.fromStatus, change.toStatus, change.actorUserId, change.actorRole, change.note, change.buyerMessage, change.now] as const;
}

/** The shipment's part of a change, or null when the change leaves the shipment alone. */
export function shipmentUpdateOf(change: StatusChange): ShipmentUpdate | null {
  if (change.shipment === null && change.shipmentStatus === null && change.estimatedDelivery === null) return null;
  return {
    orderId: change.orderId,
    status: change.shipmentStatus,
    carrier: change.shipment?.carrier ?? null,
    carrierCode: change.shipment?.carrierCode ?? null,
    trackingNumber: change.shipment?.trackingNumber ?? null,
    shippedAt: change.toStatus === 'shipped' ? change.now : null,
    deliveredAt: change.toStatus === 'delivered' ? change.now : null,
    earliest: change.estimatedDelivery?.earliest ?? null,
    latest: change.estimatedDelivery?.latest ?? null,
  };
}

/** A product row as both stores select it (sizes and colours as JSON text). */
export interface ProductRow {
  id: number;
  sellerId: number;
  storeName: string;
  name: string;
  description: string;
  price: number;
  stock: number;
  sizes: string;
  colors: string;
  imageUrl: string | null;
  active: boolean;
  createdAt: number;
  updatedAt: number;
}

export function toProduct(row: ProductRow): Product {
  return {
    id: row.id,
    sellerId: row.sellerId,
    storeName: row.storeName,
    name: row.name,
    description: row.description,
    price: row.price,
    stock: row.stock,
    sizes: parseList(row.sizes),
    colors: parseList(row.colors),
    imageUrl: row.imageUrl,
    active: row.active,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

function parseList(json: string): string[] {
  const value: unknown = JSON.parse(json);
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

/** A search term as a LIKE pattern matching it anywhere, its own `%`, `_` and `\` taken literally (ESCAPE '\'). */
export function likePattern(q: string): string {
  return `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** A stored picture as both stores read it back; its type is the one its bytes say. */
export function storedImage(row: { digest: string; bytes: Uint8Array }): ProductImage {
  const contentType = imageTypeOf(row.bytes);
  if (!contentType) throw new Error('a stored product image is not a PNG, JPEG or WebP');
  return { contentType, digest: row.digest, bytes: row.bytes };
}

/** A JSON array of ids as a column keeps it (an e-mail's orders); anything else in it is dropped. */
export function parseIdList(json: string): number[] {
  const value: unknown = JSON.parse(json);
  return Array.isArray(value) ? value.filter((n): n is number => typeof n === 'number') : [];
}

/** A return request's columns as both stores select them (`restock` is 0/1 in SQLite). */
export interface ReturnRow extends Omit<ReturnRequest, 'restock'> {
  restock: boolean | number | null;
}

export function toReturnRequest({ restock, ...rest }: ReturnRow): ReturnRequest {
  return { ...rest, restock: restock === null ? null : Boolean(restock) };
}

/** The return request columns, aliased to ReturnRow's fields: `r` is return_requests, `o` its order. */
/** The tables RETURN_SQL's columns come from (`r` the request, `o` its order), for both stores. */
export const RETURN_FROM = `FROM return_requests r JOIN orders o ON o.order_id = r.order_id`;

export const RETURN_SQL = `r.id AS "id", r.order_id AS "orderId", o.order_number AS "orderNumber", r.buyer_id AS "buyerId",
       r.seller_id AS "sellerId", r.status AS "status", r.reason AS "reason", r.message AS "message", r.created_at AS "createdAt",
       r.decided_at AS "decidedAt", r.buyer_message AS "buyerMessage", r.restock AS "restock"`;

/** The seller's list's extra columns (`u` is the buyer). */
export const SELLER_RETURN_SQL = `trim(u.first_name || ' ' || u.last_name) AS "customerName", o.total_amount AS "totalAmount", o.order_status AS "orderStatus"`;

/** Counts per status, every status present. */
export function returnCounts(rows: { status: ReturnStatus; n: number }[]): ReturnCounts {
  const counts: ReturnCounts = { requested: 0, approved: 0, declined: 0 };
  for (const { status, n } of rows) counts[status] = Number(n);
  return counts;
}

/** A row of the seller's list as both stores select it (RETURN_SQL and SELLER_RETURN_SQL). */
export interface SellerReturnRowColumns extends ReturnRow {
  customerName: string;
  totalAmount: number;
  orderStatus: OrderStatus;
}

/** The seller's page of requests, its total (of the status asked for, or all) and the counts. */
export function sellerReturnPage(rows: SellerReturnRowColumns[], counts: ReturnCounts, status: ReturnStatus | null) {
  const total = status === null ? counts.requested + counts.approved + counts.declined : counts[status];
  const requests: SellerReturnRow[] = rows.map(({ customerName, totalAmount, orderStatus, ...row }) => ({
    ...toReturnRequest(row),
    customerName,
    totalAmount: Number(totalAmount),
    orderStatus,
  }));
  return { requests, total, counts };
}
