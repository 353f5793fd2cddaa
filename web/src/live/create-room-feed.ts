/** Solid wrapper over startRoomFeed: the connection mode as a signal, stopped with its owner. */
import { createSignal, onCleanup, type Accessor } from 'solid-js';
import { createAppSocket } from './app-socket.js';
import type { LiveMode } from './live-socket.js';
import { startRoomFeed, type RoomFeedOptions } from './room-feed.js';

export function createRoomFeed(options: Omit<RoomFeedOptions, 'createSocket'> & Partial<Pick<RoomFeedOptions, 'createSocket'>>): Accessor<LiveMode> {
  const feed = startRoomFeed({ createSocket: createAppSocket, ...options });
  const [mode, setMode] = createSignal(feed.getMode());
  const unsubscribe = feed.subscribe((state) => setMode(state.mode));
  onCleanup(() => {
    unsubscribe();
    feed.stop();
  });
  return mode;
}
