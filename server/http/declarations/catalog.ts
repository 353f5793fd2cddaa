/** The public catalog and the seller's own products. */
import { createRoute } from '@hono/zod-openapi';
import { z } from 'zod';
import { ProductBody, ProductListBody } from '../../contract/api.js';
import { newProductSchema, pathId, productPatchSchema, productQuerySchema } from '../../contract/request-schemas.js';
import { BODY_ERRORS, errors, jsonBody, jsonContent, signedIn } from './shared.js';

const tags = ['Catalog'];
const product = z.strictObject({ product: ProductBody });
const productId = z.object({ id: pathId });

export const listProducts = createRoute({
  method: 'get',
  path: '/api/products',
  tags,
  summary: 'Search the active products',
  request: { query: productQuerySchema },
  responses: { 200: jsonContent(ProductListBody, 'A page of products, newest first'), ...errors([400]) },
});

export const getProduct = createRoute({
  method: 'get',
  path: '/api/products/{id}',
  tags,
  summary: 'One product',
  description: 'Inactive products are found by their own seller only.',
  request: { params: productId },
  responses: { 200: jsonContent(product, 'The product'), ...errors([400, 404]) },
});

export const listOwnProducts = createRoute({
  method: 'get',
  path: '/api/seller/products',
  tags,
  summary: "The seller's products, active or not",
  ...signedIn,
  responses: { 200: jsonContent(z.strictObject({ products: z.array(ProductBody) }), 'Every product of this seller'), ...errors([401, 403]) },
});

export const createProduct = createRoute({
  method: 'post',
  path: '/api/seller/products',
  tags,
  summary: 'Add a product',
  ...signedIn,
  request: { body: jsonBody(newProductSchema) },
  responses: { 201: jsonContent(product, 'Created'), ...errors([...BODY_ERRORS, 401]) },
});

export const updateProduct = createRoute({
  method: 'patch',
  path: '/api/seller/products/{id}',
  tags,
  summary: 'Change a product',
  description: 'Any subset of the fields; `active: false` takes it out of the catalog.',
  ...signedIn,
  request: { params: productId, body: jsonBody(productPatchSchema) },
  responses: { 200: jsonContent(product, 'The product as changed'), ...errors([...BODY_ERRORS, 401, 404]) },
});
