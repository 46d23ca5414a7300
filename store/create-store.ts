/**
 * Picks the Store named in config: `sqlite` (the embedded default, one file in the data folder) or `memory`.
 */
import path from 'node:path';
import type { STORES } from '../common/config/schema.js';
import { MemoryStore } from './memory/memory-store.js';
import { SqliteStore } from './sqlite/sqlite-store.js';
import type { Store } from './store.js';

export function createStore(config: { store: (typeof STORES)[number]; dataDir: string }): Store {
  switch (config.store) {
    case 'sqlite':
      return new SqliteStore({ file: path.join(config.dataDir, 'openwhisk.db') });
    case 'memory':
      return new MemoryStore();
    default: {
      const unknown: never = config.store;
      throw new Error(`unknown store "${String(unknown)}"`);
    }
  }
}
