/** Builds the services on a store's repositories. Shared by the server, the seed CLI and tests. */
import type { Config } from './config.js';
import type { Repositories } from '../db/store.js';
import { AccountService } from './domain/account-service.js';
import { CartService } from './domain/cart-service.js';
import { CatalogService } from './domain/catalog-service.js';
import { OrderService } from './domain/order-service.js';
import type { EventBus, PasswordHasher } from './domain/ports.js';
import type { OrderHead } from './domain/model.js';
import { RecentCache } from './domain/recent-cache.js';
import { SessionCache } from './domain/session-cache.js';
import { Argon2PasswordHasher } from './infra/argon2-password-hasher.js';

export interface Services {
  accounts: AccountService;
  catalog: CatalogService;
  carts: CartService;
  orders: OrderService;
}

export function createServices(
  repositories: Repositories,
  config: Pick<Config, 'session' | 'rateLimitLogin' | 'rateLimitLoginAddress' | 'rateLimitRegister' | 'sessionSecret' | 'readCacheMs'>,
  bus: EventBus,
  hasher: PasswordHasher = new Argon2PasswordHasher(),
): Services {
  // The caches are coherent through the bus: trusted only while it can bring other nodes' changes here.
  const coherent = () => bus.health() !== 'down';
  const cacheSettings = { ttlMs: config.readCacheMs, maxEntries: 50_000 };
  const accounts = new AccountService(
    repositories.users,
    repositories.sessions,
    repositories.rateLimits,
    hasher,
    { ...config.session, rateLimitLogin: config.rateLimitLogin, rateLimitLoginAddress: config.rateLimitLoginAddress, rateLimitRegister: config.rateLimitRegister, secret: config.sessionSecret },
    Date.now,
    new SessionCache(cacheSettings, coherent),
  );
  const orders = new OrderService(repositories.orders, bus, Date.now, undefined, new RecentCache<number, OrderHead>(cacheSettings, coherent));
  bus.subscribe((event) => {
    if (event.type === 'session:ended') accounts.forgetSession(event.sessionId);
    else if (event.type === 'order:status') orders.forgetHead(event.order.orderId, event.order.version);
  });
  // Changes made while the bus was down never reached this node's caches.
  bus.onRecovered(() => {
    accounts.forgetAllSessions();
    orders.forgetAllHeads();
  });
  return {
    accounts,
    catalog: new CatalogService(repositories.products),
    carts: new CartService(repositories.carts, repositories.products),
    orders,
  };
}
