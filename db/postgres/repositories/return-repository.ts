import type { LoggedEvent, ReturnRequestRepository } from '../../../server/domain/ports.js';
import {
  requestedRecord,
  returnAlreadyRequested,
  type NewReturnRequest,
  type ReturnRequest,
  type ReturnStatus,
  type SellerReturnQuery,
} from '../../../server/domain/returns.js';
import { RETURN_FROM, RETURN_SQL, returnCounts, SELLER_RETURN_SQL, sellerReturnPage, toReturnRequest, type ReturnRow, type SellerReturnRowColumns } from '../../rows.js';
import { statement, type PgDatabase } from '../pg-database.js';
import { canNameRow } from './row-ids.js';


const q = {
  // The request is written only while the order is still delivered and at the version it was
  // decided on (its row share-locked for this statement only); the partial unique index (one
  // open request per order) decides between two requests at once. $1 order, $2 its version,
  // $3 reason, $4 message, $5 now, $6 the event's payload without the request's id.
  create: statement(
    'returns_create',
    `WITH o AS (
       SELECT order_id, user_id, seller_id FROM orders
        WHERE order_id = $1 AND version = $2 AND order_status = 'delivered'
          FOR SHARE),
     ins AS (
       INSERT INTO return_requests (order_id, buyer_id, seller_id, status, reason, message, created_at)
       SELECT order_id, user_id, seller_id, 'requested', $3, $4, $5 FROM o
       ON CONFLICT (order_id) WHERE status = 'requested' DO NOTHING
       RETURNING id),
     logged AS (
       INSERT INTO events (type, payload, created_at)
       SELECT 'return:requested', jsonb_set($6::jsonb, '{returnRequest,id}', to_jsonb(ins.id))::text, $5 FROM ins
       RETURNING position)
     SELECT EXISTS (SELECT 1 FROM o) AS "orderMatched", (SELECT id FROM ins) AS id, (SELECT position FROM logged) AS position`,
  ),
  find: statement('returns_find', `SELECT ${RETURN_SQL} ${RETURN_FROM} WHERE r.id = $1`),
  latest: statement('returns_latest', `SELECT DISTINCT ON (r.order_id) ${RETURN_SQL} ${RETURN_FROM} WHERE r.order_id = ANY($1::int[]) ORDER BY r.order_id, r.id DESC`),
  counts: statement('returns_counts', `SELECT status, count(*)::int AS n FROM return_requests WHERE seller_id = $1 GROUP BY status`),
  page: statement(
    'returns_page',
    `SELECT ${RETURN_SQL}, ${SELLER_RETURN_SQL} ${RETURN_FROM} JOIN users u ON u.id = o.user_id
      WHERE r.seller_id = $1 AND ($2::text IS NULL OR r.status = $2)
      ORDER BY r.created_at DESC, r.id DESC LIMIT $3 OFFSET $4`,
  ),
  // A compare-and-set on the request still being `requested`: a concurrent decision holds the
  // row until it commits, then this one finds it decided and writes nothing. $1 id, $2 decided
  // at, $3 buyer message, $4 the `return:decided` payload.
  decline: statement(
    'returns_decline',
    `WITH decided AS (
       UPDATE return_requests SET status = 'declined', decided_at = $2, buyer_message = $3, restock = NULL
        WHERE id = $1 AND status = 'requested'
       RETURNING id),
     logged AS (INSERT INTO events (type, payload, created_at) SELECT 'return:decided', $4, $2 FROM decided RETURNING position)
     SELECT position FROM logged`,
  ),
};

export class PgReturnRepository implements ReturnRequestRepository {
  constructor(private readonly db: PgDatabase) {}

  async create(r: NewReturnRequest): Promise<{ request: ReturnRequest; event: LoggedEvent } | null> {
    // The payload is completed with the id the insert gives (q.create).
    const request = requestedRecord(r, 0);
    const payload = JSON.stringify({ type: 'return:requested', returnRequest: request });
    const row = await this.db.row<{ orderMatched: boolean; id: number | null; position: number | null }>(q.create, [
      r.orderId,
      r.orderVersion,
      r.reason,
      r.message,
      r.now,
      payload,
    ]);
    if (!row?.orderMatched) return null;
    if (row.id === null || row.position === null) throw returnAlreadyRequested();
    const created = { ...request, id: row.id };
    return { request: created, event: { position: row.position, at: r.now, event: { type: 'return:requested', returnRequest: created } } };
  }

  async find(id: number): Promise<ReturnRequest | null> {
    if (!canNameRow(id)) return null;
    const row = await this.db.row<ReturnRow>(q.find, [id]);
    return row ? toReturnRequest(row) : null;
  }

  async latestFor(orderIds: number[]): Promise<Map<number, ReturnRequest>> {
    const latest = new Map<number, ReturnRequest>();
    if (orderIds.length === 0) return latest;
    for (const row of await this.db.rows<ReturnRow>(q.latest, [orderIds])) latest.set(row.orderId, toReturnRequest(row));
    return latest;
  }

  async listBySeller(sellerId: number, query: SellerReturnQuery) {
    // One snapshot: the page and the counts agree.
    const { rows, counts } = await this.db.snapshot(async (tx) => ({
      rows: await tx.rows<SellerReturnRowColumns>(q.page, [sellerId, query.status, query.limit, (query.page - 1) * query.limit]),
      counts: returnCounts(await tx.rows<{ status: ReturnStatus; n: number }>(q.counts, [sellerId])),
    }));
    return sellerReturnPage(rows, counts, query.status);
  }

  async decline(decided: ReturnRequest): Promise<LoggedEvent | null> {
    if (decided.decidedAt === null) throw new Error('a decision has its time');
    const event = { type: 'return:decided' as const, returnRequest: decided };
    const row = await this.db.row<{ position: number }>(q.decline, [decided.id, decided.decidedAt, decided.buyerMessage, JSON.stringify(event)]);
    return row ? { position: row.position, at: decided.decidedAt, event } : null;
  }
}
