import type { WebhookBody, WebhookDeliveryBody } from '../../../server/contract/api.js';
import type { WebhookEventType } from '../../../server/domain/webhooks.js';
import { apiRequest } from './api-client.js';

export interface WebhookInput {
  url: string;
  events: WebhookEventType[];
  description: string;
}

export type WebhookPatch = Partial<WebhookInput & { active: boolean }>;

export interface DeliveryPage {
  deliveries: WebhookDeliveryBody[];
  total: number;
}

const base = '/api/seller/webhooks';

export async function listWebhooks(): Promise<WebhookBody[]> {
  return (await apiRequest<{ webhooks: WebhookBody[] }>(base, { cache: 'no-store' })).webhooks;
}

/** The answer carries the signing secret: the only time, with rotation, that it is shown. */
export async function createWebhook(input: WebhookInput): Promise<WebhookBody> {
  return (await apiRequest<{ webhook: WebhookBody }>(base, { method: 'POST', body: input })).webhook;
}

export async function updateWebhook(id: number, patch: WebhookPatch): Promise<WebhookBody> {
  return (await apiRequest<{ webhook: WebhookBody }>(`${base}/${id}`, { method: 'PATCH', body: patch })).webhook;
}

export function deleteWebhook(id: number): Promise<void> {
  return apiRequest<void>(`${base}/${id}`, { method: 'DELETE' });
}

export async function rotateWebhookSecret(id: number): Promise<WebhookBody> {
  return (await apiRequest<{ webhook: WebhookBody }>(`${base}/${id}/rotate-secret`, { method: 'POST' })).webhook;
}

export function fetchDeliveries(id: number, page: number, limit: number): Promise<DeliveryPage> {
  return apiRequest<DeliveryPage>(`${base}/${id}/deliveries?page=${page}&limit=${limit}`, { cache: 'no-store' });
}

export function retryDelivery(id: number, deliveryId: number): Promise<void> {
  return apiRequest<void>(`${base}/${id}/deliveries/${deliveryId}/retry`, { method: 'POST' });
}
