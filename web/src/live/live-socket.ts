/**
 * The slice of a Socket.IO client socket the live modules use. socket.io-client's typed
 * Socket satisfies it; tests pass a small fake.
 */
import type { ClientToServerEvents, ServerToClientEvents } from '../../../server/contract/api.js';

export interface LiveSocketEvents extends ServerToClientEvents {
  connect: () => void;
  disconnect: (reason: string) => void;
  connect_error: (error: Error) => void;
}

export interface LiveSocket {
  readonly connected: boolean;
  /** false once socket.io-client gave up reconnecting by itself (refused handshake, server kick). */
  readonly active: boolean;
  // One overload per event (not a generic) so socket.io-client's own generic typing fits.
  on(event: 'connect', listener: LiveSocketEvents['connect']): unknown;
  on(event: 'disconnect', listener: LiveSocketEvents['disconnect']): unknown;
  on(event: 'connect_error', listener: LiveSocketEvents['connect_error']): unknown;
  on(event: 'order:status', listener: LiveSocketEvents['order:status']): unknown;
  on(event: 'order:created', listener: LiveSocketEvents['order:created']): unknown;
  on(event: 'return:requested', listener: LiveSocketEvents['return:requested']): unknown;
  on(event: 'return:decided', listener: LiveSocketEvents['return:decided']): unknown;
  off(event: 'connect', listener: LiveSocketEvents['connect']): unknown;
  off(event: 'disconnect', listener: LiveSocketEvents['disconnect']): unknown;
  off(event: 'connect_error', listener: LiveSocketEvents['connect_error']): unknown;
  off(event: 'order:status', listener: LiveSocketEvents['order:status']): unknown;
  off(event: 'order:created', listener: LiveSocketEvents['order:created']): unknown;
  off(event: 'return:requested', listener: LiveSocketEvents['return:requested']): unknown;
  off(event: 'return:decided', listener: LiveSocketEvents['return:decided']): unknown;
  emit(event: 'order:watch', ...args: Parameters<ClientToServerEvents['order:watch']>): unknown;
  emit(event: 'order:unwatch', ...args: Parameters<ClientToServerEvents['order:unwatch']>): unknown;
  connect(): unknown;
  disconnect(): unknown;
}

/** The arguments of one emit: the event's name, then its payload (and ack). */
export type LiveSocketEmit = { [E in keyof ClientToServerEvents]: [event: E, ...args: Parameters<ClientToServerEvents[E]>] }[keyof ClientToServerEvents];

/** Emits on `socket` what a stand-in for it (a deferred or shared socket) was asked to emit. */
export function emitOn(socket: LiveSocket, emit: LiveSocketEmit): void {
  if (emit[0] === 'order:watch') socket.emit(...emit);
  else socket.emit(...emit);
}

export type SocketFactory = () => LiveSocket;

export type LiveMode = 'connecting' | 'live' | 'polling';
