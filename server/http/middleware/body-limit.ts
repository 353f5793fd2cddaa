/**
 * The request body limit, as a declared route's own middleware: behind the session check
 * (a route that needs a session says 401 before it looks at the body) and before the
 * validators that read the body. Declared routes get it from declareRoute, which documents
 * the 413 it answers.
 */
import { bodyLimit } from 'hono/body-limit';
import type { MiddlewareHandler } from 'hono';
import { DomainError } from '../../domain/errors.js';

export const MAX_BODY_BYTES = 64 * 1024;

/**
 * hono/body-limit, without its cost where it cannot matter. A body with a Content-Length (and
 * no Transfer-Encoding) is exactly that long, Node's parser sees to it, so its header alone
 * decides, as bodyLimit itself decides it, but without touching `c.req.raw.body`: that would
 * turn @hono/node-server's direct read of the body into a WHATWG stream, the largest single
 * cost of a checkout's request handling in a profile. Chunked bodies are counted as they are
 * read, by bodyLimit.
 */
export function limitBody(maxBytes: number): MiddlewareHandler {
  const tooLarge = (): never => {
    throw new DomainError('payload_too_large', `Request bodies are limited to ${maxBytes / 1024} KiB`);
  };
  const counting = bodyLimit({ maxSize: maxBytes, onError: tooLarge });
  return (c, next) => {
    const length = c.req.header('content-length');
    if (length === undefined || c.req.header('transfer-encoding') !== undefined) return counting(c, next);
    if (Number.parseInt(length, 10) > maxBytes) tooLarge();
    return next();
  };
}
