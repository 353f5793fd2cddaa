/** The real socket: same origin, websocket only, session cookie sent with the handshake. */
import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents } from '../../../server/contract/api.js';
import type { LiveSocket } from './live-socket.js';

export function createAppSocket(): LiveSocket {
  const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io({
    path: '/socket.io',
    transports: ['websocket'],
    withCredentials: true,
    // A WebSocket closed before the Socket.IO handshake completes raises no error: the
    // client only gives up on the attempt at this timeout (20 s by default), then retries.
    timeout: 8_000,
  });
  return socket;
}
