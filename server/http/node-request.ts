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
 * The body of a Content-Length request, read straight from Node's request stream. Hono's
 * `c.req.text()` goes through a WHATWG Request and its ReadableStream, which costs more
 * than the rest of a small POST's parsing. The body usually arrives with the headers, but
 * the handler starts (and runs its middleware) before Node's parser has taken the body, so
 * it is either in the stream's buffer already or a few events away. Its size was checked
 * against the limit from the header (see create-app.ts). Undefined for chunked bodies, when
 * the stream was read already, or without a Node request: the caller takes the standard path.
 */
export function nodeBody(c: Context): string | Promise<string> | undefined {
  const incoming = (c.env as NodeBindings | undefined)?.incoming;
  return incoming && contentLengthBody(incoming);
}

/** The body of a Content-Length request as text, once it is all in (see nodeBody). */
export function contentLengthBody(incoming: IncomingMessage): string | Promise<string> | undefined {
  if (incoming.readableDidRead || incoming.readableFlowing !== null || incoming.readableEncoding !== null) return undefined;
  if (incoming.headers['content-length'] === undefined || incoming.headers['transfer-encoding'] !== undefined) return undefined;
  // With no encoding set, a request stream yields Buffers.
  const chunks: Buffer[] = [];
  const text = () => (chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks)).toString('utf8');
  if (incoming.complete) {
    for (let chunk = incoming.read() as Buffer | null; chunk !== null; chunk = incoming.read() as Buffer | null) chunks.push(chunk);
    return text();
  }
  // Node's parser has checked that the body is exactly this long: once that much is here,
  // it is whole, and the 'end' event (a tick later) need not be waited for.
  const length = Number(incoming.headers['content-length']);
  return new Promise<string>((resolve, reject) => {
    let received = 0;
    const fail = () => reject(new Error('the request body did not arrive whole'));
    incoming.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      received += chunk.length;
      if (received >= length) resolve(text());
    });
    incoming.once('error', fail);
    incoming.once('end', () => resolve(text()));
    incoming.once('close', () => {
      if (!incoming.complete) fail();
    });
  });
}

/** A request header by its lower-case name, as `c.req.header(name)` returns it. */
export function headerOf(c: Context, lowerCaseName: string): string | undefined {
  const incoming = (c.env as NodeBindings | undefined)?.incoming;
  return incoming ? incomingHeader(incoming, lowerCaseName) : c.req.header(lowerCaseName);
}

/** A Node request's header by its lower-case name, repeated values joined as `headerOf` does. */
export function incomingHeader(incoming: IncomingMessage, lowerCaseName: string): string | undefined {
  const value = incoming.headers[lowerCaseName];
  return Array.isArray(value) ? value.join(', ') : value;
}

export function isEncrypted(incoming: IncomingMessage): boolean {
  return 'encrypted' in incoming.socket && incoming.socket.encrypted === true;
}
