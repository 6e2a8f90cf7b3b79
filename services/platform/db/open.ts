import path from 'node:path';
import type { Config } from '../../config.js';
import { acquireLock, type DataDirLock, type LockOwner } from './data-dir-lock.js';
import { openPGlite, openPostgres, type DatabaseHandle } from './kysely.js';

export interface OpenedDatabase extends DatabaseHandle {
  /** Held while the embedded database is open (absent for PostgreSQL). */
  readonly lock?: DataDirLock;
}

export function embeddedPaths(config: Config) {
  return { dataDir: path.join(config.dataDir, 'db'), lockFile: path.join(config.dataDir, 'db.lock'), adminSocket: path.join(config.dataDir, 'admin.sock') };
}

/**
 * Opens the configured database: PostgreSQL when DATABASE_URL is set, else the
 * embedded PGlite under DATA_DIR/db after taking its lock (throws DataDirLockedError
 * naming the process that holds it).
 */
export async function openConfiguredDatabase(config: Config, kind: LockOwner['kind']): Promise<OpenedDatabase> {
  if (config.databaseUrl) return openPostgres({ connectionString: config.databaseUrl });
  const paths = embeddedPaths(config);
  const fs = await import('node:fs/promises');
  await fs.mkdir(config.dataDir, { recursive: true });
  const lock = await acquireLock(paths.lockFile, { kind });
  try {
    const handle = await openPGlite(paths.dataDir);
    return {
      ...handle,
      lock,
      close: async () => {
        await handle.close();
        await lock.release();
      },
    };
  } catch (err) {
    await lock.release();
    throw err;
  }
}
