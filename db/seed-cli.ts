/** `npm run db:seed`: demo data into an empty DATABASE_URL; a database with accounts is left alone. */
import pino from 'pino';
import { loadConfig } from '../server/config.js';
import { createServices } from '../server/composition.js';
import { InMemoryEventBus } from '../server/infra/in-memory-event-bus.js';
import { openStore } from './open-store.js';
import { demoLoginsText, seedDemoData } from './seed.js';

const config = loadConfig();
const store = await openStore(config.databaseUrl, { logger: pino({ level: config.logLevel }) });
try {
  if (!(await store.isEmpty())) {
    console.log(`${config.databaseUrl} already has data; nothing seeded`);
  } else {
    const bus = new InMemoryEventBus();
    await seedDemoData(store.repositories.orders, createServices(store.repositories, config, bus), bus);
    console.log(`seeded demo data into ${config.databaseUrl}\n${demoLoginsText()}`);
  }
} finally {
  await store.close();
}
