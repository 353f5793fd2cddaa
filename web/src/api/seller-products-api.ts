import type { z } from 'zod';
import type { ProductBody } from '../../../server/contract/api.js';
import type { newProductSchema, productPatchSchema } from '../../../server/contract/request-schemas.js';
import { apiRequest } from './api-client.js';

/** What the server's own request schemas take (types only: nothing of zod reaches the bundle). */
export type ProductInput = z.input<typeof newProductSchema>;
export type ProductPatchInput = z.input<typeof productPatchSchema>;

export async function fetchOwnProducts(): Promise<ProductBody[]> {
  return (await apiRequest<{ products: ProductBody[] }>('/api/seller/products', { cache: 'no-store' })).products;
}

export async function createOwnProduct(input: ProductInput): Promise<ProductBody> {
  return (await apiRequest<{ product: ProductBody }>('/api/seller/products', { method: 'POST', body: input })).product;
}

export async function updateOwnProduct(id: number, patch: ProductPatchInput): Promise<ProductBody> {
  return (await apiRequest<{ product: ProductBody }>(`/api/seller/products/${id}`, { method: 'PATCH', body: patch })).product;
}

export async function uploadProductImage(id: number, file: File): Promise<ProductBody> {
  const form = new FormData();
  form.set('image', file);
  return (await apiRequest<{ product: ProductBody }>(`/api/seller/products/${id}/image`, { method: 'POST', body: form })).product;
}
