/** A router for declared routes: what does not fit a declaration is a 400 through the one error mapping. */
import { OpenAPIHono } from '@hono/zod-openapi';
import { RegExpRouter } from 'hono/router/reg-exp-router';
import type { AppEnv } from './app-env.js';
import { refuseInvalid } from './validation.js';

/**
 * Hono's RegExpRouter matches a request with one regular expression, where the trie router
 * Hono falls back to walks the path segment by segment: on a cached status read that walk
 * costs about a third of the server's CPU. It takes every path shape except a param pattern
 * beside another param at the same level, and refuses such a route when it is added, so the
 * server does not start with one.
 */
export function createRouter() {
  return new OpenAPIHono<AppEnv>({ defaultHook: refuseInvalid, router: new RegExpRouter() });
}

/** Builds the matcher at start-up rather than on the first request, which would pay for it. */
export function buildMatcher(app: ReturnType<typeof createRouter>): void {
  app.router.match('GET', '/');
}
