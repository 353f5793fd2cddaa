import type { Plugin, ProxyOptions } from 'vite';
import solid from 'vite-plugin-solid';
import { defineConfig } from 'vitest/config';
import { SERVER_PATH_PREFIXES } from './server/contract/server-paths.js';

const API_ORIGIN = process.env.API_ORIGIN ?? 'http://localhost:3000';

/**
 * Every path the server answers goes to it. A key starting with `^` is a RegExp to Vite, which
 * lets each prefix end where isServerPath says it does (`/api` and `/api/…`, not `/apiary`).
 * changeOrigin: false keeps the browser's Host header: the server only accepts unsafe requests
 * and socket handshakes whose Origin matches its own scheme + Host.
 */
function serverPathProxy(): Record<string, ProxyOptions> {
  const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return Object.fromEntries(
    SERVER_PATH_PREFIXES.map((prefix) => [
      `^${escape(prefix)}(?:[/?]|$)`,
      { target: API_ORIGIN, changeOrigin: false, ws: prefix === '/socket.io' },
    ]),
  );
}

/**
 * The app's sockets are WebSocket-only (web/src/live/app-socket.ts, and the server accepts no
 * other transport), so engine.io-client's table of transports keeps only WebSocket: its polling
 * and WebTransport code (≈ 2 kB gzipped) would otherwise ship with it.
 */
function webSocketOnlyEngine(): Plugin {
  return {
    name: 'orderpulse:websocket-only-engine',
    apply: 'build',
    load(id) {
      if (!id.replace(/\\/g, '/').endsWith('/engine.io-client/build/esm/transports/index.js')) return null;
      return 'import { WS } from "./websocket.node.js";\nexport const transports = { websocket: WS };\n';
    },
  };
}

export default defineConfig(({ mode }) => ({
  root: 'web',
  publicDir: 'public',
  plugins: [solid(), webSocketOnlyEngine()],
  build: {
    outDir: '../dist/web',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
    rolldownOptions: {
      output: {
        codeSplitting: {
          groups: [
            {
              // socket.io-client and its parts, alone: web/src/live/app-socket.ts imports it once a
              // page goes live, after the page has painted, so it must not join a chunk the page needs.
              name: 'socket-io',
              test: /[\\/]node_modules[\\/](socket\.io-client|engine\.io-client|socket\.io-parser|engine\.io-parser|@socket\.io[\\/]component-emitter)[\\/]/,
            },
            {
              // One chunk for what only the live order pages use: the live client and the order
              // views' parts. Split by the bundler's default they were a dozen sub-kilobyte files, each
              // compressed on its own (≈ 1 kB more gzipped on the order confirmation page). Their
              // other imports (Solid, the API client) stay where they are.
              name: 'live',
              test: /[\\/]web[\\/]src[\\/](live[\\/]|api[\\/]returns-api\.ts|components[\\/](OrderProgressTracker|ShipmentLine|OrderHistoryList|OrderItemsTable|OrderFacts|OrderReturn|ReturnRequestForm|NotifyMe|LiveIndicator)\.tsx)/,
              includeDependenciesRecursively: false,
            },
          ],
        },
      },
      // The XHR polling transport registers an unload listener when loaded; nothing uses it
      // (see webSocketOnlyEngine), so it may be left out.
      treeshake: { moduleSideEffects: (id) => (/engine\.io-client[\\/]build[\\/]esm[\\/]transports[\\/]polling-xhr\.js$/.test(id) ? false : undefined) },
    },
  },
  server: {
    proxy: serverPathProxy(),
  },
  resolve: {
    // Solid resolves to its server build under Node; tests must render the browser build.
    // Only in test mode: a production bundle must not pick Solid's development build.
    conditions: mode === 'test' ? ['development', 'browser'] : undefined,
  },
  test: {
    name: 'web',
    environment: 'jsdom',
    include: ['**/*.test.{ts,tsx}'],
    setupFiles: ['./src/test-setup.ts'],
    restoreMocks: true,
  },
}));
