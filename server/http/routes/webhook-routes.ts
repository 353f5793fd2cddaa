import { presentDelivery, presentWebhook } from '../../contract/presenters.js';
import type { HttpDeps } from '../app-env.js';
import * as declared from '../declarations/webhooks.js';
import { createRouter } from '../router.js';

export function webhookRoutes({ webhooks }: HttpDeps) {
  return createRouter()
    .openapi(declared.createWebhook, async (c) => {
      const created = await webhooks.create(c.get('viewer'), c.req.valid('json'));
      return c.json({ webhook: presentWebhook(created, { withSecret: true }) }, 201);
    })
    .openapi(declared.listWebhooks, async (c) => {
      const list = await webhooks.list(c.get('viewer'));
      return c.json({ webhooks: list.map((w) => presentWebhook(w)) }, 200);
    })
    .openapi(declared.updateWebhook, async (c) => {
      const updated = await webhooks.update(c.get('viewer'), c.req.valid('param').id, c.req.valid('json'));
      return c.json({ webhook: presentWebhook(updated) }, 200);
    })
    .openapi(declared.deleteWebhook, async (c) => {
      await webhooks.delete(c.get('viewer'), c.req.valid('param').id);
      return c.body(null, 204);
    })
    .openapi(declared.rotateWebhookSecret, async (c) => {
      const rotated = await webhooks.rotateSecret(c.get('viewer'), c.req.valid('param').id);
      return c.json({ webhook: presentWebhook(rotated, { withSecret: true }) }, 200);
    })
    .openapi(declared.listWebhookDeliveries, async (c) => {
      const { deliveries, total } = await webhooks.deliveries(c.get('viewer'), c.req.valid('param').id, c.req.valid('query'));
      return c.json({ deliveries: deliveries.map(presentDelivery), total }, 200);
    })
    .openapi(declared.retryWebhookDelivery, async (c) => {
      const { id, delivery_id } = c.req.valid('param');
      await webhooks.retry(c.get('viewer'), id, delivery_id);
      return c.body(null, 202);
    });
}
