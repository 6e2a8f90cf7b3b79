/** `npm run migrate`: applies pending migrations to the configured database. */
import { ConfigError, loadConfig } from '../config.js';
import { DataDirLockedError } from '../platform/db/data-dir-lock.js';
import { migrateToLatest } from '../platform/db/migrator.js';
import { openConfiguredDatabase } from '../platform/db/open.js';

try {
  const database = await openConfiguredDatabase(loadConfig(), 'cli');
  try {
    const results = await migrateToLatest(database.db);
    for (const r of results) process.stdout.write(`${r.migrationName}: ${r.status}\n`);
    if (results.length === 0) process.stdout.write('up to date\n');
  } finally {
    await database.close();
  }
} catch (err) {
  if (err instanceof DataDirLockedError) {
    process.stderr.write(`migrate: ${err.message}; a running server applies migrations when it starts.\n`);
  } else if (err instanceof ConfigError) {
    process.stderr.write(`${err.message}\n`);
  } else {
    process.stderr.write(`migrate: ${(err as Error).message}\n`);
  }
  process.exit(1);
}
