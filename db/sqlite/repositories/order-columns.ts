/** Columns that several order reads select, spelled once. */
import { sql } from 'drizzle-orm';
import { orders, users } from '../schema.js';

/** An order's head (OrderHead). */
export const headColumns = {
  orderId: orders.orderId,
  orderNumber: orders.orderNumber,
  buyerId: orders.userId,
  sellerId: orders.sellerId,
  status: orders.orderStatus,
  version: orders.version,
  totalAmount: orders.totalAmount,
  createdAt: orders.createdAt,
  updatedAt: orders.updatedAt,
};

/** The buyer's name as the seller sees it (users joined as the buyer). */
export const customerName = sql<string>`trim(${users.firstName} || ' ' || ${users.lastName})`;
