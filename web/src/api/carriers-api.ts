import type { CarriersBody } from '../../../server/contract/api.js';
import { apiRequest } from './api-client.js';

export type Carrier = CarriersBody['carriers'][number];

let carriers: Promise<Carrier[]> | null = null;

/** The built-in carrier list: asked once per page load (it changes only with a deploy); a failure is asked again next time. */
export function fetchCarriers(): Promise<Carrier[]> {
  carriers ??= apiRequest<CarriersBody>('/api/carriers').then(
    (body) => body.carriers,
    (error: unknown) => {
      carriers = null;
      throw error;
    },
  );
  return carriers;
}
