import { defineConfig } from 'vitest/config';
import solid from 'vite-plugin-solid';

const API_ORIGIN = process.env.API_ORIGIN ?? 'http://localhost:3000';
// Keep the browser's Host header: the server only accepts unsafe requests and socket
// handshakes whose Origin matches its own scheme + Host (Vite's string shorthand rewrites it).
const toApi = { target: API_ORIGIN, changeOrigin: false };

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
    proxy: {
      '/api': toApi,
      '/seller/update-order-status': toApi,
      '/healthz': toApi,
      '/images': toApi,
      '/socket.io': { ...toApi, ws: true },
    },
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
