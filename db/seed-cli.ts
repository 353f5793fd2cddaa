/**
 * `npm run db:seed`: demo data into an empty DATABASE_URL, or the rest of a seed interrupted
 * part-way; a database with anyone else's accounts is left alone (see db/seed.ts).
 */
import pino from 'pino';
import { loadConfig } from '../server/config.js';
import { createServices } from '../server/composition.js';
import { InMemoryEventBus } from '../server/infra/in-memory-event-bus.js';
import { openStore } from './open-store.js';
import { demoLoginsText, ensureDemoData, type DemoSeedOutcome } from './seed.js';

const SAYS: Record<DemoSeedOutcome['kind'], string> = {
  seeded: 'seeded demo data into',
  completed: 'completed the interrupted demo seed of',
  'seeded-before': 'demo data was seeded before into',
  'left-alone': 'nothing seeded: accounts of its own in',
};

const config = loadConfig();
const store = await openStore(config.databaseUrl, { logger: pino({ level: config.logLevel }) });
try {
  const bus = new InMemoryEventBus();
  const seed = await ensureDemoData(store, createServices(store.repositories, config, bus), bus);
  console.log(`${SAYS[seed.kind]} ${config.databaseUrl}`);
  if (seed.logins.length > 0) console.log(demoLoginsText(seed.logins));
} finally {
  await store.close();
}
