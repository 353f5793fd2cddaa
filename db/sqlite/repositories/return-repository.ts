import type { LoggedEvent, ReturnRequestRepository } from '../../../server/domain/ports.js';
import {
  requestedRecord,
  returnAlreadyRequested,
  type NewReturnRequest,
  type ReturnRequest,
  type ReturnStatus,
  type SellerReturnQuery,
} from '../../../server/domain/returns.js';
import type { OrderStatus } from '../../../server/domain/order-status.js';
import { RETURN_FROM, RETURN_SQL, returnCounts, SELLER_RETURN_SQL, sellerReturnPage, toReturnRequest, type ReturnRow, type SellerReturnRowColumns } from '../../rows.js';
import type { Db } from '../sqlite.js';
import { EventAppender } from './event-log-repository.js';

/** The compare-and-set every decision is: only a request still `requested` is decided. */
export const DECIDE_RETURN_SQL = `UPDATE return_requests SET status = ?, decided_at = ?, buyer_message = ?, restock = ? WHERE id = ? AND status = 'requested'`;

/** The decision's values for DECIDE_RETURN_SQL. */
export const decisionValues = (d: ReturnRequest) => [d.status, d.decidedAt, d.buyerMessage, d.restock === null ? null : Number(d.restock), d.id] as const;

export class SqliteReturnRepository implements ReturnRequestRepository {
  private readonly q;
  private readonly tx;
  private readonly log: EventAppender;

  constructor(db: Db) {
    const sqlite = db.$client;
    this.log = new EventAppender(db);
    this.q = {
      order: sqlite.prepare<[number], { status: OrderStatus; version: number }>(`SELECT order_status AS status, version FROM orders WHERE order_id = ?`),
      // The partial unique index (one open request per order) decides, not a read before it.
      insert: sqlite.prepare<[orderId: number, buyerId: number, sellerId: number, reason: string, message: string | null, now: number], { id: number }>(
        `INSERT INTO return_requests (order_id, buyer_id, seller_id, status, reason, message, created_at)
         VALUES (?, ?, ?, 'requested', ?, ?, ?)
         ON CONFLICT (order_id) WHERE status = 'requested' DO NOTHING
         RETURNING id`,
      ),
      find: sqlite.prepare<[number], ReturnRow>(`SELECT ${RETURN_SQL} ${RETURN_FROM} WHERE r.id = ?`),
      decide: sqlite.prepare<[status: ReturnStatus, decidedAt: number | null, buyerMessage: string | null, restock: number | null, id: number]>(DECIDE_RETURN_SQL),
      counts: sqlite.prepare<[number], { status: ReturnStatus; n: number }>(`SELECT status, count(*) AS n FROM return_requests WHERE seller_id = ? GROUP BY status`),
      page: sqlite.prepare<[{ sellerId: number; status: ReturnStatus | null; limit: number; offset: number }], SellerReturnRowColumns>(
        `SELECT ${RETURN_SQL}, ${SELLER_RETURN_SQL} ${RETURN_FROM} JOIN users u ON u.id = o.user_id
          WHERE r.seller_id = @sellerId AND (@status IS NULL OR r.status = @status)
          ORDER BY r.created_at DESC, r.id DESC LIMIT @limit OFFSET @offset`,
      ),
    };
    this.tx = {
      create: sqlite.transaction((request: NewReturnRequest) => this.createIn(request)),
      decline: sqlite.transaction((decided: ReturnRequest) => this.declineIn(decided)),
      list: sqlite.transaction((sellerId: number, query: SellerReturnQuery) => ({
        rows: this.q.page.all({ sellerId, status: query.status, limit: query.limit, offset: (query.page - 1) * query.limit }),
        counts: returnCounts(this.q.counts.all(sellerId)),
      })),
    };
    this.latest = (orderIds) =>
      sqlite
        .prepare<number[], ReturnRow>(`SELECT ${RETURN_SQL} ${RETURN_FROM} WHERE r.order_id IN (${orderIds.map(() => '?').join(',')}) ORDER BY r.id`)
        .all(...orderIds);
  }

  private readonly latest: (orderIds: number[]) => ReturnRow[];

  async create(request: NewReturnRequest) {
    return this.tx.create.immediate(request);
  }

  /** Runs inside BEGIN IMMEDIATE: the order cannot move between its read and the insert. */
  private createIn(r: NewReturnRequest): { request: ReturnRequest; event: LoggedEvent } | null {
    const order = this.q.order.get(r.orderId);
    if (!order || order.status !== 'delivered' || order.version !== r.orderVersion) return null;
    const inserted = this.q.insert.get(r.orderId, r.buyerId, r.sellerId, r.reason, r.message, r.now);
    if (!inserted) throw returnAlreadyRequested();
    const request = requestedRecord(r, inserted.id);
    return { request, event: this.log.append({ type: 'return:requested', returnRequest: request }, r.now) };
  }

  async find(id: number): Promise<ReturnRequest | null> {
    const row = this.q.find.get(id);
    return row ? toReturnRequest(row) : null;
  }

  async latestFor(orderIds: number[]): Promise<Map<number, ReturnRequest>> {
    const latest = new Map<number, ReturnRequest>();
    if (orderIds.length === 0) return latest;
    // Oldest first: the last one seen of an order is its latest.
    for (const row of this.latest(orderIds)) latest.set(row.orderId, toReturnRequest(row));
    return latest;
  }

  async listBySeller(sellerId: number, query: SellerReturnQuery) {
    const { rows, counts } = this.tx.list(sellerId, query);
    return sellerReturnPage(rows, counts, query.status);
  }

  async decline(decided: ReturnRequest): Promise<LoggedEvent | null> {
    return this.tx.decline.immediate(decided);
  }

  private declineIn(decided: ReturnRequest): LoggedEvent | null {
    if (decided.decidedAt === null) throw new Error('a decision has its time');
    if (this.q.decide.run(...decisionValues(decided)).changes === 0) return null;
    return this.log.append({ type: 'return:decided', returnRequest: decided }, decided.decidedAt);
  }
}
