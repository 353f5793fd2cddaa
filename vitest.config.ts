import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Server test files start their own servers and databases; two cores, so keep it modest.
    maxWorkers: 2,
    projects: [
      {
        // The web app's own config (Solid plugin, jsdom, setup file), rooted in web/ as it is for Vite.
        extends: './vite.config.ts',
        root: './web',
        test: { name: 'web' },
      },
      {
        test: {
          name: 'server',
          environment: 'node',
          include: ['test/**/*.test.ts'],
          exclude: ['test/e2e/**'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
