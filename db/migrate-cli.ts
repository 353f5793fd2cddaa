/** `npm run db:migrate`: apply pending migrations to DATABASE_URL (start-up does it too). */
import pino from 'pino';
import { loadConfig } from '../server/config.js';
import { openStore } from './open-store.js';

const config = loadConfig();
const store = await openStore(config.databaseUrl, { logger: pino({ level: config.logLevel }) });
await store.close();
console.log(`migrations applied to ${config.databaseUrl}`);
