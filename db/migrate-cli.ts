/** `npm run db:migrate`: apply pending migrations to DATABASE_URL (start-up does it too). */
import { loadConfig } from '../server/config.js';
import { openDatabase } from './sqlite.js';

const config = loadConfig();
const handle = openDatabase(config.databaseUrl);
handle.close();
console.log(`migrations applied to ${config.databaseUrl}`);
