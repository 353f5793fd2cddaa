/** Bodies the web tests build orders from: an order's shipment before anything has shipped. */
import type { ShipmentBody } from '../../../server/contract/api.js';

export const UNSHIPPED: ShipmentBody = {
  carrier: null,
  carrier_code: null,
  tracking_number: null,
  tracking_url: null,
  status: 'pending',
  shipped_at: null,
  delivered_at: null,
  estimated_delivery: null,
};
