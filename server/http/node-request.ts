/**
 * Cheap access to the Node request/response behind @hono/node-server. Reading a header
 * through `c.req.header()` builds a WHATWG Headers object from the raw headers on first
 * use, and touching `c.req.raw.body` builds a whole WHATWG Request: both cost more than
 * the rest of a hot GET. Node has already parsed the headers into a plain object, so read
 * that when it is there. Requests without a Node socket (app.request in tests) take the
 * standard path, with the same results.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Context } from 'hono';

interface NodeBindings {
  incoming?: IncomingMessage;
  outgoing?: ServerResponse;
}

/** The Node response when serving over @hono/node-server, else undefined. */
export function nodeResponse(c: Context): ServerResponse | undefined {
  const outgoing = (c.env as NodeBindings | undefined)?.outgoing;
  return outgoing && typeof outgoing.setHeader === 'function' ? outgoing : undefined;
}

/** A request header by its lower-case name, as `c.req.header(name)` returns it. */
export function headerOf(c: Context, lowerCaseName: string): string | undefined {
  const headers = (c.env as NodeBindings | undefined)?.incoming?.headers;
  if (!headers) return c.req.header(lowerCaseName);
  const value = headers[lowerCaseName];
  return Array.isArray(value) ? value.join(', ') : value;
}
