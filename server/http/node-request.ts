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

/**
 * The body as text when Node already holds all of it: a small body arrives with the headers,
 * and Node's parser has put it in the request stream's buffer. Reading it from there skips the
 * wait for the stream's 'data' and 'end' events, which costs more than the rest of a small
 * POST's parsing. Only for a Content-Length body (its size was checked against the limit from
 * the header, see create-app.ts); undefined otherwise, or when the body was read already, and
 * the caller takes the standard path.
 */
export function receivedBody(c: Context): string | undefined {
  const incoming = (c.env as NodeBindings | undefined)?.incoming;
  if (!incoming?.complete || incoming.readableDidRead || incoming.readableFlowing || incoming.readableEncoding !== null) return undefined;
  if (incoming.headers['content-length'] === undefined || incoming.headers['transfer-encoding'] !== undefined) return undefined;
  const chunks: Buffer[] = [];
  // With no encoding set, a request stream yields Buffers.
  for (let chunk = incoming.read() as Buffer | null; chunk !== null; chunk = incoming.read() as Buffer | null) chunks.push(chunk);
  return (chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks)).toString('utf8');
}

/** A request header by its lower-case name, as `c.req.header(name)` returns it. */
export function headerOf(c: Context, lowerCaseName: string): string | undefined {
  const headers = (c.env as NodeBindings | undefined)?.incoming?.headers;
  if (!headers) return c.req.header(lowerCaseName);
  const value = headers[lowerCaseName];
  return Array.isArray(value) ? value.join(', ') : value;
}
