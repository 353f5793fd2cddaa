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
        // The first test of a page file also loads its lazily imported modules: slow on a busy machine.
        test: { name: 'web', testTimeout: 20_000 },
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
