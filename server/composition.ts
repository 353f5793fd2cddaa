/** Builds the services on a store's repositories. Shared by the server, the seed CLI and tests. */
import type { Config } from './config.js';
import type { Repositories } from '../db/store.js';
import { AccountService } from './domain/account-service.js';
import { CartService } from './domain/cart-service.js';
import { CatalogService } from './domain/catalog-service.js';
import { SharpImageResizer } from './infra/sharp-image-resizer.js';
import { OrderService } from './domain/order-service.js';
import { WebhookService } from './domain/webhook-service.js';
import { ReturnService } from './domain/returns.js';
import type { Clock, EventBus, PasswordHasher } from './domain/ports.js';
import { Argon2PasswordHasher } from './infra/argon2-password-hasher.js';
import { withReadCaches } from './infra/read-caches.js';
import { DnsTargetGuard } from './outbound/webhook-targets.js';

export interface Services {
  accounts: AccountService;
  catalog: CatalogService;
  carts: CartService;
  orders: OrderService;
  returns: ReturnService;
  webhooks: WebhookService;
}

export function createServices(
  store: Repositories,
  config: Pick<
    Config,
    'session' | 'rateLimitLogin' | 'rateLimitLoginAddress' | 'rateLimitRegister' | 'sessionSecret' | 'readCacheMs' | 'production' | 'webhooks'
  >,
  bus: EventBus,
  hasher: PasswordHasher = new Argon2PasswordHasher(),
  clock: Clock = Date.now,
): Services {
  const repositories = withReadCaches(store, bus, config.readCacheMs);
  const { rateLimitLogin, rateLimitLoginAddress, rateLimitRegister, sessionSecret } = config;
  const accounts = new AccountService(repositories.users, repositories.sessions, repositories.rateLimits, hasher, {
    ...config.session,
    rateLimitLogin,
    rateLimitLoginAddress,
    rateLimitRegister,
    secret: sessionSecret,
  }, Date.now, bus);
  const orders = new OrderService(repositories.orders, bus, clock);
  return {
    accounts,
    catalog: new CatalogService(repositories.products, new SharpImageResizer()),
    carts: new CartService(repositories.carts, repositories.products),
    orders,
    returns: new ReturnService(repositories.returns, repositories.orders, orders, bus, clock),
    webhooks: new WebhookService(
      repositories.webhooks,
      new DnsTargetGuard({ allowPrivate: config.webhooks.allowPrivate, httpsOnly: config.production }),
    ),
  };
}
