/**
 * The seller's orders as CSV (RFC 4180: CRLF between records, a field quoted when it holds a
 * comma, a quote, CR or LF, quotes doubled). A cell that a spreadsheet would run as a formula
 * (starting with =, +, -, @, tab or CR) gets a leading `'`.
 */
import { stringify } from 'csv-stringify/sync';
import type { SellerOrderExportRow } from '../domain/model.js';
import { CURRENCY, decimalCents } from '../domain/money.js';
import { iso } from './presenters.js';

export const ORDERS_CSV_COLUMNS = [
  'order_number',
  'created_at',
  'customer_name',
  'status',
  'item_count',
  'total',
  'currency',
  'carrier',
  'tracking_number',
] as const;

const OPTIONS = {
  record_delimiter: 'windows',
  escape_formulas: true,
  // csv-stringify quotes a field holding the record delimiter (CRLF), not a lone CR or LF.
  quoted_match: /[\r\n]/,
} as const;

export const ordersCsvHeader = (): string => stringify([[...ORDERS_CSV_COLUMNS]], OPTIONS);

/** Rows as CSV records, each ending in CRLF. */
export function ordersCsvRecords(rows: readonly SellerOrderExportRow[]): string {
  return stringify(
    rows.map((r) => [
      r.orderNumber,
      iso(r.createdAt),
      r.customerName,
      r.status,
      String(r.itemCount),
      decimalCents(r.totalAmount),
      CURRENCY,
      r.carrier ?? '',
      r.trackingNumber ?? '',
    ]),
    OPTIONS,
  );
}

/** `orders-YYYY-MM-DD.csv`, the day (UTC) of the export. */
export const ordersCsvFilename = (now: number): string => `orders-${iso(now).slice(0, 10)}.csv`;
