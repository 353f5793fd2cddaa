import type { Page } from '../../../server/domain/model.js';
import type {
  ClaimRequest,
  NewDelivery,
  NewWebhookEndpoint,
  WebhookEndpointPatch,
  WebhookRepository,
} from '../../../server/domain/ports.js';
import type { AttemptOutcome, AttemptResult, LeasedDelivery, WebhookDelivery, WebhookEndpoint } from '../../../server/domain/webhooks.js';
import {
  DELIVERY_COLUMNS,
  ENDPOINT_COLUMNS,
  LEASE_COLUMNS,
  patchColumns,
  pickWithinSlots,
  toDelivery,
  toEndpoint,
  toLeased,
  type DeliveryRow,
  type EndpointRow,
  type LeaseRow,
} from '../../webhook-rows.js';
import { statement, type PgDatabase } from '../pg-database.js';
import { canNameRow } from './row-ids.js';

/** Candidates looked at per claim, for each delivery asked for (the rest may belong to busy endpoints). */
const CANDIDATES_PER_SLOT = 4;

const q = {
  find: statement('webhooks_find', `SELECT ${ENDPOINT_COLUMNS} FROM webhook_endpoints e WHERE e.id = $1 AND e.seller_id = $2`),
  subscribers: statement(
    'webhooks_subscribers',
    `SELECT ${ENDPOINT_COLUMNS} FROM webhook_endpoints e WHERE e.seller_id = $1 AND e.active AND e.created_at <= $2 ORDER BY e.id`,
  ),
  enqueue: statement(
    'webhooks_enqueue',
    `INSERT INTO webhook_deliveries (endpoint_id, event_position, event_type, payload, webhook_id_header, next_attempt_at, created_at)
     SELECT t.endpoint_id, t.event_position, t.event_type, t.payload, t.webhook_id_header, t.at, t.at
     FROM unnest($1::int[], $2::bigint[], $3::text[], $4::text[], $5::text[], $6::bigint[])
       AS t(endpoint_id, event_position, event_type, payload, webhook_id_header, at)
     ON CONFLICT (endpoint_id, event_position) DO NOTHING`,
  ),
  // SKIP LOCKED: a node claiming at the same moment takes other rows instead of waiting for these.
  candidates: statement(
    'webhooks_candidates',
    `SELECT ${LEASE_COLUMNS} FROM webhook_deliveries d JOIN webhook_endpoints e ON e.id = d.endpoint_id
     WHERE d.status = 'pending' AND d.next_attempt_at <= $1 AND (d.lease_until IS NULL OR d.lease_until < $1) AND e.active
       AND NOT (d.endpoint_id = ANY($2::int[]))
     ORDER BY d.next_attempt_at, d.id LIMIT $3 FOR UPDATE OF d SKIP LOCKED`,
  ),
  lease: statement('webhooks_lease', `UPDATE webhook_deliveries SET lease_owner = $1, lease_until = $2 WHERE id = ANY($3::int[])`),
  leased: statement(
    'webhooks_leased',
    `SELECT d.attempts, d.endpoint_id AS "endpointId", e.failing_since AS "failingSince"
     FROM webhook_deliveries d JOIN webhook_endpoints e ON e.id = d.endpoint_id WHERE d.id = $1 AND d.lease_owner = $2
     FOR UPDATE OF d, e`,
  ),
  record: statement(
    'webhooks_record',
    `UPDATE webhook_deliveries SET status = $1, attempts = $2, last_status_code = $3, last_error = $4, last_duration_ms = $5,
       next_attempt_at = $6, lease_owner = NULL, lease_until = NULL WHERE id = $7`,
  ),
  endpointState: statement(
    'webhooks_endpoint_state',
    `UPDATE webhook_endpoints SET failing_since = $1, active = CASE WHEN $2::text IS NULL THEN active ELSE false END,
       disabled_reason = coalesce($2::text, disabled_reason), updated_at = $3 WHERE id = $4`,
  ),
  oldestDue: statement(
    'webhooks_oldest_due',
    `SELECT min(d.next_attempt_at) AS at FROM webhook_deliveries d JOIN webhook_endpoints e ON e.id = d.endpoint_id
     WHERE d.status = 'pending' AND d.next_attempt_at <= $1 AND (d.lease_until IS NULL OR d.lease_until < $1) AND e.active`,
  ),
};

export class PgWebhookRepository implements WebhookRepository {
  constructor(private readonly db: PgDatabase) {}

  async create(endpoint: NewWebhookEndpoint): Promise<WebhookEndpoint> {
    const { sellerId, url, events, description, secret, now } = endpoint;
    const row = await this.db.row<EndpointRow>(
      `INSERT INTO webhook_endpoints AS e (seller_id, url, events, description, secret, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $6) RETURNING ${ENDPOINT_COLUMNS}`,
      [sellerId, url, JSON.stringify(events), description, secret, now],
    );
    if (!row) throw new Error('webhook insert returned no row');
    return toEndpoint(row);
  }

  async listBySeller(sellerId: number): Promise<WebhookEndpoint[]> {
    const rows = await this.db.rows<EndpointRow>(`SELECT ${ENDPOINT_COLUMNS} FROM webhook_endpoints e WHERE e.seller_id = $1 ORDER BY e.id`, [sellerId]);
    return rows.map(toEndpoint);
  }

  async find(id: number, sellerId: number): Promise<WebhookEndpoint | null> {
    if (!canNameRow(id)) return null;
    const row = await this.db.row<EndpointRow>(q.find, [id, sellerId]);
    return row ? toEndpoint(row) : null;
  }

  async update(id: number, sellerId: number, patch: WebhookEndpointPatch, now: number): Promise<WebhookEndpoint | null> {
    if (!canNameRow(id)) return null;
    const columns = patchColumns(patch);
    const sets = ['updated_at = $1', ...columns.map(([column], i) => `${column} = $${i + 4}`)];
    const row = await this.db.row<EndpointRow>(
      `UPDATE webhook_endpoints AS e SET ${sets.join(', ')} WHERE e.id = $2 AND e.seller_id = $3 RETURNING ${ENDPOINT_COLUMNS}`,
      [now, id, sellerId, ...columns.map(([, value]) => value)],
    );
    return row ? toEndpoint(row) : null;
  }

  async delete(id: number, sellerId: number): Promise<boolean> {
    if (!canNameRow(id)) return false;
    return (await this.db.run(`DELETE FROM webhook_endpoints WHERE id = $1 AND seller_id = $2`, [id, sellerId])) === 1;
  }

  async rotateSecret(id: number, sellerId: number, secret: string, previousExpiresAt: number, now: number): Promise<WebhookEndpoint | null> {
    if (!canNameRow(id)) return null;
    const row = await this.db.row<EndpointRow>(
      `UPDATE webhook_endpoints AS e SET previous_secret = e.secret, secret = $1, previous_secret_expires_at = $2, updated_at = $3
       WHERE e.id = $4 AND e.seller_id = $5 RETURNING ${ENDPOINT_COLUMNS}`,
      [secret, previousExpiresAt, now, id, sellerId],
    );
    return row ? toEndpoint(row) : null;
  }

  async listDeliveries(endpointId: number, sellerId: number, page: Page): Promise<{ deliveries: WebhookDelivery[]; total: number } | null> {
    if (!canNameRow(endpointId)) return null;
    return this.db.snapshot(async (tx) => {
      if (!(await tx.row(q.find, [endpointId, sellerId]))) return null;
      const rows = await tx.rows<DeliveryRow>(
        `SELECT ${DELIVERY_COLUMNS} FROM webhook_deliveries d WHERE d.endpoint_id = $1 ORDER BY d.id DESC LIMIT $2 OFFSET $3`,
        [endpointId, page.limit, (page.page - 1) * page.limit],
      );
      const total = await tx.row<{ n: number }>(`SELECT count(*)::int AS n FROM webhook_deliveries WHERE endpoint_id = $1`, [endpointId]);
      return { deliveries: rows.map(toDelivery), total: total?.n ?? 0 };
    });
  }

  async retryDelivery(endpointId: number, deliveryId: number, sellerId: number, now: number): Promise<boolean> {
    if (!canNameRow(endpointId) || !canNameRow(deliveryId)) return false;
    const changed = await this.db.run(
      `UPDATE webhook_deliveries SET status = 'pending', next_attempt_at = $1
       WHERE id = $2 AND endpoint_id = $3 AND endpoint_id IN (SELECT id FROM webhook_endpoints WHERE seller_id = $4)`,
      [now, deliveryId, endpointId, sellerId],
    );
    return changed === 1;
  }

  async subscribers(sellerId: number, at: number): Promise<WebhookEndpoint[]> {
    return (await this.db.rows<EndpointRow>(q.subscribers, [sellerId, at])).map(toEndpoint);
  }

  async enqueue(deliveries: NewDelivery[]): Promise<void> {
    if (deliveries.length === 0) return;
    await this.db.run(q.enqueue, [
      deliveries.map((d) => d.endpointId),
      deliveries.map((d) => d.eventPosition),
      deliveries.map((d) => d.eventType),
      deliveries.map((d) => d.payload),
      deliveries.map((d) => d.webhookIdHeader),
      deliveries.map((d) => d.now),
    ]);
  }

  async claim(request: ClaimRequest): Promise<LeasedDelivery[]> {
    return this.db.transaction(async (tx) => {
      const candidates = await tx.rows<LeaseRow>(q.candidates, [request.now, request.full, request.limit * CANDIDATES_PER_SLOT]);
      const picked = pickWithinSlots(candidates, request.limit, request.freeSlots);
      if (picked.length > 0) await tx.run(q.lease, [request.owner, request.leaseUntil, picked.map((row) => row.id)]);
      return picked.map((row) => toLeased(row, request.now));
    });
  }

  async complete(
    deliveryId: number,
    owner: string,
    result: AttemptResult,
    decide: (attempts: number, failingSince: number | null) => AttemptOutcome,
    now: number,
  ): Promise<AttemptOutcome | null> {
    return this.db.transaction(async (tx) => {
      const held = await tx.row<{ attempts: number; endpointId: number; failingSince: number | null }>(q.leased, [deliveryId, owner]);
      if (!held) return null;
      const attempts = held.attempts + 1;
      const outcome = decide(attempts, held.failingSince);
      await tx.run(q.record, [outcome.status, attempts, result.statusCode, result.error, result.durationMs, outcome.nextAttemptAt, deliveryId]);
      await tx.run(q.endpointState, [outcome.failingSince, outcome.disable, now, held.endpointId]);
      return outcome;
    });
  }

  async release(deliveryIds: number[], owner: string): Promise<void> {
    await this.db.run(`UPDATE webhook_deliveries SET lease_owner = NULL, lease_until = NULL WHERE id = ANY($1::int[]) AND lease_owner = $2`, [deliveryIds, owner]);
  }

  async pruneDeliveries(before: number): Promise<number> {
    return this.db.run(`DELETE FROM webhook_deliveries WHERE created_at < $1 AND status <> 'pending'`, [before]);
  }

  async oldestDue(now: number): Promise<number | null> {
    return (await this.db.row<{ at: number | null }>(q.oldestDue, [now]))?.at ?? null;
  }
}
