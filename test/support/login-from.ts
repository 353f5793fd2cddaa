/**
 * POST /api/auth/login over a connection of its own, opened from a chosen local address: the
 * socket peer a node (or nginx in front of it) sees. Linux routes all of 127.0.0.0/8 to the
 * loopback interface, so 127.0.0.2, 127.0.0.3, … need no set-up. Optional headers go along as
 * sent (an X-Forwarded-For a client writes itself, for instance).
 */
import { request } from 'node:http';
import type { Reply } from './http-client.js';

export interface LoginFrom {
  /** The connection's local (source) address; default 127.0.0.1. */
  from?: string;
  headers?: Record<string, string>;
}

export function loginFrom(baseUrl: string, email: string, password: string, { from = '127.0.0.1', headers = {} }: LoginFrom = {}): Promise<Reply<unknown>> {
  const { hostname, port } = new URL(baseUrl);
  const body = JSON.stringify({ email, password });
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: hostname,
        port,
        localAddress: from,
        method: 'POST',
        path: '/api/auth/login',
        headers: { ...headers, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
        agent: false,
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => {
          const replyHeaders = new Headers();
          for (const [name, value] of Object.entries(res.headers)) {
            for (const v of [value ?? []].flat()) replyHeaders.append(name, v);
          }
          const json = (res.headers['content-type'] ?? '').includes('application/json');
          resolve({ status: res.statusCode ?? 0, headers: replyHeaders, body: json && text ? (JSON.parse(text) as unknown) : text });
        });
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}
