/** The public catalog and the seller's own products. */
import { z } from 'zod';
import { ProductBody, ProductListBody } from '../../contract/api.js';
import { newProductSchema, pathId, productImageFileName, productPatchSchema, productQuerySchema } from '../../contract/request-schemas.js';
import { IMAGE_TYPES, MAX_IMAGE_BYTES } from '../../domain/product-image.js';
import { declareRoute, errors, jsonBody, jsonContent, signedIn } from './shared.js';

const tags = ['Catalog'];
const product = z.strictObject({ product: ProductBody });
const productId = z.object({ id: pathId });

export const listProducts = declareRoute({
  method: 'get',
  path: '/api/products',
  tags,
  summary: 'Search the active products',
  request: { query: productQuerySchema },
  responses: { 200: jsonContent(ProductListBody, 'A page of products, newest first'), ...errors([400]) },
});

export const getProduct = declareRoute({
  method: 'get',
  path: '/api/products/{id}',
  tags,
  summary: 'One product',
  description: 'Inactive products are found by their own seller only.',
  request: { params: productId },
  responses: { 200: jsonContent(product, 'The product'), ...errors([400, 404]) },
});

export const listOwnProducts = declareRoute({
  method: 'get',
  path: '/api/seller/products',
  tags,
  summary: "The seller's products, active or not",
  ...signedIn,
  responses: { 200: jsonContent(z.strictObject({ products: z.array(ProductBody) }), 'Every product of this seller'), ...errors([401, 403]) },
});

export const createProduct = declareRoute({
  method: 'post',
  path: '/api/seller/products',
  tags,
  summary: 'Add a product',
  ...signedIn,
  request: { body: jsonBody(newProductSchema) },
  responses: { 201: jsonContent(product, 'Created'), ...errors([401]) },
});

export const updateProduct = declareRoute({
  method: 'patch',
  path: '/api/seller/products/{id}',
  tags,
  summary: 'Change a product',
  description: 'Any subset of the fields; `active: false` takes it out of the catalog.',
  ...signedIn,
  request: { params: productId, body: jsonBody(productPatchSchema) },
  responses: { 200: jsonContent(product, 'The product as changed'), ...errors([401, 404]) },
});

/** A product picture's upload: the picture and its multipart framing (the picture itself is held to its own limit). */
const MAX_UPLOAD_BYTES = MAX_IMAGE_BYTES + 64 * 1024;

export const uploadProductImage = declareRoute({
  method: 'post',
  path: '/api/seller/products/{id}/image',
  tags,
  summary: "Upload the product's picture",
  description: [
    `Multipart form field \`image\`: a PNG, JPEG or WebP picture (told by its content, not its name or declared type), at most ${MAX_IMAGE_BYTES / 1024 / 1024} MB.`,
    "It replaces the product's picture and is kept in the database, so every node serves it; the product's `image_url` becomes",
    'a new URL for every new picture, served with a year-long cache lifetime.',
  ].join(' '),
  ...signedIn,
  request: {
    params: productId,
    body: { required: true, content: { 'multipart/form-data': { schema: z.object({ image: z.file().meta({ type: 'string', format: 'binary', description: 'The picture' }) }) } } },
  },
  responses: {
    200: jsonContent(product, 'The product with its new image_url'),
    ...errors([401, 404], {
      403: "forbidden: not a seller, or another seller's product; or cross_site_request",
      413: `payload_too_large: the picture is over ${MAX_IMAGE_BYTES / 1024 / 1024} MB`,
      415: 'unsupported_media_type: not a multipart form, or the file is not a PNG, JPEG or WebP picture',
    }),
  },
}, { maxBodyBytes: MAX_UPLOAD_BYTES });

const imageResponse = { schema: z.string().meta({ format: 'binary' }) };

export const productImage = declareRoute({
  method: 'get',
  path: '/images/products/{id}/{file}',
  tags,
  summary: "A product's uploaded picture",
  description: 'The URL names one version of the picture (`image_url` of the product): it never changes, and may be cached for a year.',
  request: { params: z.object({ id: pathId, file: productImageFileName }) },
  responses: {
    200: {
      description: 'The picture',
      content: Object.fromEntries(Object.keys(IMAGE_TYPES).map((type) => [type, imageResponse])),
    },
    ...errors([400, 404], { 404: 'not_found: no such product, no picture, or not its current one' }),
  },
});
