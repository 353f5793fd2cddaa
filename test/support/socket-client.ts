/** Real Socket.IO clients for tests, logged in through a TestClient's session cookie. */
import { io as connect, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, OrderCreatedEvent, OrderStatusEvent, ServerToClientEvents, WatchAck } from '../../server/contract/api.js';
import type { TestClient } from './http-client.js';

export type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export interface Recorder {
  socket: ClientSocket;
  statuses: OrderStatusEvent[];
  created: OrderCreatedEvent[];
}

export function openSocket(baseUrl: string, client: TestClient | null, headers: Record<string, string> = {}): ClientSocket {
  return connect(baseUrl, {
    path: '/socket.io',
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
    extraHeaders: { ...(client ? { cookie: client.cookieHeader } : {}), ...headers },
  });
}

/** Resolves on connect, rejects with the connect_error's message. */
export function connected(socket: ClientSocket, timeoutMs = 5_000): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('socket did not connect in time')), timeoutMs);
    socket.once('connect', () => {
      clearTimeout(timer);
      resolve();
    });
    socket.once('connect_error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
  });
}

export async function connectedRecorder(baseUrl: string, client: TestClient): Promise<Recorder> {
  const socket = openSocket(baseUrl, client);
  const recorder: Recorder = { socket, statuses: [], created: [] };
  socket.on('order:status', (e) => recorder.statuses.push(e));
  socket.on('order:created', (e) => recorder.created.push(e));
  await connected(socket);
  return recorder;
}

export function watch(socket: ClientSocket, orderId: number): Promise<WatchAck> {
  return socket.timeout(5_000).emitWithAck('order:watch', { order_id: orderId });
}

/** Polls until the condition holds, failing with the message after the deadline. */
export async function eventually(
  condition: () => boolean | Promise<boolean>,
  message: string,
  timeoutMs = 5_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out: ${message}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
