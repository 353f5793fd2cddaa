import type Database from 'better-sqlite3';
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
import type { Db } from '../sqlite.js';

/** Candidates looked at per claim, for each delivery asked for (the rest may belong to busy endpoints). */
const CANDIDATES_PER_SLOT = 4;

export class SqliteWebhookRepository implements WebhookRepository {
  private readonly sqlite: Database.Database;
  private readonly q;
  private readonly tx;

  constructor(db: Db) {
    const sqlite = db.$client;
    this.sqlite = sqlite;
    this.q = {
      insert: sqlite.prepare<[number, string, string, string | null, string, number, number], { id: number }>(
        `INSERT INTO webhook_endpoints (seller_id, url, events, description, secret, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`,
      ),
      find: sqlite.prepare<[number, number], EndpointRow>(`SELECT ${ENDPOINT_COLUMNS} FROM webhook_endpoints e WHERE e.id = ? AND e.seller_id = ?`),
      list: sqlite.prepare<[number], EndpointRow>(`SELECT ${ENDPOINT_COLUMNS} FROM webhook_endpoints e WHERE e.seller_id = ? ORDER BY e.id`),
      delete: sqlite.prepare<[number, number]>(`DELETE FROM webhook_endpoints WHERE id = ? AND seller_id = ?`),
      rotate: sqlite.prepare<[secret: string, expires: number, now: number, id: number, sellerId: number]>(
        `UPDATE webhook_endpoints SET previous_secret = secret, secret = ?, previous_secret_expires_at = ?, updated_at = ? WHERE id = ? AND seller_id = ?`,
      ),
      deliveries: sqlite.prepare<[number, number, number], DeliveryRow>(
        `SELECT ${DELIVERY_COLUMNS} FROM webhook_deliveries d WHERE d.endpoint_id = ? ORDER BY d.id DESC LIMIT ? OFFSET ?`,
      ),
      countDeliveries: sqlite.prepare<[number], { n: number }>(`SELECT count(*) AS n FROM webhook_deliveries WHERE endpoint_id = ?`),
      retry: sqlite.prepare<[now: number, deliveryId: number, endpointId: number, sellerId: number]>(
        `UPDATE webhook_deliveries SET status = 'pending', next_attempt_at = ?
         WHERE id = ? AND endpoint_id = ? AND endpoint_id IN (SELECT id FROM webhook_endpoints WHERE seller_id = ?)`,
      ),
      subscribers: sqlite.prepare<[number, number], EndpointRow>(
        `SELECT ${ENDPOINT_COLUMNS} FROM webhook_endpoints e WHERE e.seller_id = ? AND e.active = 1 AND e.created_at <= ? ORDER BY e.id`,
      ),
      enqueue: sqlite.prepare<[number, number, string, string, string, number, number]>(
        `INSERT INTO webhook_deliveries (endpoint_id, event_position, event_type, payload, webhook_id_header, next_attempt_at, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (endpoint_id, event_position) DO NOTHING`,
      ),
      lease: sqlite.prepare<[owner: string, until: number, id: number]>(`UPDATE webhook_deliveries SET lease_owner = ?, lease_until = ? WHERE id = ?`),
      leased: sqlite.prepare<[number, string], { attempts: number; endpointId: number; failingSince: number | null }>(
        `SELECT d.attempts, d.endpoint_id AS "endpointId", e.failing_since AS "failingSince"
         FROM webhook_deliveries d JOIN webhook_endpoints e ON e.id = d.endpoint_id WHERE d.id = ? AND d.lease_owner = ?`,
      ),
      record: sqlite.prepare<[status: string, attempts: number, code: number | null, error: string | null, ms: number, next: number | null, id: number]>(
        `UPDATE webhook_deliveries SET status = ?, attempts = ?, last_status_code = ?, last_error = ?, last_duration_ms = ?,
           next_attempt_at = ?, lease_owner = NULL, lease_until = NULL WHERE id = ?`,
      ),
      endpointState: sqlite.prepare<[failingSince: number | null, disable: string | null, disable2: string | null, now: number, id: number]>(
        `UPDATE webhook_endpoints SET failing_since = ?, active = CASE WHEN ? IS NULL THEN active ELSE 0 END,
           disabled_reason = coalesce(?, disabled_reason), updated_at = ? WHERE id = ?`,
      ),
      release: sqlite.prepare<[number, string]>(`UPDATE webhook_deliveries SET lease_owner = NULL, lease_until = NULL WHERE id = ? AND lease_owner = ?`),
      prune: sqlite.prepare<[number]>(`DELETE FROM webhook_deliveries WHERE created_at < ? AND status <> 'pending'`),
      oldestDue: sqlite.prepare<{ now: number }, { at: number | null }>(
        `SELECT min(d.next_attempt_at) AS at FROM webhook_deliveries d JOIN webhook_endpoints e ON e.id = d.endpoint_id
         WHERE d.status = 'pending' AND d.next_attempt_at <= @now AND (d.lease_until IS NULL OR d.lease_until < @now) AND e.active = 1`,
      ),
    };
    this.tx = {
      update: sqlite.transaction((id: number, sellerId: number, patch: WebhookEndpointPatch, now: number) => {
        const row = this.q.find.get(id, sellerId);
        if (!row) return null;
        const columns = patchColumns(patch);
        const sets = ['updated_at = ?', ...columns.map(([column]) => `${column} = ?`)];
        const values = [now, ...columns.map(([, value]) => (typeof value === 'boolean' ? Number(value) : value)), id];
        sqlite.prepare(`UPDATE webhook_endpoints SET ${sets.join(', ')} WHERE id = ?`).run(...values);
        return this.q.find.get(id, sellerId) ?? null;
      }),
      claim: sqlite.transaction((request: ClaimRequest) => {
        const excluded = request.full.length > 0 ? `AND d.endpoint_id NOT IN (${request.full.map(() => '?').join(', ')})` : '';
        const candidates = sqlite
          .prepare<unknown[], LeaseRow>(
            `SELECT ${LEASE_COLUMNS} FROM webhook_deliveries d JOIN webhook_endpoints e ON e.id = d.endpoint_id
             WHERE d.status = 'pending' AND d.next_attempt_at <= ? AND (d.lease_until IS NULL OR d.lease_until < ?) AND e.active = 1 ${excluded}
             ORDER BY d.next_attempt_at, d.id LIMIT ?`,
          )
          .all(request.now, request.now, ...request.full, request.limit * CANDIDATES_PER_SLOT);
        const picked = pickWithinSlots(candidates, request.limit, request.freeSlots);
        for (const row of picked) this.q.lease.run(request.owner, request.leaseUntil, row.id);
        return picked.map((row) => toLeased(row, request.now));
      }),
      complete: sqlite.transaction(
        (deliveryId: number, owner: string, result: AttemptResult, decide: (attempts: number, failingSince: number | null) => AttemptOutcome, now: number) => {
          const held = this.q.leased.get(deliveryId, owner);
          if (!held) return null;
          const attempts = held.attempts + 1;
          const outcome = decide(attempts, held.failingSince);
          this.q.record.run(outcome.status, attempts, result.statusCode, result.error, result.durationMs, outcome.nextAttemptAt, deliveryId);
          this.q.endpointState.run(outcome.failingSince, outcome.disable, outcome.disable, now, held.endpointId);
          return outcome;
        },
      ),
    };
  }

  async create(endpoint: NewWebhookEndpoint): Promise<WebhookEndpoint> {
    const { sellerId, url, events, description, secret, now } = endpoint;
    const row = this.q.insert.get(sellerId, url, JSON.stringify(events), description, secret, now, now);
    const created = row ? this.q.find.get(row.id, sellerId) : undefined;
    if (!created) throw new Error('webhook insert returned no row');
    return toEndpoint(created);
  }

  async listBySeller(sellerId: number): Promise<WebhookEndpoint[]> {
    return this.q.list.all(sellerId).map(toEndpoint);
  }

  async find(id: number, sellerId: number): Promise<WebhookEndpoint | null> {
    const row = this.q.find.get(id, sellerId);
    return row ? toEndpoint(row) : null;
  }

  async update(id: number, sellerId: number, patch: WebhookEndpointPatch, now: number): Promise<WebhookEndpoint | null> {
    const row = this.tx.update.immediate(id, sellerId, patch, now);
    return row ? toEndpoint(row) : null;
  }

  async delete(id: number, sellerId: number): Promise<boolean> {
    return this.q.delete.run(id, sellerId).changes === 1;
  }

  async rotateSecret(id: number, sellerId: number, secret: string, previousExpiresAt: number, now: number): Promise<WebhookEndpoint | null> {
    if (this.q.rotate.run(secret, previousExpiresAt, now, id, sellerId).changes !== 1) return null;
    return this.find(id, sellerId);
  }

  async listDeliveries(endpointId: number, sellerId: number, page: Page): Promise<{ deliveries: WebhookDelivery[]; total: number } | null> {
    const read = this.sqlite.transaction(() => {
      if (!this.q.find.get(endpointId, sellerId)) return null;
      const rows = this.q.deliveries.all(endpointId, page.limit, (page.page - 1) * page.limit);
      return { deliveries: rows.map(toDelivery), total: this.q.countDeliveries.get(endpointId)?.n ?? 0 };
    });
    return read();
  }

  async retryDelivery(endpointId: number, deliveryId: number, sellerId: number, now: number): Promise<boolean> {
    return this.q.retry.run(now, deliveryId, endpointId, sellerId).changes === 1;
  }

  async subscribers(sellerId: number, at: number): Promise<WebhookEndpoint[]> {
    return this.q.subscribers.all(sellerId, at).map(toEndpoint);
  }

  async enqueue(deliveries: NewDelivery[]): Promise<void> {
    if (deliveries.length === 0) return;
    this.sqlite
      .transaction(() => {
        for (const d of deliveries) this.q.enqueue.run(d.endpointId, d.eventPosition, d.eventType, d.payload, d.webhookIdHeader, d.now, d.now);
      })
      .immediate();
  }

  async claim(request: ClaimRequest): Promise<LeasedDelivery[]> {
    return this.tx.claim.immediate(request);
  }

  async complete(
    deliveryId: number,
    owner: string,
    result: AttemptResult,
    decide: (attempts: number, failingSince: number | null) => AttemptOutcome,
    now: number,
  ): Promise<AttemptOutcome | null> {
    return this.tx.complete.immediate(deliveryId, owner, result, decide, now);
  }

  async release(deliveryIds: number[], owner: string): Promise<void> {
    const release = this.q.release;
    this.sqlite.transaction(() => {
      for (const id of deliveryIds) release.run(id, owner);
    })();
  }

  async pruneDeliveries(before: number): Promise<number> {
    return this.q.prune.run(before).changes;
  }

  async oldestDue(now: number): Promise<number | null> {
    return this.q.oldestDue.get({ now })?.at ?? null;
  }
}
