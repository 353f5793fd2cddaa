import { defineConfig } from 'drizzle-kit';

/** The PostgreSQL store's migrations (the SQLite store's: drizzle.config.ts). */
export default defineConfig({
  dialect: 'postgresql',
  schema: './db/postgres/schema.ts',
  out: './db/postgres/migrations',
});
