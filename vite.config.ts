import { defineConfig } from 'vitest/config';
import solid from 'vite-plugin-solid';

const API_ORIGIN = process.env.API_ORIGIN ?? 'http://localhost:3000';

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
      '/api': API_ORIGIN,
      '/seller/update-order-status': API_ORIGIN,
      '/healthz': API_ORIGIN,
      '/images': API_ORIGIN,
      '/socket.io': { target: API_ORIGIN, ws: true },
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
