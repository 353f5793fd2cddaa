/** The buyer's cart. */
import { z } from 'zod';
import { CartBody } from '../../contract/api.js';
import { cartItemSchema, cartQuantitySchema, pathId } from '../../contract/request-schemas.js';
import { declareRoute, errors, jsonBody, jsonContent, signedIn } from './shared.js';

const tags = ['Cart'];
const cart = z.strictObject({ cart: CartBody });
const itemId = z.object({ id: pathId });
const notEnough = { 409: 'insufficient_stock: not that many in stock (details say how many are left)' };

export const getCart = declareRoute({
  method: 'get',
  path: '/api/cart',
  tags,
  summary: "The buyer's cart",
  ...signedIn,
  responses: { 200: jsonContent(CartBody, 'Lines with their products and the total'), ...errors([401, 403]) },
});

export const addCartItem = declareRoute({
  method: 'post',
  path: '/api/cart/items',
  tags,
  summary: 'Add a line (the same product, size and colour again adds to its quantity)',
  ...signedIn,
  request: { body: jsonBody(cartItemSchema) },
  responses: { 201: jsonContent(cart, 'The cart after the change'), ...errors([401, 404, 409], notEnough) },
});

export const setCartQuantity = declareRoute({
  method: 'patch',
  path: '/api/cart/items/{id}',
  tags,
  summary: "Set a line's quantity",
  ...signedIn,
  request: { params: itemId, body: jsonBody(cartQuantitySchema) },
  responses: { 200: jsonContent(cart, 'The cart after the change'), ...errors([401, 404, 409], notEnough) },
});

export const removeCartItem = declareRoute({
  method: 'delete',
  path: '/api/cart/items/{id}',
  tags,
  summary: 'Remove a line',
  ...signedIn,
  request: { params: itemId },
  responses: { 200: jsonContent(cart, 'The cart after the change'), ...errors([400, 401, 403, 404]) },
});
