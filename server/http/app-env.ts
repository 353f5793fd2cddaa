import type { Logger } from 'pino';
import type { Config } from '../config.js';
import type { AccountService } from '../domain/account-service.js';
import type { CartService } from '../domain/cart-service.js';
import type { CatalogService } from '../domain/catalog-service.js';
import type { User } from '../domain/model.js';
import type { OrderService } from '../domain/order-service.js';
import type { EventBus } from '../domain/ports.js';
import type { ReturnService } from '../domain/returns.js';
import type { WebhookService } from '../domain/webhook-service.js';
import type { Metrics } from '../infra/metrics.js';

/** Everything the HTTP layer needs, handed in by the composition root. */
export interface HttpDeps {
  config: Config;
  logger: Logger;
  accounts: AccountService;
  catalog: CatalogService;
  carts: CartService;
  orders: OrderService;
  returns: ReturnService;
  webhooks: WebhookService;
  bus: EventBus;
  metrics: Metrics;
  /** Whether the database answers a trivial query. */
  dbHealthy: () => Promise<boolean>;
  /** False before start-up completes and once shutdown begins. */
  isReady: () => boolean;
}

export interface AppEnv {
  Variables: {
    user: User | null;
    sessionId: string | null;
  };
}

/** Routes behind requireSession: the signed-in user is there. */
export interface SignedInEnv {
  Variables: AppEnv['Variables'] & { viewer: User };
}
