/** Opens the store DATABASE_URL names (see storeLocation); each store loads only its own driver. */
import { storeLocation, type Store } from './store.js';

export interface OpenStoreOptions {
  logger: { info(o: object, m?: string): void; warn(o: object, m?: string): void; error(o: object, m?: string): void };
}

export async function openStore(url: string, { logger }: OpenStoreOptions): Promise<Store> {
  const location = storeLocation(url);
  switch (location.kind) {
    case 'sqlite': {
      const { openSqliteStore } = await import('./sqlite/sqlite-store.js');
      return openSqliteStore(location.path, {
        onBackgroundError: (err) => logger.error({ err }, 'background WAL checkpoints stopped; the connection checkpoints by itself again'),
      });
    }
    case 'postgres': {
      const { openPostgresStore } = await import('./postgres/postgres-store.js');
      return openPostgresStore(location.url, { logger });
    }
  }
}
