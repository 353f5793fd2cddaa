/**
 * Keeps a page in sync whatever the socket does: push while connected, a resync on every
 * (re)connect, polling every 30 s while the socket is down, and one resync when the tab is
 * shown again. Knows nothing about orders; order-live and room-feed build on it.
 */
import type { LiveMode, LiveSocket } from './live-socket.js';
import { documentVisibility, type VisibilitySource } from './visibility.js';

export const DEFAULT_POLL_INTERVAL_MS = 30_000;
/** How long a first handshake may take before the page admits it is polling. */
export const DEFAULT_CONNECT_GRACE_MS = 5_000;

export interface SupervisorOptions {
  socket: LiveSocket;
  /** Called on every connect, the first one included: events may have been missed before it. */
  onConnect: () => void;
  /** Fetch the current state over HTTP. */
  onResync: () => void;
  onModeChange: (mode: LiveMode) => void;
  onConnectError?: (error: Error) => void;
  pollIntervalMs?: number;
  connectGraceMs?: number;
  visibility?: VisibilitySource;
}

export interface ConnectionSupervisor {
  mode(): LiveMode;
  stop(): void;
}

export function superviseConnection(options: SupervisorOptions): ConnectionSupervisor {
  const { socket } = options;
  const pollIntervalMs = options.pollIntervalMs ?? DEFAULT_POLL_INTERVAL_MS;
  const visibility = options.visibility ?? documentVisibility;
  let mode: LiveMode = socket.connected ? 'live' : 'connecting';
  let pollTimer: ReturnType<typeof setInterval> | undefined;
  let graceTimer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;

  const setMode = (next: LiveMode) => {
    if (next === mode) return;
    mode = next;
    options.onModeChange(next);
  };

  const pollTick = () => {
    options.onResync();
    // socket.io-client stops retrying after a refused handshake or a server-side kick;
    // keep offering it a new attempt at the polling pace.
    if (!socket.connected && !socket.active) socket.connect();
  };

  const startPolling = () => {
    if (pollTimer === undefined) pollTimer = setInterval(pollTick, pollIntervalMs);
  };

  const stopPolling = () => {
    if (pollTimer !== undefined) clearInterval(pollTimer);
    pollTimer = undefined;
  };

  const handleConnect = () => {
    clearTimeout(graceTimer);
    stopPolling();
    setMode('live');
    options.onConnect();
  };

  const handleDisconnect = () => {
    if (stopped) return;
    setMode('polling');
    startPolling();
  };

  const handleConnectError = (error: Error) => {
    setMode('polling');
    startPolling();
    options.onConnectError?.(error);
  };

  const handleVisibility = () => {
    if (visibility.isVisible()) options.onResync();
  };

  socket.on('connect', handleConnect);
  socket.on('disconnect', handleDisconnect);
  socket.on('connect_error', handleConnectError);
  const stopWatchingVisibility = visibility.onChange(handleVisibility);

  // A handshake that hangs without failing (socket.io waits 20 s before calling it an
  // error) must not leave the page stale, nor claim to be connecting all that time.
  if (socket.connected) {
    options.onConnect();
  } else {
    startPolling();
    graceTimer = setTimeout(() => {
      if (!socket.connected) setMode('polling');
    }, options.connectGraceMs ?? DEFAULT_CONNECT_GRACE_MS);
  }

  return {
    mode: () => mode,
    stop() {
      stopped = true;
      clearTimeout(graceTimer);
      stopPolling();
      stopWatchingVisibility();
      socket.off('connect', handleConnect);
      socket.off('disconnect', handleDisconnect);
      socket.off('connect_error', handleConnectError);
      socket.disconnect();
    },
  };
}
