/**
 * Demo data: three stores, a catalog with sizes, colours and pictures, two buyers, and
 * orders in every status with a believable timeline. Goes through the domain services, so
 * demo orders obey the same rules as real ones; but the seed is the operator's own action,
 * not a client's, so its accounts are made without the per-address registration limit.
 *
 * Every step is keyed by what it makes (an account by its email, a product by its seller and
 * name, an order by its buyer's idempotency key) and done only when missing, so a seed
 * interrupted part-way (a crash, a kill, any error) is completed by the next one. A database
 * is seeded only while every account in it is a demo account with the demo password — nobody's
 * own data — and the record of a finished seed (Store.demoSeed) ends that for good.
 */
import type { AccountService } from '../server/domain/account-service.js';
import type { User } from '../server/domain/model.js';
import { OrderService } from '../server/domain/order-service.js';
import type { OrderStatus } from '../server/domain/order-status.js';
import type { EventBus, NewProduct } from '../server/domain/ports.js';
import type { CatalogService } from '../server/domain/catalog-service.js';
import type { Store } from './store.js';

export const DEMO_PASSWORD = 'orderpulse-demo';

export const DEMO_ACCOUNTS = [
  { email: 'alice@demo.orderpulse.test', role: 'buyer', firstName: 'Alice', lastName: 'Martin', storeName: null },
  { email: 'bob@demo.orderpulse.test', role: 'buyer', firstName: 'Bob', lastName: 'Nguyen', storeName: null },
  { email: 'urban@demo.orderpulse.test', role: 'seller', firstName: 'Uma', lastName: 'Reyes', storeName: 'Urban Threads' },
  { email: 'gadgets@demo.orderpulse.test', role: 'seller', firstName: 'Gus', lastName: 'Adeyemi', storeName: 'Gadget Garage' },
  { email: 'home@demo.orderpulse.test', role: 'seller', firstName: 'Hana', lastName: 'Olsen', storeName: 'Home & Hearth' },
] as const;

export type DemoAccount = (typeof DEMO_ACCOUNTS)[number];

const DEMO_EMAILS: readonly string[] = DEMO_ACCOUNTS.map((a) => a.email);

const slug = (name: string) => name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');

function product(name: string, price: number, stock: number, description: string, sizes: string[] = [], colors: string[] = []): NewProduct {
  return { name, description, price, stock, sizes, colors, imageUrl: `/images/products/${slug(name)}.svg` };
}

const CLOTHES = ['XS', 'S', 'M', 'L', 'XL'];

const CATALOG: Record<string, NewProduct[]> = {
  'Urban Threads': [
    product('Organic Cotton Tee', 2400, 120, 'Soft, breathable everyday tee in organic cotton.', CLOTHES, ['White', 'Black', 'Sage']),
    product('Relaxed Denim Jacket', 8900, 35, 'Washed denim with a relaxed cut and brass buttons.', CLOTHES, ['Indigo', 'Stone']),
    product('Merino Crew Sweater', 7400, 40, 'Fine merino wool that keeps warm without bulk.', CLOTHES, ['Navy', 'Oat', 'Forest']),
    product('Canvas High-Tops', 6500, 50, 'Classic canvas sneakers with a cushioned insole.', ['38', '39', '40', '41', '42', '43', '44'], ['Black', 'Off-white']),
    product('Linen Button-Down', 5600, 45, 'Airy linen shirt for warm days.', CLOTHES, ['Sky', 'White', 'Sand']),
    product('Wool Beanie', 1800, 200, 'Rib-knit beanie in soft wool.', [], ['Charcoal', 'Mustard', 'Rust']),
    product('Everyday Tote Bag', 2900, 80, 'Heavy canvas tote with an inside pocket.', [], ['Natural', 'Black']),
    product('Quilted Vest', 6900, 25, 'Lightweight quilted vest for layering.', CLOTHES, ['Olive', 'Black']),
    product('Chino Trousers', 5900, 60, 'Tapered chinos in stretch twill.', ['28', '30', '32', '34', '36'], ['Khaki', 'Navy']),
  ],
  'Gadget Garage': [
    product('Wireless Earbuds', 7900, 70, 'True wireless earbuds with 24 h battery case.', [], ['Black', 'White']),
    product('Mechanical Keyboard', 11900, 30, 'Hot-swappable 75% keyboard with tactile switches.', [], ['Graphite', 'Lunar']),
    product('USB-C Charger 65W', 3900, 150, 'Compact GaN charger for laptop and phone.'),
    product('Smart Desk Lamp', 4900, 55, 'Dimmable lamp with colour temperature control.', [], ['Black', 'Silver']),
    product('Portable SSD 1TB', 9900, 40, 'Pocket-sized SSD with 1,000 MB/s transfers.'),
    product('Bluetooth Speaker', 5900, 65, 'Water-resistant speaker with rich bass.', [], ['Blue', 'Red', 'Black']),
    product('Fitness Band', 4500, 90, 'Tracks steps, sleep and heart rate for a week per charge.', ['S', 'M', 'L'], ['Black', 'Coral']),
    product('Phone Stand', 1500, 300, 'Adjustable aluminium stand for phones and tablets.'),
  ],
  'Home & Hearth': [
    product('Ceramic Mug Set', 3200, 100, 'Four stoneware mugs, glazed by hand.', [], ['Speckled', 'Midnight']),
    product('Linen Throw Blanket', 6400, 30, 'Stonewashed linen throw for sofa or bed.', [], ['Oat', 'Terracotta', 'Slate']),
    product('Scented Soy Candle', 2200, 140, 'Hand-poured soy candle, 45 hours of burn time.', ['Small', 'Large'], ['Fig', 'Cedar', 'Citrus']),
    product('Cast Iron Skillet', 4200, 45, 'Pre-seasoned 26 cm skillet that lasts generations.'),
    product('Bamboo Cutting Board', 2600, 75, 'Sturdy bamboo board with juice groove.', ['Medium', 'Large']),
    product('Wool Area Rug', 18900, 12, 'Hand-tufted wool rug, 160 × 230 cm.', [], ['Cream', 'Charcoal']),
    product('Glass Storage Jars', 2800, 90, 'Set of three airtight jars for the pantry.'),
    product('Houseplant Pot', 1900, 120, 'Matte ceramic pot with drainage saucer.', ['S', 'M', 'L'], ['White', 'Sand', 'Sage']),
  ],
};

const ADDRESS = { name: 'Alice Martin', line1: '12 Rue des Lilas', line2: null, city: 'Lyon', postalCode: '69003', country: 'France' };

/** The path each demo order takes from pending to the status it should end in. */
const PATHS: Record<OrderStatus, OrderStatus[]> = {
  pending: [],
  confirmed: ['confirmed'],
  processing: ['confirmed', 'processing'],
  shipped: ['confirmed', 'processing', 'shipped'],
  delivered: ['confirmed', 'processing', 'shipped', 'delivered'],
  cancelled: ['cancelled'],
  returned: ['confirmed', 'processing', 'shipped', 'delivered', 'returned'],
};

export interface SeedServices {
  accounts: AccountService;
  catalog: CatalogService;
}

/** What a start found and did; `logins` are the demo accounts that exist with the demo password. */
export type DemoSeedOutcome = {
  /**
   * seeded: into an empty database; completed: what an interrupted seed had left; seeded-before:
   * nothing to do; left-alone: the database holds someone's own accounts.
   */
  kind: 'seeded' | 'completed' | 'seeded-before' | 'left-alone';
  logins: DemoAccount[];
};

/** Seeds the demo data, or completes an interrupted seed, unless the database holds anyone else's data. */
export async function ensureDemoData(store: Pick<Store, 'repositories' | 'demoSeed'>, services: SeedServices, bus: EventBus): Promise<DemoSeedOutcome> {
  const done = (await store.demoSeed.completedAt()) !== null;
  const othersAccounts = !done && (await store.demoSeed.hasAccountsBeyond(DEMO_EMAILS));
  const found = await findDemoAccounts(services.accounts);
  if (done) return { kind: 'seeded-before', logins: realDemoLogins(found) };
  // A demo address registered by someone (another password, role or store) is theirs too.
  if (othersAccounts || [...found.values()].some((f) => !f.real)) return { kind: 'left-alone', logins: realDemoLogins(found) };
  await seedDemoData(store, services, bus, new Map([...found].map(([email, f]) => [email, f.user])));
  await store.demoSeed.markCompleted(Date.now());
  return { kind: found.size > 0 ? 'completed' : 'seeded', logins: [...DEMO_ACCOUNTS] };
}

type FoundAccount = { user: User; real: boolean };

/** The demo addresses that have an account, and whether it is the demo one (role, store and password). */
async function findDemoAccounts(accounts: AccountService): Promise<Map<string, FoundAccount>> {
  // Side by side: each check is a password hash verification, run on libuv's thread pool, and
  // this runs on every start with DEMO_DATA on.
  const checked = await Promise.all(DEMO_ACCOUNTS.map((account) => accounts.checkPassword(account.email, DEMO_PASSWORD)));
  const found = new Map<string, FoundAccount>();
  for (const [i, account] of DEMO_ACCOUNTS.entries()) {
    const check = checked[i];
    if (!check) continue;
    const { user, matches } = check;
    found.set(account.email, { user, real: matches && user.role === account.role && user.storeName === account.storeName });
  }
  return found;
}

function realDemoLogins(found: Map<string, FoundAccount>): DemoAccount[] {
  return DEMO_ACCOUNTS.filter((a) => found.get(a.email)?.real === true);
}

/** Makes whatever of the demo data is missing; `existing` are the demo accounts already there. */
async function seedDemoData(store: Pick<Store, 'repositories'>, services: SeedServices, bus: EventBus, existing: Map<string, User>): Promise<void> {
  const people = new Map<string, User>();
  for (const account of DEMO_ACCOUNTS) {
    people.set(account.email, existing.get(account.email) ?? (await services.accounts.createAccount({ ...account, password: DEMO_PASSWORD })));
  }
  const productIds = new Map<string, number[]>();
  for (const seller of people.values()) {
    if (!seller.storeName) continue;
    const own = new Map((await services.catalog.listOwn(seller)).map((p) => [p.name, p.id]));
    const ids: number[] = [];
    for (const item of CATALOG[seller.storeName] ?? []) ids.push(own.get(item.name) ?? (await services.catalog.create(seller, item)).id);
    productIds.set(seller.storeName, ids);
  }

  // Orders are placed over the last few days, each step a few hours after the one before. A
  // completing seed starts its clock later, so an order's remaining steps still come after its
  // earlier ones.
  let clock = Date.now() - 6 * 24 * 3_600_000;
  const orders = new OrderService(store.repositories.orders, bus, () => clock);
  const buyers = [...people.values()].filter((u) => u.role === 'buyer');
  const sellers = [...people.values()].filter((u) => u.role === 'seller');
  const plan: OrderStatus[] = ['delivered', 'returned', 'cancelled', 'shipped', 'delivered', 'processing', 'shipped', 'confirmed', 'processing', 'pending', 'confirmed', 'pending', 'pending'];
  for (const [n, target] of plan.entries()) {
    const buyer = buyers[n % buyers.length];
    const seller = sellers[n % sellers.length];
    const ids = seller?.storeName ? productIds.get(seller.storeName) : undefined;
    if (!buyer || !seller || !ids) continue;
    const lines = [ids[n % ids.length], ids[(n + 3) % ids.length]].filter((id): id is number => id !== undefined);
    const items = [];
    for (const [i, productId] of lines.entries()) {
      const p = await services.catalog.get(productId, null);
      items.push({ productId, quantity: 1 + ((n + i) % 2), size: p.sizes[n % Math.max(1, p.sizes.length)] ?? null, color: p.colors[i % Math.max(1, p.colors.length)] ?? null });
    }
    const address = { ...ADDRESS, name: `${buyer.firstName} ${buyer.lastName}` };
    // The key makes a second seed get the order placed before instead of placing another.
    const key = `demo-seed-order-${n}`;
    const placed = await orders.place(buyer, { paymentMethod: n % 3 === 0 ? 'paypal' : 'card', shippingAddress: address, items, idempotency: { key, requestHash: key } });
    const orderId = placed.orders[0]?.orderId;
    if (orderId === undefined) continue;
    const path = PATHS[target];
    const { status: reached } = await orders.head(seller, orderId);
    // How many of its steps the order has taken; null when it is off the demo path (not the seed's to move).
    const taken = reached === 'pending' ? 0 : path.includes(reached) ? path.indexOf(reached) + 1 : null;
    for (const [step, status] of path.entries()) {
      clock += (1 + (n % 3)) * 3_600_000;
      if (taken === null || step < taken) continue;
      if (status === 'cancelled') {
        await orders.cancelByBuyer(buyer, orderId);
        continue;
      }
      await orders.updateBySeller(seller, {
        orderId,
        newStatus: status,
        expectedVersion: null,
        // Two carriers of the built-in list (tracking link, default window) and one outside it.
        carrierCode: status === 'shipped' && n % 3 !== 2 ? (n % 3 === 0 ? 'ups' : 'dhl_express') : null,
        carrier: status === 'shipped' && n % 3 === 2 ? 'Local Courier Co.' : null,
        trackingNumber: status === 'shipped' ? `1Z${String(100000 + n * 7919).padStart(8, '0')}` : null,
        estimatedDelivery: null,
        note: null,
        buyerMessage: status === 'shipped' ? 'Your parcel is on its way. Thank you for your order!' : null,
      });
    }
    clock += 3 * 3_600_000;
  }
}

/** The start-up lines naming the demo logins given (those that exist: see DemoSeedOutcome). */
export function demoLoginsText(accounts: readonly DemoAccount[]): string {
  const rows = accounts.map((a) => `  ${a.role.padEnd(6)} ${a.email}${a.storeName ? ` (${a.storeName})` : ''}`);
  return `demo logins (password "${DEMO_PASSWORD}"):\n${rows.join('\n')}`;
}
