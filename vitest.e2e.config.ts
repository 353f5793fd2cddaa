import { defineConfig } from 'vitest/config';

// Browser tests: a real node serving the built web app, driven in Debian's Chromium.
export default defineConfig({
  test: {
    name: 'e2e',
    environment: 'node',
    include: ['test/e2e/**/*.e2e.ts'],
    globalSetup: ['test/e2e/support/build-web.ts'],
    testTimeout: 90_000,
    hookTimeout: 120_000,
    // One Chromium at a time on two cores.
    fileParallelism: false,
  },
});
