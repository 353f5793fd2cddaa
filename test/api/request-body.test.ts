/**
 * However a JSON body reaches the server — with its headers, after them in pieces, or chunked —
 * it is read whole; and a body that never arrives whole is a client's doing, not an error of ours.
 */
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../support/socket-client.js';
import { PASSWORD, registerBuyer } from '../support/factories.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

let server: TestServer;
let email: string;
beforeAll(async () => {
  server = await startTestServer();
  email = (await registerBuyer(server.url)).user.email;
});
afterAll(() => server.stop());

/** Sends the head with `first` right behind it, then each later part after a pause; resolves with the status code. */
function rawPost(headers: string[], first: string, later: string[] = []): Promise<number> {
  const { port } = new URL(server.url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), '127.0.0.1');
    let received = '';
    socket.on('data', (chunk) => {
      received += chunk.toString('latin1');
      const match = /^HTTP\/1\.1 (\d{3})/.exec(received);
      if (match) {
        socket.destroy();
        resolve(Number(match[1]));
      }
    });
    socket.on('error', reject);
    socket.once('connect', async () => {
      const head = ['POST /api/auth/login HTTP/1.1', `Host: 127.0.0.1:${port}`, 'Content-Type: application/json', ...headers, '', ''];
      socket.write(head.join('\r\n') + first);
      for (const part of later) {
        await new Promise((r) => setTimeout(r, 30));
        socket.write(part);
      }
    });
  });
}

const login = (password = PASSWORD) => JSON.stringify({ email, password });
const length = (body: string) => `Content-Length: ${Buffer.byteLength(body)}`;

it('reads a body sent with its headers', async () => {
  expect(await rawPost([length(login())], login())).toBe(200);
});

it('reads a body that arrives after its headers, in pieces', async () => {
  const body = login();
  const half = Math.floor(body.length / 2);
  expect(await rawPost([length(body)], '', [body.slice(0, half), body.slice(half)])).toBe(200);
});

it('reads a chunked body', async () => {
  const body = login();
  const chunk = (s: string) => `${Buffer.byteLength(s).toString(16)}\r\n${s}\r\n`;
  expect(await rawPost(['Transfer-Encoding: chunked'], chunk(body.slice(0, 10)), [chunk(body.slice(10)) + '0\r\n\r\n'])).toBe(200);
});

it('still refuses a wrong password sent in one piece (the body really is read)', async () => {
  const body = login('not the password');
  expect(await rawPost([length(body)], body)).toBe(401);
});

it('keeps serving after a client goes away half-way through a body', async () => {
  const { port } = new URL(server.url);
  const body = login();
  await new Promise<void>((resolve, reject) => {
    const socket = connect(Number(port), '127.0.0.1');
    socket.on('error', reject);
    socket.once('connect', () => {
      const head = ['POST /api/auth/login HTTP/1.1', `Host: 127.0.0.1:${port}`, 'Content-Type: application/json', length(body), '', ''];
      socket.write(head.join('\r\n') + body.slice(0, 5), () => setTimeout(() => socket.destroy(), 30));
      socket.once('close', () => resolve());
    });
  });
  expect(await rawPost([length(body)], body)).toBe(200);
});

describe('a client that goes away half-way through a chunked body', () => {
  it('is logged as a client abort (info, no stack), not as an unhandled error, and writes nothing', async () => {
    const lines: { level: number; msg: string; err?: unknown }[] = [];
    const logTo = { write: (line: string) => void lines.push(JSON.parse(line) as (typeof lines)[number]) };
    const node = await startTestServer({ LOG_LEVEL: 'info' }, { logTo });
    try {
      const buyer = await registerBuyer(node.url);
      const before = await node.db.counts();
      const { port } = new URL(node.url);
      await new Promise<void>((resolve, reject) => {
        const socket = connect(Number(port), '127.0.0.1');
        socket.on('error', reject);
        socket.once('connect', () => {
          const head = [
            'POST /api/place-order HTTP/1.1',
            `Host: 127.0.0.1:${port}`,
            'Content-Type: application/json',
            'Transfer-Encoding: chunked',
            `Cookie: ${buyer.client.cookieHeader}`,
            '',
            '',
          ];
          socket.write(head.join('\r\n') + '10\r\n{"payment_method"\r\n', () => setTimeout(() => socket.destroy(), 50));
          socket.once('close', () => resolve());
        });
      });
      await eventually(() => lines.some((l) => l.msg === 'client aborted the request'), 'the abort is logged');
      const abort = lines.find((l) => l.msg === 'client aborted the request');
      expect(abort?.level).toBe(30);
      expect(abort).not.toHaveProperty('err');
      expect(lines.filter((l) => l.level >= 50), JSON.stringify(lines)).toEqual([]);
      expect(await node.db.counts()).toEqual(before);
    } finally {
      await node.stop();
    }
  });
});
