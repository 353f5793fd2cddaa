/**
 * The carriers a seller can pick when shipping, as data: each one's tracking page (the
 * tracking number goes into `{tracking_number}`, URL-encoded) and the window, in business
 * days after the ship date, in which its parcels usually arrive. A carrier outside this list
 * is free text: no tracking link and no default delivery window can be known for it.
 */

export interface Carrier {
  readonly code: string;
  readonly name: string;
  /** An https URL with one `{tracking_number}` placeholder. */
  readonly trackingUrl: string;
  /** Business days (Monday–Friday) after the ship date: the first and the last likely day. */
  readonly deliveryDays: readonly [earliest: number, latest: number];
}

export const CARRIERS = [
  { code: 'ups', name: 'UPS', trackingUrl: 'https://www.ups.com/track?tracknum={tracking_number}', deliveryDays: [1, 5] },
  { code: 'usps', name: 'USPS', trackingUrl: 'https://tools.usps.com/go/TrackConfirmAction?tLabels={tracking_number}', deliveryDays: [2, 5] },
  { code: 'fedex', name: 'FedEx', trackingUrl: 'https://www.fedex.com/fedextrack/?trknbr={tracking_number}', deliveryDays: [1, 5] },
  { code: 'dhl_express', name: 'DHL Express', trackingUrl: 'https://www.dhl.com/global-en/home/tracking.html?tracking-id={tracking_number}', deliveryDays: [1, 4] },
  { code: 'royal_mail', name: 'Royal Mail', trackingUrl: 'https://www.royalmail.com/track-your-item#/tracking-results/{tracking_number}', deliveryDays: [1, 3] },
  { code: 'colissimo', name: 'La Poste Colissimo', trackingUrl: 'https://www.laposte.fr/outils/suivre-vos-envois?code={tracking_number}', deliveryDays: [2, 4] },
  { code: 'dpd', name: 'DPD', trackingUrl: 'https://tracking.dpd.de/status/en_US/parcel/{tracking_number}', deliveryDays: [1, 3] },
  { code: 'postnl', name: 'PostNL', trackingUrl: 'https://jouw.postnl.nl/track-and-trace/{tracking_number}', deliveryDays: [1, 3] },
  { code: 'canada_post', name: 'Canada Post', trackingUrl: 'https://www.canadapost-postescanada.ca/track-reperage/en#/search?searchFor={tracking_number}', deliveryDays: [2, 7] },
  { code: 'australia_post', name: 'Australia Post', trackingUrl: 'https://auspost.com.au/mypost/track/details/{tracking_number}', deliveryDays: [2, 6] },
] as const satisfies readonly Carrier[];

export type CarrierCode = (typeof CARRIERS)[number]['code'];

export const CARRIER_CODES = CARRIERS.map((c) => c.code) as [CarrierCode, ...CarrierCode[]];

const BY_CODE: ReadonlyMap<string, Carrier> = new Map(CARRIERS.map((c) => [c.code, c]));

export function findCarrier(code: string): Carrier | undefined {
  return BY_CODE.get(code);
}

export function isCarrierCode(value: unknown): value is CarrierCode {
  return typeof value === 'string' && BY_CODE.has(value);
}

/** The carrier's tracking page for this parcel; null unless both the carrier and the number are known. */
export function trackingUrl(carrierCode: string | null, trackingNumber: string | null): string | null {
  const carrier = carrierCode === null ? undefined : findCarrier(carrierCode);
  if (!carrier || !trackingNumber) return null;
  return carrier.trackingUrl.replace('{tracking_number}', encodeURIComponent(trackingNumber));
}

/** A delivery window as calendar dates (`YYYY-MM-DD`), both ends included. */
export interface DeliveryWindow {
  earliest: string;
  latest: string;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Whether `value` is a real calendar date written `YYYY-MM-DD` (2026-02-30 is not). */
export function isIsoDate(value: string): boolean {
  const m = ISO_DATE.exec(value);
  if (!m) return false;
  const date = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return date.toISOString().slice(0, 10) === value;
}

const DAY_MS = 86_400_000;

/**
 * The calendar date `days` business days after the UTC date of `from`. Weekends are skipped;
 * public holidays differ by country and are not (a window is an estimate, said as one).
 */
export function addBusinessDays(from: number, days: number): string {
  let at = Math.floor(from / DAY_MS) * DAY_MS;
  let left = days;
  while (left > 0) {
    at += DAY_MS;
    const weekday = new Date(at).getUTCDay();
    if (weekday !== 0 && weekday !== 6) left -= 1;
  }
  return new Date(at).toISOString().slice(0, 10);
}

/** The carrier's usual window for a parcel shipped at `shippedAt`; null for a carrier not in the list. */
export function defaultDeliveryWindow(carrierCode: string | null, shippedAt: number): DeliveryWindow | null {
  const carrier = carrierCode === null ? undefined : findCarrier(carrierCode);
  if (!carrier) return null;
  const [earliest, latest] = carrier.deliveryDays;
  return { earliest: addBusinessDays(shippedAt, earliest), latest: addBusinessDays(shippedAt, latest) };
}
