/**
 * What `npm run reindex` and `npm run index:check` share: open the configured database
 * (PGlite under its DATA_DIR/db.lock, or PostgreSQL), apply migrations, build the app's
 * services (so the configured SearchIndex is the one the server uses), run, close.
 */
import { buildApp, type Services } from '../app.js';
import { ConfigError, loadConfig } from '../config.js';
import { DataDirLockedError } from '../platform/db/data-dir-lock.js';
import { migrateToLatest } from '../platform/db/migrator.js';
import { embeddedPaths, openConfiguredDatabase } from '../platform/db/open.js';

/** Runs `task` with the services; prints errors and sets the exit code. Returns the exit code. */
export async function runWithServices(name: string, task: (services: Services) => Promise<number>): Promise<number> {
  try {
    const config = loadConfig();
    const database = await openConfiguredDatabase(config, 'cli');
    try {
      await migrateToLatest(database.db);
      const { app, services } = await buildApp({ config, db: database.db, logger: false });
      try {
        return await task(services);
      } finally {
        await app.close();
      }
    } finally {
      await database.close();
    }
  } catch (err) {
    if (err instanceof DataDirLockedError) {
      const config = loadConfig();
      process.stderr.write(`${name}: ${err.message} (${embeddedPaths(config).lockFile}); stop the server first, or use PostgreSQL (DATABASE_URL).\n`);
    } else if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
    } else {
      process.stderr.write(`${name}: ${(err as Error).message}\n`);
    }
    return 1;
  }
}
