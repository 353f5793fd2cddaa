/** `npm run db:seed`: demo data into an empty DATABASE_URL; a database with users is left alone. */
import { loadConfig } from '../server/config.js';
import { createServices } from '../server/composition.js';
import { InMemoryEventBus } from '../server/infra/in-memory-event-bus.js';
import { demoLoginsText, isDatabaseEmpty, seedDemoData } from './seed.js';
import { openDatabase } from './sqlite.js';

const config = loadConfig();
const handle = openDatabase(config.databaseUrl);
try {
  if (!isDatabaseEmpty(handle)) {
    console.log(`${config.databaseUrl} already has data; nothing seeded`);
  } else {
    const bus = new InMemoryEventBus();
    await seedDemoData(handle, createServices(handle, config, bus), bus);
    console.log(`seeded demo data into ${config.databaseUrl}\n${demoLoginsText()}`);
  }
} finally {
  handle.close();
}
