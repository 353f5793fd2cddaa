/** A router for declared routes: what does not fit a declaration is a 400 through the one error mapping. */
import { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from './app-env.js';
import { refuseInvalid } from './validation.js';

export function createRouter() {
  return new OpenAPIHono<AppEnv>({ defaultHook: refuseInvalid });
}
