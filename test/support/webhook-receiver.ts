/**
 * A real HTTP receiver for webhooks on a free loopback port: it records every request
 * (headers, raw body, arrival time) and answers as the test says — a status, or nothing for a
 * while (a hanging endpoint).
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { z } from 'zod';

export interface ReceivedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  at: number;
}

/**
 * What to answer the n-th request (1-based): a status, `{ hangMs }` to answer 200 only after
 * that long, or `{ redirectTo }` for a 307 there.
 */
export type Answer = number | { hangMs: number; status?: number } | { redirectTo: string };

export interface WebhookReceiver {
  url: string;
  port: number;
  received: ReceivedRequest[];
  /** Changes what later requests get. */
  answer(respond: (n: number, request: ReceivedRequest) => Answer): void;
  /** Resolves once `predicate` holds for what arrived, or fails saying what did arrive. */
  waitFor(predicate: (received: ReceivedRequest[]) => boolean, timeoutMs?: number, what?: string): Promise<ReceivedRequest[]>;
  close(): Promise<void>;
}

export async function startWebhookReceiver(respond: (n: number, request: ReceivedRequest) => Answer = () => 200): Promise<WebhookReceiver> {
  const received: ReceivedRequest[] = [];
  let answerWith = respond;
  const hanging = new Set<NodeJS.Timeout>();
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const request: ReceivedRequest = {
        method: req.method ?? '',
        path: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
        at: Date.now(),
      };
      received.push(request);
      const answer = answerWith(received.length, request);
      if (typeof answer === 'number') {
        res.writeHead(answer).end();
        return;
      }
      if ('redirectTo' in answer) {
        res.writeHead(307, { location: answer.redirectTo }).end();
        return;
      }
      const timer = setTimeout(() => {
        hanging.delete(timer);
        if (!res.destroyed) res.writeHead(answer.status ?? 200).end();
      }, answer.hangMs);
      hanging.add(timer);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    port,
    received,
    answer: (next) => {
      answerWith = next;
    },
    async waitFor(predicate, timeoutMs = 15_000, what = 'the expected requests') {
      const deadline = Date.now() + timeoutMs;
      while (!predicate(received)) {
        if (Date.now() > deadline) {
          const summary = received.map((r) => `${r.headers['webhook-id']} ${r.body.slice(0, 120)}`).join('\n');
          throw new Error(`receiver: ${what} did not arrive within ${timeoutMs} ms; got ${received.length}:\n${summary}`);
        }
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
      return received;
    },
    async close() {
      for (const timer of hanging) clearTimeout(timer);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

const Payload = z.strictObject({ type: z.string(), timestamp: z.iso.datetime(), data: z.record(z.string(), z.unknown()) });

/** The request's payload, verified with the `standardwebhooks` package (throws when the signature does not verify). */
export function verified(secret: string, request: ReceivedRequest): z.infer<typeof Payload> {
  const headers: Record<string, string> = {};
  for (const name of ['webhook-id', 'webhook-timestamp', 'webhook-signature']) {
    const value = request.headers[name];
    if (typeof value === 'string') headers[name] = value;
  }
  return Payload.parse(new Webhook(secret).verify(request.body, headers));
}
