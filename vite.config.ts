import type { ProxyOptions } from 'vite';
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

export default defineConfig(({ mode }) => ({
  root: 'web',
  publicDir: 'public',
  plugins: [solid()],
  build: {
    outDir: '../dist/web',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
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
