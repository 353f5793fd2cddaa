/** A seller's webhook endpoints and their delivery log. */
import { z } from 'zod';
import { WebhookBody, WebhookDeliveryBody } from '../../contract/api.js';
import { newWebhookSchema, pageQuerySchema, pathId, webhookPatchSchema } from '../../contract/request-schemas.js';
import { declareRoute, errors, jsonBody, jsonContent, signedIn } from './shared.js';

const tags = ['Webhooks'];
const webhook = z.strictObject({ webhook: WebhookBody });
const webhookId = z.object({ id: pathId });
const notYours = { 404: "not_found: no such webhook, or another seller's" } as const;
const refusedUrl = {
  400: 'invalid_input: the body does not fit, or the URL is refused (not https in production; resolves to a loopback, private, link-local or unspecified address)',
} as const;

export const createWebhook = declareRoute({
  method: 'post',
  path: '/api/seller/webhooks',
  tags,
  summary: 'Register a webhook endpoint',
  description: 'The answer carries the signing secret; it is shown again only by rotating it.',
  ...signedIn,
  request: { body: jsonBody(newWebhookSchema) },
  responses: { 201: jsonContent(webhook, 'Registered, with its secret'), ...errors([401], refusedUrl) },
});

export const listWebhooks = declareRoute({
  method: 'get',
  path: '/api/seller/webhooks',
  tags,
  summary: "The seller's webhook endpoints (without their secrets)",
  ...signedIn,
  responses: { 200: jsonContent(z.strictObject({ webhooks: z.array(WebhookBody) }), 'Every endpoint of this seller, oldest first'), ...errors([401, 403]) },
});

export const updateWebhook = declareRoute({
  method: 'patch',
  path: '/api/seller/webhooks/{id}',
  tags,
  summary: 'Change a webhook endpoint',
  description: 'Any subset of the fields. `active: true` turns on an endpoint the deliveries disabled, and clears why.',
  ...signedIn,
  request: { params: webhookId, body: jsonBody(webhookPatchSchema) },
  responses: { 200: jsonContent(webhook, 'The endpoint as changed'), ...errors([401, 404], { ...refusedUrl, ...notYours }) },
});

export const deleteWebhook = declareRoute({
  method: 'delete',
  path: '/api/seller/webhooks/{id}',
  tags,
  summary: 'Remove a webhook endpoint and its delivery log',
  ...signedIn,
  request: { params: webhookId },
  responses: { 204: { description: 'Removed' }, ...errors([400, 401, 403, 404], notYours) },
});

export const rotateWebhookSecret = declareRoute({
  method: 'post',
  path: '/api/seller/webhooks/{id}/rotate-secret',
  tags,
  summary: 'Replace the signing secret',
  description: 'The answer carries the new secret. For 24 hours deliveries carry a signature by the old secret too.',
  ...signedIn,
  request: { params: webhookId },
  responses: { 200: jsonContent(webhook, 'The endpoint, with its new secret'), ...errors([400, 401, 403, 404], notYours) },
});

export const listWebhookDeliveries = declareRoute({
  method: 'get',
  path: '/api/seller/webhooks/{id}/deliveries',
  tags,
  summary: "An endpoint's delivery log, newest first",
  ...signedIn,
  request: { params: webhookId, query: pageQuerySchema },
  responses: {
    200: jsonContent(z.strictObject({ deliveries: z.array(WebhookDeliveryBody), total: z.number().int().min(0) }), 'A page of deliveries'),
    ...errors([400, 401, 403, 404], notYours),
  },
});

export const retryWebhookDelivery = declareRoute({
  method: 'post',
  path: '/api/seller/webhooks/{id}/deliveries/{delivery_id}/retry',
  tags,
  summary: 'Attempt a delivery again now',
  description: 'A failed delivery becomes pending again; it is attempted at once while its endpoint is active.',
  ...signedIn,
  request: { params: z.object({ id: pathId, delivery_id: pathId }) },
  responses: { 202: { description: 'Due now' }, ...errors([400, 401, 403, 404], { 404: "not_found: no such delivery of this webhook, or another seller's" }) },
});
