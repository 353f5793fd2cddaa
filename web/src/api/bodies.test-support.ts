/** API bodies for page tests: a plausible value, with what the test cares about overridden. */
import type { ProductBody } from '../../../server/contract/api.js';

export function productBody(overrides: Partial<ProductBody> = {}): ProductBody {
  return {
    id: 9,
    name: 'Tee',
    description: '',
    price: 2400,
    currency: 'USD',
    stock: 10,
    sizes: [],
    colors: [],
    image_url: null,
    seller_id: 1,
    store_name: 'Urban Threads',
    active: true,
    ...overrides,
  };
}
