/**
 * What both stores' webhook repositories share: the columns they select (aliased to the
 * records' names) and how a row becomes the domain record. Plain TypeScript, no driver.
 */
import type { WebhookEndpointPatch } from '../server/domain/ports.js';
import {
  DELIVERY_STATUSES,
  signingSecrets,
  type LeasedDelivery,
  WEBHOOK_EVENT_TYPES,
  type DeliveryStatus,
  type WebhookDelivery,
  type WebhookEndpoint,
  type WebhookEventType,
} from '../server/domain/webhooks.js';

/** The endpoint's columns; `e` names webhook_endpoints. */
export const ENDPOINT_COLUMNS = `e.id, e.seller_id AS "sellerId", e.url, e.events, e.description, e.active, e.secret,
  e.previous_secret AS "previousSecret", e.previous_secret_expires_at AS "previousSecretExpiresAt",
  e.disabled_reason AS "disabledReason", e.failing_since AS "failingSince", e.created_at AS "createdAt", e.updated_at AS "updatedAt"`;

/** The delivery's columns; `d` names webhook_deliveries. */
export const DELIVERY_COLUMNS = `d.id, d.endpoint_id AS "endpointId", d.event_position AS "eventPosition", d.event_type AS "eventType",
  d.payload, d.webhook_id_header AS "webhookIdHeader", d.status, d.attempts, d.last_status_code AS "lastStatusCode",
  d.last_error AS "lastError", d.last_duration_ms AS "lastDurationMs", d.next_attempt_at AS "nextAttemptAt", d.created_at AS "createdAt"`;

/** An endpoint row: `events` as JSON text, `active` as SQLite's 0/1 or PostgreSQL's boolean. */
export type EndpointRow = Omit<WebhookEndpoint, 'events' | 'active'> & { events: string; active: boolean | number };

export type DeliveryRow = Omit<WebhookDelivery, 'eventType' | 'status'> & { eventType: string; status: string };

/** A candidate for leasing, with what its attempt needs; `e` and `d` as above. */
export const LEASE_COLUMNS = `d.id, d.endpoint_id AS "endpointId", e.url, d.payload, d.webhook_id_header AS "webhookIdHeader", d.attempts,
  e.secret, e.previous_secret AS "previousSecret", e.previous_secret_expires_at AS "previousSecretExpiresAt"`;

/** A leased delivery as selected: the endpoint's secrets as they are, before picking those that sign now. */
export type LeaseRow = Omit<LeasedDelivery, 'secrets'> & Pick<WebhookEndpoint, 'secret' | 'previousSecret' | 'previousSecretExpiresAt'>;

export function toEndpoint(row: EndpointRow): WebhookEndpoint {
  return { ...row, events: parseEvents(row.events), active: Boolean(row.active) };
}

export function toDelivery(row: DeliveryRow): WebhookDelivery {
  return { ...row, eventType: asEventType(row.eventType), status: asStatus(row.status) };
}

function parseEvents(json: string): WebhookEventType[] {
  const value: unknown = JSON.parse(json);
  return Array.isArray(value) ? value.filter((v): v is WebhookEventType => WEBHOOK_EVENT_TYPES.some((t) => t === v)) : [];
}

function asEventType(value: string): WebhookEventType {
  const known = WEBHOOK_EVENT_TYPES.find((t) => t === value);
  if (!known) throw new Error(`unknown webhook event type in the store: ${value}`);
  return known;
}

function asStatus(value: string): DeliveryStatus {
  const known = DELIVERY_STATUSES.find((s) => s === value);
  if (!known) throw new Error(`unknown delivery status in the store: ${value}`);
  return known;
}

/**
 * Picks, from candidates oldest due first, those to lease: at most `limit` in all and no more
 * for an endpoint than it has free slots, so one endpoint's backlog never fills a batch.
 */
export function pickWithinSlots<T extends { endpointId: number }>(candidates: T[], limit: number, freeSlots: (endpointId: number) => number): T[] {
  const taken = new Map<number, number>();
  const picked: T[] = [];
  for (const candidate of candidates) {
    if (picked.length >= limit) break;
    const n = taken.get(candidate.endpointId) ?? 0;
    if (n >= freeSlots(candidate.endpointId)) continue;
    taken.set(candidate.endpointId, n + 1);
    picked.push(candidate);
  }
  return picked;
}

export function toLeased(row: LeaseRow, now: number): LeasedDelivery {
  const { id, endpointId, url, payload, webhookIdHeader, attempts } = row;
  return { id, endpointId, url, payload, webhookIdHeader, attempts, secrets: signingSecrets(row, now) };
}

/**
 * The columns a patch sets, with their values (booleans as they are: each store binds its
 * own). Turning an endpoint back on also clears why it was disabled and its failing run.
 */
export function patchColumns(patch: WebhookEndpointPatch): [column: string, value: string | boolean | null][] {
  const columns: [string, string | boolean | null][] = [];
  if (patch.url !== undefined) columns.push(['url', patch.url]);
  if (patch.events !== undefined) columns.push(['events', JSON.stringify(patch.events)]);
  if (patch.description !== undefined) columns.push(['description', patch.description]);
  if (patch.active !== undefined) {
    columns.push(['active', patch.active]);
    if (patch.active) columns.push(['disabled_reason', null], ['failing_since', null]);
  }
  return columns;
}
