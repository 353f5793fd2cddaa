/**
 * Response headers that every response, or a hot one, carries. On @hono/node-server they go
 * onto the Node response underneath, which merges them into the head it writes: Hono keeps
 * extra headers in a WHATWG Headers object, whose validating setters and conversion back into
 * Node's header object cost more than the rest of a small cached read. Without a Node response
 * (app.request in tests) they go through Hono.
 */
import type { ServerResponse } from 'node:http';
import type { Context } from 'hono';

export type HeaderList = readonly (readonly [string, string])[];

function nodeResponse(c: Context): ServerResponse | undefined {
  const outgoing = (c.env as { outgoing?: ServerResponse } | undefined)?.outgoing;
  return outgoing && !outgoing.headersSent ? outgoing : undefined;
}

/** Sets the headers on the response this handler is about to return. */
export function setResponseHeaders(c: Context, headers: HeaderList): void {
  const outgoing = nodeResponse(c);
  for (const [name, value] of headers) {
    if (outgoing) outgoing.setHeader(name, value);
    else c.header(name, value);
  }
}

/** A middleware's way to put the headers on whatever response the rest of the chain makes. */
export function withResponseHeaders(c: Context, headers: HeaderList, next: () => Promise<void>): Promise<void> {
  const outgoing = nodeResponse(c);
  if (outgoing) {
    for (const [name, value] of headers) outgoing.setHeader(name, value);
    return next();
  }
  return next().then(() => {
    for (const [name, value] of headers) c.res.headers.set(name, value);
  });
}
