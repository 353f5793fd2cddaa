import { presentCarriers } from '../../contract/presenters.js';
import * as declared from '../declarations/carriers.js';
import { createRouter } from '../router.js';

export function carrierRoutes() {
  const body = presentCarriers();
  return createRouter().openapi(declared.listCarriers, (c) => c.json(body, 200));
}
