import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      './vite.config.ts',
      {
        test: {
          name: 'server',
          environment: 'node',
          include: ['test/**/*.test.ts'],
          exclude: ['test/e2e/**'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
          // Each file starts its own servers and databases; two cores, so keep it modest.
          maxWorkers: 2,
        },
      },
    ],
  },
});
