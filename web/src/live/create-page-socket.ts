/** One socket for the live views of a page, closed when the page (the calling owner) goes. */
import { onCleanup } from 'solid-js';
import { createAppSocket } from './app-socket.js';
import type { SocketFactory } from './live-socket.js';
import { shareSocket } from './shared-socket.js';

/** Hand the result to each view as its `createSocket`: every view gets a share of one connection. */
export function createPageSocket(createSocket: SocketFactory = createAppSocket): SocketFactory {
  const shared = shareSocket(createSocket);
  onCleanup(shared.close);
  return shared.share;
}
