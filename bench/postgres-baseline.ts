/**
 * The PostgreSQL floor, measured in-process with no HTTP, no session and no domain service:
 * the store's own repository on a pg pool of the server's size, driven by as many concurrent
 * callers as the HTTP bench has connections. Its statements are the server's, so the HTTP
 * figures can be read as "what the rest of the node costs on top of pg": an order's status
 * view by id, and a 3-line placement of the same three products (planned by the pure domain
 * rule, written by the store).
 *
 *   npx tsx bench/postgres-baseline.ts        # standalone, on a throw-away database
 */
import { pathToFileURL } from 'node:url';
import { openPostgresStore } from '../db/postgres/postgres-store.js';
import { newCheckoutNumber, planOrders } from '../server/domain/order-placement.js';
import type { PlaceOrderCommand } from '../server/domain/ports.js';
import { throwAwayPostgres } from './lib/postgres-database.js';

export interface PostgresBaseline {
  statusViewOps: number;
  placeOrderOps: number;
  /** CPU time of this process per operation (user + system, µs): pg's client side of each. */
  statusViewCpuUs: number;
  placeOrderCpuUs: number;
}

/** `callers` loops running `op` until `ms` have passed: operations per second and CPU µs per operation. */
async function opsPerSecond(ms: number, callers: number, op: (i: number) => Promise<unknown>): Promise<{ ops: number; cpuUs: number }> {
  const start = performance.now();
  const cpu0 = process.cpuUsage();
  let n = 0;
  const loop = async () => {
    while (performance.now() - start < ms) await op(n++);
  };
  await Promise.all(Array.from({ length: callers }, loop));
  const elapsed = performance.now() - start;
  const cpu = process.cpuUsage(cpu0);
  return { ops: (n / elapsed) * 1000, cpuUs: (cpu.user + cpu.system) / n };
}

export async function runPostgresBaseline(url: string, msEach = 3_000, callers = 50, poolSize = 10): Promise<PostgresBaseline> {
  const store = await openPostgresStore(url, { poolSize });
  try {
    const { users, products, orders } = store.repositories;
    const now = Date.now();
    const seller = await users.create({
      email: `baseline-seller-${now}@example.test`,
      firstName: 'Base',
      lastName: 'Line',
      role: 'seller',
      passwordHash: 'not used',
      storeName: 'Baseline store',
      createdAt: now,
    });
    if (seller.sellerId === null) throw new Error('the baseline seller has no store');
    const sellerId = seller.sellerId;
    const productIds: number[] = [];
    for (let k = 1; k <= 3; k++) {
      const product = await products.create(
        sellerId,
        { name: `Baseline product ${k}`, description: 'Plenty in stock', price: 1000 + k * 250, stock: 10_000_000, sizes: [], colors: [], imageUrl: null },
        now,
      );
      productIds.push(product.id);
    }
    const buyer = await users.create({
      email: `baseline-buyer-${now}@example.test`,
      firstName: 'Bea',
      lastName: 'Buyer',
      role: 'buyer',
      passwordHash: 'not used',
      storeName: null,
      createdAt: now,
    });
    const command = (): PlaceOrderCommand => ({
      buyerId: buyer.id,
      customerName: 'Bea Buyer',
      lines: productIds.map((productId) => ({ productId, quantity: 1, size: null, color: null })),
      paymentMethod: 'card',
      shippingAddress: { name: 'Bea Buyer', line1: '1 Test Street', line2: null, city: 'Testville', postalCode: '12345', country: 'Testland' },
      idempotency: null,
      checkoutNumber: newCheckoutNumber(),
      now: Date.now(),
      plan: (lines) => planOrders(lines),
    });

    await opsPerSecond(500, callers, () => orders.place(command())); // warm-up: connections and prepared statements
    const placing = await opsPerSecond(msEach, callers, () => orders.place(command()));

    const placed = await orders.listByBuyer(buyer.id);
    const ids = placed.map((o) => o.orderId);
    await opsPerSecond(500, callers, (i) => orders.findStatusView(ids[i % ids.length]!));
    const reading = await opsPerSecond(msEach, callers, async (i) => {
      if (!(await orders.findStatusView(ids[i % ids.length]!))) throw new Error('missing order');
    });
    return { statusViewOps: reading.ops, placeOrderOps: placing.ops, statusViewCpuUs: reading.cpuUs, placeOrderCpuUs: placing.cpuUs };
  } finally {
    await store.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const database = await throwAwayPostgres(process.env.BENCH_POSTGRES_URL);
  try {
    const r = await runPostgresBaseline(database.url);
    console.log(`order status view: ${Math.round(r.statusViewOps).toLocaleString('en-US')} ops/s (${r.statusViewCpuUs.toFixed(0)} µs client CPU each)`);
    console.log(`3-line placement: ${Math.round(r.placeOrderOps).toLocaleString('en-US')} ops/s (${r.placeOrderCpuUs.toFixed(0)} µs client CPU each)`);
  } finally {
    await database.drop();
  }
}
