/** The seller's export reads page after page by key, one page at a time, and checks who asks before the first. */
import { describe, expect, it } from 'vitest';
import { DomainError } from '../../server/domain/errors.js';
import type { SellerOrderExportRow, User } from '../../server/domain/model.js';
import { OrderService } from '../../server/domain/order-service.js';
import type { OrderRepository, SellerOrderCursor, SellerOrderFilter } from '../../server/domain/ports.js';
import { InMemoryEventBus } from '../../server/infra/in-memory-event-bus.js';

const FILTER: SellerOrderFilter = { status: null, q: null, createdFrom: null, createdBefore: null, sort: { by: 'createdAt', descending: true } };
const seller: User = { id: 7, email: 's@example.test', firstName: 'Sam', lastName: 'S', role: 'seller', sellerId: 3, storeName: 'S', createdAt: 0 };
const buyer: User = { ...seller, id: 8, role: 'buyer', sellerId: null, storeName: null };

const row = (orderId: number): SellerOrderExportRow => ({
  orderId,
  orderNumber: `OP-${orderId}`,
  buyerId: 8,
  sellerId: 3,
  status: 'pending',
  version: 1,
  totalAmount: 100 * orderId,
  createdAt: 1000 - orderId,
  updatedAt: 1000 - orderId,
  customerName: 'Bea',
  itemCount: 1,
  carrier: null,
  trackingNumber: null,
});

/** A repository of `count` orders that records each export call. */
function repository(count: number) {
  const calls: { sellerId: number; after: SellerOrderCursor | null; limit: number }[] = [];
  const unused = () => Promise.reject(new Error('not used here'));
  const orders: OrderRepository = {
    place: unused,
    findHead: unused,
    findStatusView: unused,
    findStatusViewToShow: unused,
    findDetailByNumber: unused,
    findCheckout: unused,
    listByBuyer: unused,
    listBySeller: unused,
    changeStatus: unused,
    async exportBySeller(sellerId, _filter, after, limit) {
      calls.push({ sellerId, after, limit });
      const start = after ? after.orderId : 0;
      return Array.from({ length: Math.max(0, Math.min(limit, count - start)) }, (_, i) => row(start + i + 1));
    },
  };
  return { orders, calls };
}

async function collect(pages: AsyncIterable<SellerOrderExportRow[]>) {
  const seen: number[][] = [];
  for await (const page of pages) seen.push(page.map((r) => r.orderId));
  return seen;
}

describe('OrderService.exportSellerOrders', () => {
  it('reads page after page, each after the last row of the one before, until a short page', async () => {
    const { orders, calls } = repository(5);
    const pages = await collect(new OrderService(orders, new InMemoryEventBus()).exportSellerOrders(seller, FILTER, 2));
    expect(pages).toEqual([[1, 2], [3, 4], [5]]);
    expect(calls.map((c) => [c.sellerId, c.after?.orderId ?? null, c.limit])).toEqual([[3, null, 2], [3, 2, 2], [3, 4, 2]]);
  });

  it('stops after an empty page when the last one was full, and yields no empty page', async () => {
    const { orders, calls } = repository(4);
    expect(await collect(new OrderService(orders, new InMemoryEventBus()).exportSellerOrders(seller, FILTER, 2))).toEqual([[1, 2], [3, 4]]);
    expect(calls).toHaveLength(3);
    expect(await collect(new OrderService(repository(0).orders, new InMemoryEventBus()).exportSellerOrders(seller, FILTER, 2))).toEqual([]);
  });

  it('refuses a buyer at once, before any page is read', () => {
    const { orders, calls } = repository(5);
    expect(() => new OrderService(orders, new InMemoryEventBus()).exportSellerOrders(buyer, FILTER)).toThrow(DomainError);
    expect(calls).toEqual([]);
  });
});
