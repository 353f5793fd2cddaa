/**
 * A seller's webhook endpoints: register, change, remove, rotate the secret, read and retry
 * the deliveries. A seller sees only its own endpoints: another's is not found.
 */
import { sellerIdOf } from './catalog-service.js';
import { invalid, notFound } from './errors.js';
import type { Page, User } from './model.js';
import type { Clock, TargetGuard, WebhookEndpointPatch, WebhookRepository } from './ports.js';
import { newWebhookSecret, ROTATION_OVERLAP_MS, type WebhookDelivery, type WebhookEndpoint, type WebhookEventType } from './webhooks.js';

export interface NewWebhookInput {
  url: string;
  events: WebhookEventType[];
  description: string | null;
}

export class WebhookService {
  constructor(
    private readonly webhooks: WebhookRepository,
    private readonly targets: TargetGuard,
    private readonly clock: Clock = Date.now,
  ) {}

  async create(seller: User, input: NewWebhookInput): Promise<WebhookEndpoint> {
    const sellerId = sellerIdOf(seller);
    await this.checkTarget(input.url);
    return this.webhooks.create({ sellerId, ...input, secret: newWebhookSecret(), now: this.clock() });
  }

  list(seller: User): Promise<WebhookEndpoint[]> {
    return this.webhooks.listBySeller(sellerIdOf(seller));
  }

  async update(seller: User, id: number, patch: WebhookEndpointPatch): Promise<WebhookEndpoint> {
    const sellerId = sellerIdOf(seller);
    if (patch.url !== undefined) {
      // Not yours is not found, before the URL is looked at (nothing learned of others' endpoints).
      if (!(await this.webhooks.find(id, sellerId))) throw notFound('Webhook');
      await this.checkTarget(patch.url);
    }
    return (await this.webhooks.update(id, sellerId, patch, this.clock())) ?? throwNotFound();
  }

  async delete(seller: User, id: number): Promise<void> {
    if (!(await this.webhooks.delete(id, sellerIdOf(seller)))) throw notFound('Webhook');
  }

  async rotateSecret(seller: User, id: number): Promise<WebhookEndpoint> {
    const now = this.clock();
    const rotated = await this.webhooks.rotateSecret(id, sellerIdOf(seller), newWebhookSecret(), now + ROTATION_OVERLAP_MS, now);
    return rotated ?? throwNotFound();
  }

  async deliveries(seller: User, id: number, page: Page): Promise<{ deliveries: WebhookDelivery[]; total: number }> {
    return (await this.webhooks.listDeliveries(id, sellerIdOf(seller), page)) ?? throwNotFound();
  }

  async retry(seller: User, id: number, deliveryId: number): Promise<void> {
    if (!(await this.webhooks.retryDelivery(id, deliveryId, sellerIdOf(seller), this.clock()))) throw notFound('Delivery');
  }

  private async checkTarget(url: string): Promise<void> {
    const problem = await this.targets.check(url);
    if (problem) throw invalid(problem, [{ path: 'url', message: problem }]);
  }
}

function throwNotFound(): never {
  throw notFound('Webhook');
}
