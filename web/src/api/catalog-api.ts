import type { ProductBody, ProductListBody } from '../../../server/contract/api.js';
import { apiRequest } from './api-client.js';

export function fetchProducts(query: { q: string; page: number; limit: number }): Promise<ProductListBody> {
  const params = new URLSearchParams({ page: String(query.page), limit: String(query.limit) });
  if (query.q) params.set('q', query.q);
  return apiRequest<ProductListBody>(`/api/products?${params}`);
}

export async function fetchProduct(id: number): Promise<ProductBody> {
  const { product } = await apiRequest<{ product: ProductBody }>(`/api/products/${id}`);
  return product;
}
