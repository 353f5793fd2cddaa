import { defineConfig } from 'vitest/config';

/** Server tests start real nodes (in-process or as processes) on real databases. */
const SERVER_TESTS = { environment: 'node', testTimeout: 30_000, hookTimeout: 60_000 } as const;

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
        // Every server test, the harness's nodes on SQLite (test/support/test-store.ts).
        test: {
          ...SERVER_TESTS,
          name: 'server',
          env: { TEST_STORE: 'sqlite' },
          include: ['test/**/*.test.ts'],
          exclude: ['test/e2e/**'],
        },
      },
      {
        // The suites whose nodes run on the harness's store, again on PostgreSQL (a throw-away
        // database per node or per file). test/unit and test/db test no node (store-contract and
        // postgres-races run both stores themselves), test/deploy is PostgreSQL-only already, and
        // startup.test.ts and event-bus.test.ts start no node on the harness's store.
        test: {
          ...SERVER_TESTS,
          name: 'server-postgres',
          env: { TEST_STORE: 'postgres' },
          include: [
            'test/api/**/*.test.ts',
            'test/realtime/**/*.test.ts',
            'test/crash/**/*.test.ts',
            'test/web-serving/**/*.test.ts',
            // The event log seen through the API (a node of the harness, unlike the rest of test/db).
            'test/db/event-log.test.ts',
          ],
          exclude: ['test/api/startup.test.ts', 'test/realtime/event-bus.test.ts'],
        },
      },
    ],
  },
});
